"""The adapter from check-ins and entries to the engine's calendar: unknown vs not used, amounts, slugs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from painwise.core.types import User
from painwise.insights.diary import DayRecord, UseRecord, build_diary
from painwise.insights.services import diary_arrays_for
from painwise.insights.tests.build import log_checkins, log_uses, past_days
from painwise.testing import make_checkin, make_entry, make_medication

D1, D2, D3 = dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)


def day(when: dt.date, pain: float | None = 5) -> DayRecord:
    return DayRecord(day=when, values={"pain_average": pain})


def test_a_day_without_check_in_is_unknown_and_a_checked_in_day_without_use_is_not_used() -> None:
    diary, _ = build_diary([day(D1), day(D3)], [UseRecord(D1, "heat_cold", "Heat", duration_minutes=20)])
    assert diary is not None
    heat = diary.exposures["heat_cold"]
    assert heat[0] == 20
    assert np.isnan(heat[1])
    assert heat[2] == 0
    assert list(diary.logged) == [True, False, True]


def test_an_entry_on_a_day_without_check_in_still_counts_as_used() -> None:
    diary, _ = build_diary([day(D1), day(D3)], [UseRecord(D2, "heat_cold", "Heat", duration_minutes=15)])
    assert diary is not None
    assert diary.exposures["heat_cold"][1] == 15
    assert np.isnan(diary.outcomes["pain_average"][1])


def test_amounts_of_one_day_are_summed_and_yes_no_entries_count_as_one() -> None:
    uses = [
        UseRecord(D1, "kratom", "Kratom", amount=2.0, unit="g"),
        UseRecord(D1, "kratom", "Kratom", amount=1.5, unit="g"),
        UseRecord(D1, "sleep_practice", "Sleep practice"),
    ]
    diary, factors = build_diary([day(D1), day(D2)], uses)
    assert diary is not None
    assert diary.exposures["kratom"][0] == 3.5
    assert diary.exposures["sleep_practice"][0] == 1.0
    assert factors["sleep_practice"].kind == "binary"


def test_grams_and_milligrams_of_one_factor_are_added_in_milligrams() -> None:
    uses = [UseRecord(D1, "kratom", "Kratom", amount=2.0, unit="g"),
            UseRecord(D2, "kratom", "Kratom", amount=500.0, unit="mg")]
    diary, factors = build_diary([day(D1), day(D2)], uses)
    assert diary is not None
    assert list(diary.exposures["kratom"]) == [2000.0, 500.0]
    assert factors["kratom"].kind == "dose"


def test_the_same_amount_every_time_is_a_yes_no_factor_and_varying_amounts_a_dose() -> None:
    same = [UseRecord(d, "medication:Ibuprofen", "Ibuprofen", amount=400, unit="mg") for d in (D1, D3)]
    varying = [UseRecord(D1, "exercise", "Exercise", duration_minutes=20),
               UseRecord(D3, "exercise", "Exercise", duration_minutes=45)]
    _, factors = build_diary([day(D1), day(D2), day(D3)], same + varying)
    assert factors["medication:Ibuprofen"].kind == "binary"
    assert factors["exercise"].kind == "dose"


def test_no_check_in_at_all_gives_no_diary() -> None:
    assert build_diary([], [UseRecord(D1, "heat_cold", "Heat")]) == (None, {})


@pytest.mark.django_db
def test_the_database_diary_uses_medication_and_own_factor_slugs_and_names(alice: User) -> None:
    from painwise.therapies.models import CustomFactor

    calendar = past_days(alice, 3)
    log_checkins(alice, calendar)
    ibuprofen = make_medication(alice, "Ibuprofen")
    walk = CustomFactor.objects.create(user=alice, name="Walk with the dog", kind="yes_no")
    log_uses(alice, calendar[:1], modality="medication", minutes=None, amount=400, unit="mg", medication=ibuprofen)
    log_uses(alice, calendar[1:2], modality="custom", minutes=None, amount=1, unit="yes", factor=walk)
    log_uses(alice, calendar[2:], modality="pelvic_floor_relaxation", minutes=10)
    diary, factors = diary_arrays_for(user=alice)
    assert diary is not None
    assert set(factors) == {"medication:Ibuprofen", "custom:Walk with the dog", "pelvic_floor_relaxation"}
    assert factors["medication:Ibuprofen"].label == "Ibuprofen"
    assert factors["custom:Walk with the dog"].label == "Walk with the dog"
    assert factors["pelvic_floor_relaxation"].label == "Pelvic-floor relaxation (down-training)"
    assert list(diary.exposures["medication:Ibuprofen"]) == [400.0, 0.0, 0.0]


@pytest.mark.django_db
def test_the_database_diary_keeps_peg_and_leaves_out_unanswered_outcomes(alice: User) -> None:
    today = past_days(alice, 1)[0]
    make_checkin(alice, day=today, pain_average=6, peg_enjoyment=3, peg_activity=3)
    make_entry(alice, taken_at=dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC))
    diary, _ = diary_arrays_for(user=alice)
    assert diary is not None
    assert diary.outcomes["peg"][0] == 4.0
    assert "stress" not in diary.outcomes
    assert diary.exposures["heat_cold"][0] == 20
