"""From the latent state to what the check-in records: other outcomes, rounding, missing days, blanks.

The other outcomes are plausible correlated functions of the same latent state (average pain, last night's
sleep and a slowly moving mood state) plus day noise. The numbers are invented but plausible and are
documented in docs/simulator.md; they make no clinical claim.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from painwise.simulation.factors import logit
from painwise.simulation.spec import CHECKIN_FIELDS, NEXT_NIGHT_FIELDS, PatientSpec

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Last night's sleep quality (0–10, 10 = best): its mean, its day-to-day SD and how much a point of
# yesterday's average pain above the patient's mean lowers it.
SLEEP_QUALITY_MEAN = 6.0
SLEEP_QUALITY_SD = 1.5
SLEEP_QUALITY_PER_PAIN_POINT = -0.25

# A slowly moving mood/stress state (unit SD, AR(1) per calendar day) shared by the mood-like outcomes.
MOOD_STATE_RHO = 0.5

# Each outcome as (intercept, per point of average pain above the patient's mean, per SD of the mood state,
# per point of sleep quality above its mean, SD of day noise). Mood is 10 = best, so its weights flip.
OUTCOME_LOADINGS: dict[str, tuple[float, float, float, float, float]] = {
    "peg_enjoyment": (4.5, 0.75, 0.6, -0.1, 0.8),
    "peg_activity": (4.8, 0.8, 0.4, -0.1, 0.8),
    "stress": (4.0, 0.35, 1.3, -0.1, 0.8),
    "mood": (6.0, -0.35, -1.2, 0.15, 0.8),
    "fatigue": (5.0, 0.4, 0.5, -0.35, 0.8),
    "muscle_tension": (4.5, 0.5, 0.6, 0.0, 0.8),
    "sleep_hours": (7.0, 0.0, -0.1, 0.35, 0.6),
}
PAIN_NOW_SD = 0.7  # how far pain at check-in time strays from the day's average (points)
WORST_ABOVE_AVERAGE = 1.0  # worst pain sits this far above average (points), plus a half-normal spread
WORST_SPREAD = 0.6
# pain_average is the primary outcome, so it is skipped far less often than the other fields.
PAIN_AVERAGE_UNANSWERED_SHARE = 0.25


@dataclass(frozen=True)
class Latent:
    """The simulated person before the diary: latent average pain (points), reported sleep quality,
    use per factor (factors × days), menstrual cycle day, and the patient's mean pain (points)."""

    pain: FloatArray
    sleep_quality: FloatArray
    use: BoolArray
    cycle_day: IntArray
    reference_pain: float


def check_in_outcomes(
    spec: PatientSpec, latent: Latent, rng: np.random.Generator, mood_rng: np.random.Generator
) -> dict[str, FloatArray]:
    """Every check-in field for every calendar day, in CHECKIN_FIELDS order, before days are blanked.

    Integer outcomes are rounded and clipped to the check-in's scale; Gaussian ones are left as they are.
    cycle_day is included only when the spec tracks the cycle.
    """
    noise = rng.standard_normal((len(OUTCOME_LOADINGS) + 2, spec.days))
    values = {
        "pain_now": latent.pain + PAIN_NOW_SD * noise[0],
        "pain_average": latent.pain.copy(),
        "pain_worst": latent.pain + WORST_ABOVE_AVERAGE + WORST_SPREAD * np.abs(noise[1]),
        "sleep_quality": latent.sleep_quality.copy(),
        **_loaded_outcomes(latent, _ar1(mood_rng, days=spec.days, rho=MOOD_STATE_RHO), noise[2:]),
    }
    _add_other_effects(values, spec, latent.use)
    if spec.integer_outcomes:
        values = {name: _round_to_scale(name, series) for name, series in values.items()}
    values["pain_worst"] = np.maximum.reduce([values["pain_worst"], values["pain_average"], values["pain_now"]])
    if spec.track_cycle:
        values["cycle_day"] = latent.cycle_day.astype(np.float64)
    return {name: values[name] for name in CHECKIN_FIELDS if name in values}


def _loaded_outcomes(latent: Latent, mood_state: FloatArray, noise: FloatArray) -> dict[str, FloatArray]:
    pain_above = latent.pain - latent.reference_pain
    sleep_above = latent.sleep_quality - SLEEP_QUALITY_MEAN
    return {
        name: intercept + per_pain * pain_above + per_mood * mood_state + per_sleep * sleep_above + sd * row
        for row, (name, (intercept, per_pain, per_mood, per_sleep, sd)) in zip(
            noise, OUTCOME_LOADINGS.items(), strict=True
        )
    }


def _ar1(rng: np.random.Generator, *, days: int, rho: float) -> FloatArray:
    """A stationary AR(1) series with unit variance and lag-1 correlation ``rho`` per calendar day."""
    shocks = (rng.standard_normal(days) * np.sqrt(1.0 - rho**2)).tolist()
    level = float(rng.standard_normal())
    series = [level]
    for shock in shocks[1:]:
        level = rho * level + shock
        series.append(level)
    return np.array(series)


def _add_other_effects(values: dict[str, FloatArray], spec: PatientSpec, use: BoolArray) -> None:
    """Add each factor's ``other_effects``: on the day of use, or the next day's check-in for sleep fields.

    Sleep quality is already in the latent state (it feeds into pain), so it is skipped here.
    """
    for factor, row in zip(spec.factors, use, strict=True):
        for name, effect in factor.other_effects.items():
            if name == "sleep_quality":
                continue
            if name in NEXT_NIGHT_FIELDS:
                values[name][1:] += effect * row[:-1]
            else:
                values[name] += effect * row


def _round_to_scale(name: str, series: FloatArray) -> FloatArray:
    """Round to what a check-in records: whole points 0–10, or sleep hours in half hours 0–24."""
    if name == "sleep_hours":
        return np.asarray(np.clip(np.rint(series * 2.0) / 2.0, 0.0, 24.0) + 0.0)
    return np.asarray(np.clip(np.rint(series), 0.0, 10.0) + 0.0)  # + 0.0 turns -0.0 into 0.0


def logged_days(spec: PatientSpec, latent: Latent, rng: np.random.Generator) -> BoolArray:
    """Which calendar days were logged at all.

    A day is skipped with log-odds logit(missing_rate) + mnar × (yesterday's average pain − the patient's
    mean pain); with missing_rate 0 every day is logged.
    """
    draws = rng.random(spec.days)
    if spec.missing_rate == 0.0:
        return np.ones(spec.days, dtype=np.bool_)
    yesterday_above = np.concatenate([[0.0], latent.pain[:-1] - latent.reference_pain])
    skip_chance = 1.0 / (1.0 + np.exp(-(logit(spec.missing_rate) + spec.mnar * yesterday_above)))
    return np.asarray(draws >= skip_chance)


def blank_unanswered(outcomes: dict[str, FloatArray], *, rate: float, rng: np.random.Generator) -> None:
    """Leave single fields unanswered (NaN) with probability ``rate`` each; pain_average at a quarter."""
    days = next(iter(outcomes.values())).size
    draws = rng.random((len(CHECKIN_FIELDS), days))
    for row, name in enumerate(CHECKIN_FIELDS):
        if name in outcomes:
            chance = rate * PAIN_AVERAGE_UNANSWERED_SHARE if name == "pain_average" else rate
            outcomes[name][draws[row] < chance] = np.nan
