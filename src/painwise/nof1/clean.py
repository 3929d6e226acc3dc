"""Checks and repairs a diary before analysis: one entry per calendar day, finite numbers or NaN."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from painwise.core.messages import Message, gettext_noop
from painwise.nof1.types import DiaryArrays, FloatArray


@dataclass(frozen=True)
class CleanResult:
    """The repaired diary, or None with the reason it cannot be read (a Message: ``str()`` is the English,
    ``painwise.core.i18n.translate`` the person's language)."""

    diary: DiaryArrays | None
    problem: Message | None


def clean_diary(diary: DiaryArrays) -> CleanResult:
    """Sort by date and fill skipped calendar days as not logged; refuse duplicated or unreadable dates
    and arrays whose length differs from the dates. Infinite values become NaN (unknown)."""
    try:
        dates = np.asarray(diary.dates).astype("datetime64[D]")
    except (TypeError, ValueError) as exc:
        return CleanResult(None, Message(gettext_noop("dates are not calendar dates: %(error)s"), {"error": exc}))
    size = dates.size
    if size == 0:
        return CleanResult(None, Message(gettext_noop("the diary has no days")))
    arrays = {
        **{f"outcome {k}": v for k, v in diary.outcomes.items()},
        **{f"factor {k}": v for k, v in diary.exposures.items()},
        "logged": diary.logged,
    }
    wrong = [name for name, values in arrays.items() if np.shape(values) != (size,)]
    if wrong:
        names = ", ".join(sorted(wrong))
        return CleanResult(None, Message(gettext_noop("%(names)s not one value per date"), {"names": names}))
    if np.isnat(dates).any():
        return CleanResult(None, Message(gettext_noop("some dates are missing")))
    if np.unique(dates).size != size:
        return CleanResult(None, Message(gettext_noop("some dates appear more than once")))
    return CleanResult(_on_calendar(diary, dates), None)


def _finite(values: np.ndarray) -> FloatArray:
    as_float = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(as_float), as_float, np.nan)


def _on_calendar(diary: DiaryArrays, dates: np.ndarray) -> DiaryArrays:
    """Place every array on the full calendar from the first to the last date."""
    order = np.argsort(dates)
    dates = dates[order]
    calendar = np.arange(dates[0], dates[-1] + np.timedelta64(1, "D"), dtype="datetime64[D]")
    position = (dates - dates[0]).astype(np.int64)

    def spread(values: np.ndarray) -> FloatArray:
        out = np.full(calendar.size, np.nan)
        out[position] = _finite(values)[order]
        return out

    logged = np.zeros(calendar.size, dtype=np.bool_)
    logged[position] = np.nan_to_num(np.asarray(diary.logged, dtype=np.float64)[order]) > 0
    return DiaryArrays(
        dates=calendar,
        logged=logged,
        outcomes={name: spread(values) for name, values in diary.outcomes.items()},
        exposures={name: spread(values) for name, values in diary.exposures.items()},
    )
