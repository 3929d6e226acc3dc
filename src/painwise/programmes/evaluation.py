"""Before-and-after comparison for a course (acupuncture): pure Python over day -> value, no Django.

The interval comes from the insights engine's two-period comparison (``naive_with_without``: Welch's
interval for the difference of two means). It ignores trend and autocorrelation, which the wording says: a
course is not an experiment, so the words never claim the course caused a change. The words are Messages
(``str()`` is the English), translated where they are shown.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from painwise.core.messages import Message, Sentences, gettext_noop, ngettext_noop
from painwise.nof1 import DiaryArrays, naive_with_without

FACTOR = "course"


@dataclass(frozen=True)
class Comparison:
    outcome: Message  # "Average pain" or "PEG"
    before_mean: float | None
    after_mean: float | None
    difference: float | None  # after minus before, points on 0-10 (negative = lower)
    low: float | None
    high: float | None
    days_before: int
    days_after: int
    mcid: float  # the meaningful difference used, points
    words: Sentences


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def compare_periods(outcome: Message, days: dict[dt.date, float], *, start: dt.date, switch: dt.date, end: dt.date,
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
                          Sentences((ngettext_noop(
                              "Not enough check-ins to compare yet: %(count)s day before and %(after)s during or "
                              "after (at least %(min_days)s in each).",
                              "Not enough check-ins to compare yet: %(count)s days before and %(after)s during or "
                              "after (at least %(min_days)s in each).",
                              len(before), {"count": len(before), "after": len(after), "min_days": min_days}),)))
    diary = DiaryArrays(
        dates=np.array(calendar, dtype="datetime64[D]"), logged=np.isfinite(values), outcomes={"value": values},
        exposures={FACTOR: np.array([1.0 if day >= switch else 0.0 for day in calendar])})
    result = naive_with_without(diary, factor=FACTOR, outcome="value")
    diff, low, high = round(result.difference, 1), round(result.ci_low, 1), round(result.ci_high, 1)
    return Comparison(outcome, before_mean, after_mean, diff, low, high, len(before), len(after), mcid,
                      in_words(outcome, diff, low, high, mcid))


def in_words(outcome: Message, difference: float, low: float, high: float, mcid: float) -> Sentences:
    """Plain words for a before/after difference (lower is better) against the meaningful difference."""
    values = {"outcome": outcome, "size": format(abs(difference), "g"), "low": format(low, "g"),
              "high": format(high, "g"), "mcid": format(mcid, "g")}
    # Two numbers of points: the sentence's form follows the difference; a fraction reads like a plural.
    count = int(abs(difference)) if float(abs(difference)).is_integer() else 2
    if difference < 0:
        size = ngettext_noop(
            "%(outcome)s was %(size)s point lower during and after the course (95 %% interval %(low)s to "
            "%(high)s); the difference that matters to you is %(mcid)s points.",
            "%(outcome)s was %(size)s points lower during and after the course (95 %% interval %(low)s to "
            "%(high)s); the difference that matters to you is %(mcid)s points.", count, values)
    else:
        size = ngettext_noop(
            "%(outcome)s was %(size)s point higher during and after the course (95 %% interval %(low)s to "
            "%(high)s); the difference that matters to you is %(mcid)s points.",
            "%(outcome)s was %(size)s points higher during and after the course (95 %% interval %(low)s to "
            "%(high)s); the difference that matters to you is %(mcid)s points.", count, values)
    if high <= -mcid:
        verdict = gettext_noop("It fell by at least the difference that matters to you.")
    elif low >= mcid:
        verdict = gettext_noop("It rose by at least the difference that matters to you.")
    elif high < 0:
        verdict = gettext_noop("It fell, but perhaps by less than the difference that matters to you.")
    elif -mcid < low and high < mcid:
        verdict = gettext_noop("Any change was smaller than the difference that matters to you.")
    else:
        verdict = gettext_noop("The days vary too much to say whether it changed by as much as matters to you.")
    caveat = gettext_noop("Other things change too, so this does not show the course caused it.")
    return Sentences((size, Message(verdict), Message(caveat)))
