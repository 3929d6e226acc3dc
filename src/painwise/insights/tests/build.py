"""Small diaries for the helps tests: check-ins and entries written straight to the tables (fast)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

import numpy as np

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.therapies.models import TherapyEntry


def past_days(user: User, count: int) -> list[dt.date]:
    """The ``count`` calendar days ending today in the person's time zone, oldest first."""
    today = local_today(user)
    return [today - dt.timedelta(days=count - 1 - i) for i in range(count)]


def log_checkins(user: User, days: Iterable[dt.date], *, seed: int = 1, effect_of: dict[dt.date, float] | None = None,
                 ) -> list[CheckIn]:
    """A check-in per day with noisy average pain around 5 (0–10), lowered by ``effect_of[day]`` points."""
    rng = np.random.default_rng(seed)
    effects = effect_of or {}
    rows = []
    for day in days:
        pain = int(np.clip(round(5 + rng.normal(0, 1.2) + effects.get(day, 0.0)), 0, 10))
        rows.append(CheckIn(user=user, day=day, pain_average=pain, pain_worst=min(10, pain + 2),
                            mood=int(rng.integers(3, 8)), sleep_quality=int(rng.integers(3, 8))))
    return CheckIn.objects.bulk_create(rows)


def log_uses(user: User, days: Iterable[dt.date], *, modality: str = "heat_cold", minutes: int | None = 20,
             amount: float | None = None, unit: str = "", medication: Any = None, factor: Any = None) -> None:
    """One entry per day at noon UTC: minutes for timed modalities, or an amount with unit."""
    rows = [
        TherapyEntry(user=user, day=day, modality=modality, medication=medication, factor=factor,
                     taken_at=dt.datetime.combine(day, dt.time(12), tzinfo=zoneinfo.ZoneInfo("UTC")),
                     duration_minutes=minutes, amount=amount, unit=unit)
        for day in days
    ]
    TherapyEntry.objects.bulk_create(rows)


def diary_with_a_helpful_factor(user: User, *, days: int = 120, effect: float = -2.0, seed: int = 3) -> None:
    """``days`` of check-ins where heat on alternate-ish days lowers that day's average pain by ``effect``."""
    rng = np.random.default_rng(seed)
    calendar = past_days(user, days)
    heat_days = [d for d in calendar if rng.random() < 0.45]
    log_checkins(user, calendar, seed=seed, effect_of=dict.fromkeys(heat_days, effect))
    log_uses(user, heat_days)
