"""Fast simulation check of the engine against known truth (the CI subset of bench/insights_validation.py).

Patients come from painwise.simulation with fixed seeds. Tolerances are the acceptance targets of
docs/insights-validation.md widened by 3 Monte Carlo standard errors of the simulated share or mean,
so a real regression fails while the seed-to-seed noise of a few hundred patients does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest

from painwise.nof1 import DiaryArrays, FactorMeta, analyse, naive_with_without
from painwise.simulation.engine import simulate_arrays
from painwise.simulation.spec import FactorSpec, PatientSpec

NULL_FACTORS = ("a", "b", "c")
MC_SES = 3.0


@dataclass(frozen=True)
class Estimates:
    """Per factor and lag across simulated patients: truth, estimate, interval, verdict, naive p-value."""

    truth: np.ndarray
    effect: np.ndarray
    low: np.ndarray
    high: np.ndarray
    headline: np.ndarray
    naive_p: np.ndarray

    @property
    def coverage(self) -> float:
        return float(np.mean((self.low <= self.truth) & (self.truth <= self.high)))

    @property
    def excludes_zero(self) -> float:
        return float(np.mean((self.low > 0) | (self.high < 0)))

    @property
    def bias(self) -> float:
        return float(np.mean(self.effect - self.truth))

    @property
    def bias_se(self) -> float:
        return float(np.std(self.effect - self.truth) / math.sqrt(self.effect.size))

    @property
    def naive_false_positive(self) -> float:
        return float(np.mean(self.naive_p < 0.05))


def share_se(share: float, n: int) -> float:
    return math.sqrt(max(share * (1 - share), 0.01 * 0.99) / n)


@cache
def simulate(
    *, patients: int, days: int, rho: float, same_day: float = 0.0, feedback: float = 0.0, seed: int = 0
) -> Estimates:
    """Simulate patients with three null factors and one factor "x" (same-day effect, optional feedback)."""
    rows: list[tuple[float, float, float, float, bool, float]] = []
    metas = [FactorMeta(slug, slug) for slug in ("x", *NULL_FACTORS)]
    for patient in range(patients):
        factors = (
            FactorSpec("x", same_day_effect=same_day, feedback=feedback, base_rate=0.35),
            *(FactorSpec(slug, base_rate=0.3, persistence=0.6) for slug in NULL_FACTORS),
        )
        spec = PatientSpec(days=days, rho=rho, sigma=1.2, missing_rate=0.15, factors=factors)
        series = simulate_arrays(spec, seed=seed * 100_000 + patient)
        diary = DiaryArrays(series.dates, series.logged, series.outcomes, series.exposures)
        report = analyse(diary, factors=metas, outcomes=["pain_average"])
        for insight in report.insights:
            if insight.effect is None or insight.ci_low is None or insight.ci_high is None:
                continue
            truth = same_day if insight.factor == "x" and insight.lag_days == 0 else 0.0
            naive = naive_with_without(diary, factor=insight.factor, outcome="pain_average", lag_days=insight.lag_days)
            rows.append((truth, insight.effect, insight.ci_low, insight.ci_high, insight.headline, naive.p_value))
    columns = [np.array(c) for c in zip(*rows, strict=True)]
    return Estimates(*columns)


def for_factor(estimates: Estimates, chosen: np.ndarray) -> Estimates:
    return Estimates(*(getattr(estimates, f)[chosen] for f in Estimates.__dataclass_fields__))


@dataclass(frozen=True)
class Cell:
    patients: int
    days: int
    seed: int


NULL_CELLS = [Cell(patients=150, days=120, seed=1), Cell(patients=80, days=365, seed=2)]


@pytest.mark.parametrize("cell", NULL_CELLS, ids=lambda c: f"T{c.days}")
def test_credible_intervals_cover_the_true_effect_about_95_percent_of_the_time(cell: Cell) -> None:
    estimates = simulate(patients=cell.patients, days=cell.days, rho=0.6, seed=cell.seed)
    se = share_se(0.95, estimates.truth.size)
    assert 0.93 - MC_SES * se <= estimates.coverage <= 0.97 + MC_SES * se


@pytest.mark.parametrize("cell", NULL_CELLS, ids=lambda c: f"T{c.days}")
def test_factors_without_effect_rarely_look_like_they_matter(cell: Cell) -> None:
    estimates = simulate(patients=cell.patients, days=cell.days, rho=0.6, seed=cell.seed)
    null = for_factor(estimates, estimates.truth == 0.0)
    assert null.excludes_zero <= 0.055 + MC_SES * share_se(0.055, null.truth.size)
    assert null.headline.mean() <= 0.01 + MC_SES * share_se(0.01, null.truth.size)


def test_a_one_point_benefit_is_estimated_without_bias_and_mostly_found() -> None:
    estimates = simulate(patients=80, days=365, rho=0.6, same_day=-1.0, seed=3)
    active = for_factor(estimates, estimates.truth != 0.0)
    assert abs(active.bias) <= 0.05 + MC_SES * active.bias_se
    assert active.excludes_zero >= 0.95


def test_feedback_with_missing_days_keeps_bias_and_false_positives_low() -> None:
    estimates = simulate(patients=150, days=365, rho=0.6, feedback=1.0, seed=4)
    fed_back = for_factor(
        estimates, np.array([True, True, False, False, False, False, False, False] * 150)[: estimates.truth.size]
    )
    assert abs(fed_back.bias) <= 0.05 + MC_SES * fed_back.bias_se
    assert fed_back.excludes_zero <= 0.06 + MC_SES * share_se(0.06, fed_back.truth.size)


def test_the_naive_with_without_comparison_fails_where_the_engine_does_not() -> None:
    feedback = simulate(patients=150, days=365, rho=0.6, feedback=1.0, seed=4)
    null = simulate(patients=NULL_CELLS[0].patients, days=NULL_CELLS[0].days, rho=0.6, seed=NULL_CELLS[0].seed)
    fed_back = for_factor(
        feedback, np.array([True, True, False, False, False, False, False, False] * 150)[: feedback.truth.size]
    )
    assert fed_back.naive_false_positive >= 0.5
    assert null.naive_false_positive > null.excludes_zero


# --- factors taken because the day is bad (CI subset; full figures in docs/insights-validation.md) -------

RESCUE = FactorSpec("z", base_rate=0.25, persistence=0.3, rescue=3.0)
WITHDRAWAL = FactorSpec("z", base_rate=0.8, persistence=0.9, withdrawal_effects=(1.5, 1.0, 0.5))


@cache
def verdicts_for_z(factor: FactorSpec, meta: FactorMeta, *, patients: int, days: int = 365, seed: int = 7
                   ) -> tuple[tuple[int, str, str], ...]:
    """(lag, verdict code, verdict + sentence) of factor z in each simulated diary (z plus two null factors)."""
    rows = []
    metas = [meta, FactorMeta("a", "a"), FactorMeta("b", "b")]
    for patient in range(patients):
        nulls = tuple(FactorSpec(slug, base_rate=0.3, persistence=0.6) for slug in ("a", "b"))
        spec = PatientSpec(days=days, rho=0.6, sigma=1.2, missing_rate=0.15, factors=(factor, *nulls))
        series = simulate_arrays(spec, seed=seed * 100_000 + patient)
        diary = DiaryArrays(series.dates, series.logged, series.outcomes, series.exposures)
        report = analyse(diary, factors=metas, outcomes=["pain_average"])
        rows += [(i.lag_days, i.verdict_code, i.verdict + " " + i.sentence) for i in report.insights if i.factor == "z"]
    return tuple(rows)


def test_a_null_rescue_factor_read_as_daily_looks_harmful_which_is_why_as_needed_exists() -> None:
    rows = verdicts_for_z(RESCUE, FactorMeta("z", "z"), patients=40)
    same_day = [code for lag, code, _ in rows if lag == 0]
    assert np.mean([code == "strong_harm" for code in same_day]) >= 0.8


def test_a_null_rescue_factor_read_as_needed_is_never_a_strong_sign_and_never_compared_the_same_day() -> None:
    rows = verdicts_for_z(RESCUE, FactorMeta("z", "z", prn=True), patients=80)
    assert {lag for lag, _, _ in rows} == {1}
    strong = np.mean([code in ("strong_benefit", "strong_harm") for _, code, _ in rows])
    assert strong <= 0.01
    assert all("cannot be separated from the reason you took it" in text for _, _, text in rows)


def test_withdrawal_on_days_without_a_substance_looks_like_help_unless_it_is_flagged_dependence_forming() -> None:
    plain = verdicts_for_z(WITHDRAWAL, FactorMeta("z", "z"), patients=40)
    flagged = verdicts_for_z(WITHDRAWAL, FactorMeta("z", "z", dependence=True), patients=40)
    assert np.mean([code in ("strong_benefit", "some_benefit") for lag, code, _ in plain if lag == 0]) >= 0.5
    assert not any("helps" in text for _, _, text in flagged)
    assert np.mean([code == "withdrawal_possible" for lag, code, _ in flagged if lag == 0]) >= 0.5
