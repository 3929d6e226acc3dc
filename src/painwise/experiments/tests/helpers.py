"""Shared test helpers: a started experiment whose days are written as check-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.models import Experiment
from painwise.testing import make_checkin

HEAT = {"label_a": "heat pack", "label_b": "no heat pack", "kind": "days", "days": 28, "mcid": 1.0}


def started(user: User, *, days_ago: int = 0, values: dict[str, Any] | None = None) -> Experiment:
    """An experiment designed and started ``days_ago`` days before today (in the person's time zone)."""
    from painwise.accounts.services import local_today

    experiment = services.design_experiment(user=user, values={**HEAT, **(values or {})})
    return services.start_experiment(experiment=experiment, start=local_today(user) - dt.timedelta(days=days_ago))


def write_days(experiment: Experiment, *, effect: float, upto: int | None = None, seed: int = 1) -> None:
    """Average pain for each planned day: 6 on B days, 6 + effect on A days, plus noise, rounded 0-10."""
    rng = np.random.default_rng(seed)
    assert experiment.start_date is not None
    for day in services.frozen_schedule(experiment)[:upto]:
        value = 6 + (effect if day.condition == "A" else 0) + rng.normal(0, 0.7)
        make_checkin(experiment.user, day=experiment.start_date + dt.timedelta(days=day.index),
                     pain_average=int(np.clip(round(value), 0, 10)), pain_worst=7)
