"""Dependence signals on synthetic kratom logs with known patterns, and no false alarms on occasional use."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from painwise.substances.dependence import (
    current_streak,
    daily_use_streak,
    dependence_signals,
    describe,
    rising_average_dose,
    shortening_intervals,
    withdrawal_relief_dosing,
    withdrawal_symptoms_rising,
)
from painwise.substances.kratom import Dose
from painwise.substances.withdrawal import AnswerError, CheckResult, content, score_check

TODAY = dt.date(2026, 11, 21)


def moment(days_ago: int, hour: float) -> dt.datetime:
    start = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(0), tzinfo=dt.UTC)
    return start + dt.timedelta(hours=hour)


def escalating_log(days: int = 42) -> list[Dose]:
    """Six weeks of daily use: 2 g once a day rising to 8 g over three doses, ending in withdrawal relief."""
    doses = []
    for days_ago in range(days - 1, -1, -1):
        progress = (days - 1 - days_ago) / (days - 1)
        per_day = 1 + round(progress * 2)
        amount = (2 + 6 * progress) / per_day
        for n in range(per_day):
            reason = "withdrawal_relief" if days_ago < 5 and n == 0 else "pain"
            doses.append(Dose(taken_at=moment(days_ago, 8 + n * 6), amount=amount, form="leaf_powder", reason=reason))
    return doses


def occasional_log(rng: random.Random, *, days: int = 60, chance: float = 0.1) -> list[Dose]:
    """Use on roughly three days a month, 1-4 g, at any time of day, for pain, energy or other reasons."""
    return [
        Dose(
            taken_at=moment(days_ago, rng.uniform(7, 23)),
            amount=rng.uniform(1, 4),
            form=rng.choice(["leaf_powder", "capsule"]),
            reason=rng.choice(["pain", "energy", "other"]),
        )
        for days_ago in range(days)
        if rng.random() < chance
    ]


def test_an_escalating_daily_log_raises_every_log_based_signal() -> None:
    keys = {s.key for s in dependence_signals(escalating_log(), today=TODAY)}
    assert keys == {"rising_dose", "daily_streak", "shortening_intervals", "withdrawal_relief"}


def test_rising_dose_reports_both_averages_in_grams() -> None:
    signal = rising_average_dose(escalating_log(), today=TODAY)
    assert signal is not None
    assert signal.figures["recent_average_per_day"] > 1.25 * signal.figures["earlier_average_per_day"]
    assert signal.figures["unit_is_grams"] == 1.0


def test_the_streak_counts_today_or_up_to_yesterday() -> None:
    doses = [Dose(taken_at=moment(d, 9), amount=2, form="leaf_powder") for d in range(1, 10)]
    assert current_streak(doses, today=TODAY) == 9
    assert daily_use_streak(doses, today=TODAY) is not None
    assert current_streak(doses[:3], today=TODAY + dt.timedelta(days=3)) == 0


def test_six_days_in_a_row_is_not_yet_a_streak_signal() -> None:
    doses = [Dose(taken_at=moment(d, 9), amount=2, form="leaf_powder") for d in range(6)]
    assert daily_use_streak(doses, today=TODAY) is None


def test_steady_daily_use_without_escalation_does_not_raise_rising_dose_or_shortening() -> None:
    rng = random.Random(7)
    doses = [
        Dose(taken_at=moment(d, rng.uniform(8, 10)), amount=rng.uniform(2.5, 3.5), form="leaf_powder")
        for d in range(42)
    ]
    keys = {s.key for s in dependence_signals(doses, today=TODAY)}
    assert keys == {"daily_streak"}


def test_shortening_intervals_compares_earlier_and_recent_gaps_in_hours() -> None:
    early = [moment(27 - 2 * i, 9) for i in range(7)]  # every 48 h
    late = [moment(13, 9) + dt.timedelta(hours=12 * i) for i in range(20)]  # every 12 h
    doses = [Dose(taken_at=t, amount=2, form="leaf_powder") for t in [*early, *late]]
    signal = shortening_intervals(doses, today=TODAY)
    assert signal is not None
    assert signal.figures["recent_mean_hours"] == 12.0
    assert signal.figures["earlier_mean_hours"] > 24


def test_one_dose_for_withdrawal_relief_is_enough_to_mention_it_kindly() -> None:
    doses = [Dose(taken_at=moment(3, 9), amount=2, form="leaf_powder", reason="withdrawal_relief")]
    signal = withdrawal_relief_dosing(doses, today=TODAY)
    assert signal is not None
    assert "not a personal failing" in signal.explanation


def test_rising_withdrawal_check_scores_raise_the_symptom_signal() -> None:
    checks = [CheckResult(day=TODAY - dt.timedelta(days=d), total=t) for d, t in [(21, 2), (14, 5), (7, 8), (0, 11)]]
    signal = withdrawal_symptoms_rising(checks, today=TODAY)
    assert signal is not None
    assert signal.figures["points_per_week"] == pytest.approx(3.0)


def test_falling_or_flat_withdrawal_scores_raise_nothing() -> None:
    falling = [CheckResult(day=TODAY - dt.timedelta(days=d), total=t) for d, t in [(21, 9), (14, 7), (7, 4), (0, 2)]]
    flat_low = [CheckResult(day=TODAY - dt.timedelta(days=d), total=1) for d in (21, 14, 7, 0)]
    assert withdrawal_symptoms_rising(falling, today=TODAY) is None
    assert withdrawal_symptoms_rising(flat_low, today=TODAY) is None


def test_occasional_use_raises_no_signal_in_500_simulated_people() -> None:
    rng = random.Random(20261121)
    alarms = [dependence_signals(occasional_log(rng), today=TODAY) for _ in range(500)]
    assert sum(1 for found in alarms if found) == 0


def test_an_empty_log_raises_nothing() -> None:
    assert dependence_signals([], [], today=TODAY) == []


def test_the_withdrawal_check_scores_eight_symptoms_from_zero_to_three() -> None:
    items = [item.key for item in content().check.items]
    assert len(items) == 8
    assert score_check(dict.fromkeys(items, 2)) == 16


@pytest.mark.parametrize(
    "change",
    [{"muscle_aches": 4}, {"muscle_aches": -1}, {"not_a_symptom": 1}],
)
def test_the_check_refuses_out_of_range_or_unknown_answers(change: dict[str, int]) -> None:
    answers = {item.key: 0 for item in content().check.items} | change
    with pytest.raises(AnswerError):
        score_check(answers)


def test_the_check_refuses_a_missing_answer() -> None:
    answers = {item.key: 0 for item in content().check.items[1:]}
    with pytest.raises(AnswerError, match="missing"):
        score_check(answers)


def test_each_signal_is_described_with_its_figures_and_units() -> None:
    described = {s.key: describe(s) for s in dependence_signals(escalating_log(), today=TODAY)}
    assert " g a day on average" in described["rising_dose"]
    assert "last 42 days" in described["daily_streak"]
    assert "hours apart" in described["shortening_intervals"]
    assert "5 dose(s)" in described["withdrawal_relief"]
