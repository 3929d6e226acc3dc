"""Before-and-after comparison for a course (acupuncture): pure Python over day -> value, no Django.

The interval comes from the insights engine's two-period comparison (``naive_with_without``: Welch's
interval for the difference of two means). It ignores trend and autocorrelation, which the wording says: a
course is not an experiment, so the words never claim the course caused a change.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from painwise.nof1 import DiaryArrays, naive_with_without

FACTOR = "course"


@dataclass(frozen=True)
class Comparison:
    outcome: str  # "Average pain" or "PEG"
    before_mean: float | None
    after_mean: float | None
    difference: float | None  # after minus before, points on 0-10 (negative = lower)
    low: float | None
    high: float | None
    days_before: int
    days_after: int
    mcid: float  # the meaningful difference used, points
    words: str


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def compare_periods(outcome: str, days: dict[dt.date, float], *, start: dt.date, switch: dt.date, end: dt.date,
                    points: float, share_of_own_mean: float | None = None, min_days: int = 5) -> Comparison:
    """Compare ``days`` (0-10 values) from ``start`` to the day before ``switch`` with ``switch`` to ``end``.

    ``points`` is the meaningful difference, or ``share_of_own_mean`` of the before-period mean when given.
    Fewer than ``min_days`` values in either period gives no interval and says so.
    """
    calendar = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    values = np.array([days.get(day, math.nan) for day in calendar], dtype=float)
    before = [v for day, v in days.items() if start <= day < switch]
    after = [v for day, v in days.items() if switch <= day <= end]
    before_mean, after_mean = _mean(before), _mean(after)
    mcid = points
    if share_of_own_mean is not None and before_mean:
        mcid = round(share_of_own_mean * before_mean, 1)
    if len(before) < min_days or len(after) < min_days:
        return Comparison(outcome, before_mean, after_mean, None, None, None, len(before), len(after), mcid,
                          f"Not enough check-ins to compare yet: {len(before)} days before and {len(after)} during "
                          f"or after (at least {min_days} in each).")
    diary = DiaryArrays(
        dates=np.array(calendar, dtype="datetime64[D]"), logged=np.isfinite(values), outcomes={"value": values},
        exposures={FACTOR: np.array([1.0 if day >= switch else 0.0 for day in calendar])})
    result = naive_with_without(diary, factor=FACTOR, outcome="value")
    diff, low, high = round(result.difference, 1), round(result.ci_low, 1), round(result.ci_high, 1)
    return Comparison(outcome, before_mean, after_mean, diff, low, high, len(before), len(after), mcid,
                      in_words(outcome, diff, low, high, mcid))


def in_words(outcome: str, difference: float, low: float, high: float, mcid: float) -> str:
    """Plain words for a before/after difference (lower is better) against the meaningful difference."""
    direction = "lower" if difference < 0 else "higher"
    size = f"{outcome} was {abs(difference):g} points {direction} during and after the course (95 % interval " \
           f"{low:g} to {high:g}); the difference that matters to you is {mcid:g} points."
    if high <= -mcid:
        verdict = "It fell by at least the difference that matters to you."
    elif low >= mcid:
        verdict = "It rose by at least the difference that matters to you."
    elif high < 0:
        verdict = "It fell, but perhaps by less than the difference that matters to you."
    elif -mcid < low and high < mcid:
        verdict = "Any change was smaller than the difference that matters to you."
    else:
        verdict = "The days vary too much to say whether it changed by as much as matters to you."
    return f"{size} {verdict} Other things change too, so this does not show the course caused it."
