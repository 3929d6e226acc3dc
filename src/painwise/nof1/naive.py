"""The naive with/without comparison some apps show, kept only as a negative control for validation.

It compares the average outcome on days with and without a factor (Welch t-test), ignoring trend,
weekday, autocorrelation and feedback. The validation shows how often it finds effects that are not there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from painwise.nof1.design import known_use, shifted
from painwise.nof1.types import DiaryArrays


@dataclass(frozen=True)
class NaiveComparison:
    """Mean outcome on days with minus days without (points), its 95 % confidence interval and p-value."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    n_with: int
    n_without: int


def naive_with_without(diary: DiaryArrays, *, factor: str, outcome: str, lag_days: int = 0) -> NaiveComparison:
    """Welch comparison of ``outcome`` on days with and without ``factor`` ``lag_days`` earlier.

    Returns NaN numbers when either group has fewer than 2 days.
    """
    from scipy import stats  # here: scipy costs most of a start-up
    known, used = known_use(diary.exposures[factor])
    known_at = shifted(known.astype(np.float64), lag_days, fill=0.0) > 0.5
    used_at = shifted(used.astype(np.float64), lag_days, fill=0.0) > 0.5
    values = diary.outcomes[outcome]
    usable = known_at & np.isfinite(values) & diary.logged
    with_factor, without = values[usable & used_at], values[usable & ~used_at]
    if with_factor.size < 2 or without.size < 2:
        return NaiveComparison(math.nan, math.nan, math.nan, math.nan, int(with_factor.size), int(without.size))
    difference = float(with_factor.mean() - without.mean())
    var_with, var_without = with_factor.var(ddof=1) / with_factor.size, without.var(ddof=1) / without.size
    se = math.sqrt(var_with + var_without)
    dof = (
        (var_with + var_without) ** 2 / (var_with**2 / (with_factor.size - 1) + var_without**2 / (without.size - 1))
        if se > 0
        else 1.0
    )
    half = float(stats.t.ppf(0.975, dof)) * se
    p_value = float(2 * stats.t.sf(abs(difference) / se, dof)) if se > 0 else 1.0
    return NaiveComparison(
        difference, difference - half, difference + half, p_value, int(with_factor.size), int(without.size)
    )
