"""The home panel's one read of the kratom and alcohol entries finds what the two separate reads found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from painwise.core.fields import blind_lookup
from painwise.core.types import User
from painwise.substances import interactions, services
from painwise.testing import make_entry, make_medication
from painwise.therapies.models import TherapyEntry

SYMPTOMS = (
    "diarrhoea",
    "hot_flushes",
    "insomnia",
    "irritability",
    "low_mood",
    "muscle_aches",
    "restlessness",
    "runny_nose_eyes",
)


def separately(user: User) -> services.HomeConcerns:
    """What the home panel computed before: every warning, then the kratom signals if any kratom was ever logged."""
    serious = [w for w in services.interaction_warnings(user=user) if w.severity == "serious"]
    ever = TherapyEntry.objects.filter(user=user, **blind_lookup(TherapyEntry, user, modality=services.KRATOM))
    return services.HomeConcerns(serious=serious, signals=services.kratom_signals(user=user) if ever.exists() else [])


def kratom(user: User, *, days_ago: float, grams: float = 2, form: str = "leaf_powder") -> None:
    make_entry(
        user,
        modality="kratom",
        amount=grams,
        unit="g",
        details={"form": form, "reason": "pain"},
        taken_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def alcohol(user: User, *, days_ago: float) -> None:
    make_entry(user, modality="alcohol", amount=2, unit="drinks", taken_at=timezone.now() - dt.timedelta(days=days_ago))


def test_nothing_logged_gives_nothing(alice: User) -> None:
    make_medication(alice, "Ibuprofen")
    assert services.home_concerns(user=alice) == separately(alice) == services.HomeConcerns(serious=[], signals=[])


def test_daily_kratom_with_a_serious_medication_pair_and_withdrawal_checks(alice: User) -> None:
    make_medication(alice, "Oxycodone")
    for ago in range(14):
        kratom(alice, days_ago=ago, grams=2 + ago / 4)
    services.record_withdrawal_check(user=alice, answers=dict.fromkeys(SYMPTOMS, 2))
    found = services.home_concerns(user=alice)
    assert found.serious
    assert found.signals
    assert found == separately(alice)


def test_kratom_only_long_ago_still_counts_as_logged(alice: User) -> None:
    kratom(alice, days_ago=200)  # outside both the recent window and the 12 weeks of doses
    for ago in (20, 10, 1):
        services.record_withdrawal_check(
            user=alice,
            answers=dict.fromkeys(SYMPTOMS, 3 - ago // 10),
            day=timezone.localdate() - dt.timedelta(days=ago),
        )
    assert services.home_concerns(user=alice) == separately(alice)


@pytest.mark.parametrize("days_ago", [0.5, "edge-inside", "edge-outside", 40])
def test_alcohol_in_and_just_outside_the_recent_window(alice: User, days_ago: float | str) -> None:
    window = interactions.table().recent_log_days
    ago = {"edge-inside": window - 0.01, "edge-outside": window + 0.01}.get(str(days_ago), days_ago)
    make_medication(alice, "Oxycodone")
    alcohol(alice, days_ago=float(ago))
    kratom(alice, days_ago=float(ago) + 1)
    found = services.home_concerns(user=alice)
    assert found == separately(alice)
    assert bool(found.serious) == (float(ago) < window)
