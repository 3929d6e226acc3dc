"""From diary records to the insights engine's calendar arrays (no database access here).

A day with a check-in and no entry of a factor counts as "not used" (0); a day without a check-in is
unknown (NaN) unless an entry was logged that day, whose amount then counts. Amounts of one factor are
summed per day: the entry's amount, else its minutes, else 1 for a yes/no or amount-less entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from painwise.nof1 import DiaryArrays, FactorMeta

# The outcomes the engine can analyse, plus the menstrual cycle day it adjusts for.
OUTCOMES: tuple[str, ...] = ("pain_average", "pain_worst", "sleep_quality", "mood", "stress", "peg")
COVARIATES: tuple[str, ...] = ("cycle_day",)
# Mass units are brought to milligrams so a factor logged in g one day and mg the next still adds up.
MILLIGRAMS_PER_UNIT: dict[str, float] = {"mcg": 0.001, "mg": 1.0, "g": 1000.0}


@dataclass(frozen=True)
class DayRecord:
    """One check-in: its calendar day and the values of OUTCOMES and COVARIATES (None = not answered)."""

    day: dt.date
    values: dict[str, float | None]


@dataclass(frozen=True)
class UseRecord:
    """One therapy entry: day, factor slug and label, and amount with unit or minutes (None = not given).

    ``as_needed``: taken because the day was bad (rescue use); ``dependence``: a dependence-forming or
    never-recommended substance; ``medicine``: from the person's medication list.
    """

    day: dt.date
    slug: str
    label: str
    amount: float | None = None
    unit: str = ""
    duration_minutes: float | None = None
    as_needed: bool = False
    dependence: bool = False
    medicine: bool = False


def build_diary(
    days: Sequence[DayRecord], uses: Sequence[UseRecord], *, extra_outcomes: Sequence[str] = ()
) -> tuple[DiaryArrays | None, dict[str, FactorMeta]]:
    """Calendar arrays from the first to the last check-in and one FactorMeta per factor slug.

    ``extra_outcomes`` are outcome names other domains add to the day records' values (see
    ``painwise.core.hooks.OutcomeSeries``). Returns (None, {}) when there is no check-in at all. Entries
    outside the check-in range are ignored.
    """
    if not days:
        return None, {}
    first, last = min(d.day for d in days), max(d.day for d in days)
    size = (last - first).days + 1
    logged = np.zeros(size, dtype=np.bool_)
    outcomes = {name: np.full(size, np.nan) for name in (*OUTCOMES, *COVARIATES, *extra_outcomes)}
    for record in days:
        index = (record.day - first).days
        logged[index] = True
        for name, value in record.values.items():
            if name in outcomes and value is not None:
                outcomes[name][index] = float(value)
    in_range = [u for u in uses if first <= u.day <= last]
    exposures, factors = _exposures(in_range, first=first, logged=logged)
    dates = np.arange(np.datetime64(first), np.datetime64(last) + np.timedelta64(1, "D"), dtype="datetime64[D]")
    present = {name: values for name, values in outcomes.items() if np.isfinite(values).any()}
    return DiaryArrays(dates=dates, logged=logged, outcomes=present, exposures=exposures), factors


def _exposures(
    uses: Sequence[UseRecord], *, first: dt.date, logged: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, FactorMeta]]:
    by_slug: dict[str, list[UseRecord]] = {}
    for use in uses:
        by_slug.setdefault(use.slug, []).append(use)
    exposures: dict[str, np.ndarray] = {}
    factors: dict[str, FactorMeta] = {}
    for slug, records in sorted(by_slug.items()):
        # Each day's entries added in their order (np.add.at), as one loop per entry did, without a numpy
        # call per entry (a 3-year diary has thousands).
        days = np.fromiter(((r.day - first).days for r in records), dtype=np.intp, count=len(records))
        totals = np.zeros(logged.shape[0])
        np.add.at(totals, days, np.asarray(_amounts(records), dtype=float))
        series = np.where(logged, 0.0, np.nan)
        series[days] = totals[days]  # a day with an entry counts, checked in or not
        exposures[slug] = series
        varies = len(set(_daily_totals(series))) > 1
        factors[slug] = FactorMeta(
            slug=slug,
            label=records[0].label,
            kind="dose" if varies else "binary",
            # One entry taken as needed makes the whole factor's same-day comparison unreadable.
            prn=any(r.as_needed for r in records),
            dependence=any(r.dependence for r in records),
            medicine=any(r.medicine for r in records),
        )
    return exposures, factors


def _daily_totals(series: np.ndarray) -> Iterable[float]:
    """The distinct positive daily amounts, rounded so float noise does not make a yes/no look like a dose."""
    return (round(float(v), 6) for v in series[np.isfinite(series) & (series > 0)])


def _amounts(records: Sequence[UseRecord]) -> list[float]:
    """Each entry's amount in one unit per factor; 1 per entry when its units cannot be compared."""
    units = {r.unit for r in records if r.amount is not None}
    if len(units) > 1 and not units <= MILLIGRAMS_PER_UNIT.keys():
        return [1.0 for _ in records]
    scale = len(units) > 1
    return [_amount(r, in_milligrams=scale) for r in records]


def _amount(record: UseRecord, *, in_milligrams: bool) -> float:
    if record.amount is not None:
        return record.amount * (MILLIGRAMS_PER_UNIT[record.unit] if in_milligrams else 1.0)
    if record.duration_minutes is not None:
        return float(record.duration_minutes)
    return 1.0
