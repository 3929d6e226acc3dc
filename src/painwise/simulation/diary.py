"""The same synthetic diary as day records, the shape the demo account and fixtures want."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from painwise.simulation.engine import SeriesArrays, simulate_arrays
from painwise.simulation.spec import PatientSpec


@dataclass(frozen=True)
class SimDay:
    """One calendar day of a synthetic diary.

    ``values`` maps check-in fields to their value (points; sleep_hours in hours), None when the field was
    left unanswered; it is empty when the day was not logged. ``exposures`` maps the slugs of factors used
    that day to the amount (in the factor's unit, 1.0 for yes/no factors); empty when not logged.
    """

    day: dt.date
    logged: bool
    values: dict[str, float | None]
    exposures: dict[str, float]


@dataclass(frozen=True)
class SyntheticDiary:
    """A synthetic patient's diary: the spec it came from, one record per calendar day, and the truth."""

    spec: PatientSpec
    days: list[SimDay]
    truth: dict[str, Any]


def simulate(spec: PatientSpec, *, seed: int | None = None) -> SyntheticDiary:
    """Simulate ``spec.days`` calendar days as day records; identical data to ``simulate_arrays``."""
    arrays = simulate_arrays(spec, seed=seed)
    days = [_day(arrays, t) for t in range(arrays.logged.size)]
    return SyntheticDiary(spec=spec, days=days, truth=arrays.truth)


def _day(arrays: SeriesArrays, t: int) -> SimDay:
    day = dt.date.fromisoformat(str(arrays.dates[t]))
    if not arrays.logged[t]:
        return SimDay(day=day, logged=False, values={}, exposures={})
    values = {name: _answer(float(series[t])) for name, series in arrays.outcomes.items()}
    exposures = {slug: float(amount[t]) for slug, amount in arrays.exposures.items() if amount[t] > 0.0}
    return SimDay(day=day, logged=True, values=values, exposures=exposures)


def _answer(value: float) -> float | None:
    return None if math.isnan(value) else value
