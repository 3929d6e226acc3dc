"""The slow and regular parts of average pain: trend, weekday pattern and menstrual cycle (points)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from painwise.simulation.spec import PatientSpec

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DAYS_PER_YEAR = 365.25

# Menstrual cycle lengths in days, and how many days at the start and end of each cycle hurt more
# (menstrual days 1–3 and the 5 premenstrual days, as in the research brief, section 2).
CYCLE_LENGTH_MEAN = 28.0
CYCLE_LENGTH_SD = 1.5
CYCLE_LENGTH_RANGE = (24, 35)
MENSTRUAL_DAYS = 3
PREMENSTRUAL_DAYS = 5
PAINFUL_CYCLE_SHARE = (MENSTRUAL_DAYS + PREMENSTRUAL_DAYS) / CYCLE_LENGTH_MEAN


def weekday_effects(amplitude: float) -> FloatArray:
    """Weekday pattern of average pain, Monday first (points): a cosine peaking on Monday, summing to 0."""
    return np.asarray(amplitude * np.cos(2.0 * np.pi * np.arange(7) / 7.0), dtype=np.float64)


def cycle_days(days: int, rng: np.random.Generator) -> tuple[IntArray, BoolArray]:
    """Menstrual cycle day (1 = first day of bleeding) per calendar day, and whether it is a painful day.

    Painful days are the first MENSTRUAL_DAYS and the last PREMENSTRUAL_DAYS of each cycle. Cycle lengths
    vary around CYCLE_LENGTH_MEAN days, and the series starts at a random point of the first cycle.
    """
    low, high = CYCLE_LENGTH_RANGE
    lengths = np.clip(np.rint(rng.normal(CYCLE_LENGTH_MEAN, CYCLE_LENGTH_SD, days // low + 2)), low, high)
    lengths = lengths.astype(np.int64)
    offset = int(rng.integers(0, lengths[0]))
    cycle_day = np.concatenate([np.arange(1, n + 1) for n in lengths])[offset : offset + days]
    cycle_length = np.repeat(lengths, lengths)[offset : offset + days]
    painful = (cycle_day <= MENSTRUAL_DAYS) | (cycle_day > cycle_length - PREMENSTRUAL_DAYS)
    return cycle_day.astype(np.int64), painful


def expected_pain(spec: PatientSpec, *, weekday: IntArray, painful_cycle_day: BoolArray) -> FloatArray:
    """Average pain without noise, sleep and factors: baseline + centred trend + weekday + cycle (points)."""
    t = np.arange(spec.days, dtype=np.float64)
    trend = spec.trend_per_year * (t - (spec.days - 1) / 2.0) / DAYS_PER_YEAR
    cycle = spec.cycle_effect * painful_cycle_day if spec.track_cycle else 0.0
    shift = spec.level_shift * (t >= spec.level_shift_day) if spec.level_shift_day is not None else 0.0
    return np.asarray(spec.baseline_pain + trend + weekday_effects(spec.weekly_amplitude)[weekday] + cycle + shift)
