"""The simulator: one synthetic diary as arrays, one entry per calendar day.

Average pain and the use of factors with feedback depend on each other through yesterday's pain, so they
are generated together in one loop over days (plain floats, which beat small numpy arrays at this size).
Everything else (rhythms, factors without feedback, other outcomes, missing days, rounding) is vectorised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from painwise.simulation import factors as factor_use
from painwise.simulation.outcomes import (
    SLEEP_QUALITY_MEAN,
    SLEEP_QUALITY_PER_PAIN_POINT,
    SLEEP_QUALITY_SD,
    Latent,
    blank_unanswered,
    check_in_outcomes,
    logged_days,
)
from painwise.simulation.rhythms import PAINFUL_CYCLE_SHARE, cycle_days, expected_pain
from painwise.simulation.spec import FactorSpec, PatientSpec
from painwise.simulation.streams import Streams
from painwise.simulation.truth import simulation_truth

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SeriesArrays:
    """A synthetic diary in array form, one entry per calendar day 0..T-1.

    ``dates`` are datetime64[D]; ``logged`` says whether the day was logged at all. ``outcomes`` maps
    check-in fields to floats (points; sleep_hours in hours), NaN where the day was not logged or the field
    was left unanswered. ``exposures`` maps factor slugs to the amount used in the factor's unit (0.0 = not
    used), NaN where the day was not logged. ``truth`` holds the generating parameters (JSON-serialisable).
    """

    dates: npt.NDArray[np.datetime64]
    logged: BoolArray
    outcomes: dict[str, FloatArray]
    exposures: dict[str, FloatArray]
    truth: dict[str, Any]


def simulate_arrays(spec: PatientSpec, *, seed: int | None = None) -> SeriesArrays:
    """Simulate ``spec.days`` calendar days of one patient's diary as arrays.

    ``seed`` (a non-negative integer) overrides ``spec.seed``; the same spec and seed always give
    identical arrays.
    """
    streams = Streams(spec.seed if seed is None else seed)
    latent = _latent_series(spec, streams)
    exposures = {
        f.slug: factor_use.amounts(f, use, streams.get(f"dose:{f.slug}"))
        for f, use in zip(spec.factors, latent.use, strict=True)
    }
    outcomes = check_in_outcomes(spec, latent, streams.get("outcomes"), streams.get("mood_state"))
    logged = logged_days(spec, latent, streams.get("missing"))
    blank_unanswered(outcomes, rate=spec.unanswered_rate, rng=streams.get("unanswered"))
    for values in (*outcomes.values(), *exposures.values()):
        values[~logged] = np.nan
    dates = np.datetime64(spec.start.isoformat(), "D") + np.arange(spec.days)
    truth = simulation_truth(spec, seed=streams.seed, reference_pain=latent.reference_pain)
    return SeriesArrays(dates=dates, logged=logged, outcomes=outcomes, exposures=exposures, truth=truth)


def reference_pain(spec: PatientSpec) -> float:
    """The patient's long-run mean average pain (points), which feedback, sleep and MNAR react to.

    Baseline plus each factor's total effect times its base rate, the sleep effects of factors, and the
    cycle effect times the share of painful cycle days; trend and weekday average out to zero.
    """
    factors = sum(f.base_rate * sum(f.effects_by_lag) for f in spec.factors)
    sleep = spec.sleep_effect * sum(f.base_rate * f.other_effects.get("sleep_quality", 0.0) for f in spec.factors)
    cycle = spec.cycle_effect * PAINFUL_CYCLE_SHARE if spec.track_cycle else 0.0
    return spec.baseline_pain + factors + sleep + cycle


def _latent_series(spec: PatientSpec, streams: Streams) -> Latent:
    """Rhythms, factors without feedback (vectorised), then the loop over days for everything else."""
    weekday = ((np.arange(spec.days) + spec.start.weekday()) % 7).astype(np.int64)
    cycle_day, painful = cycle_days(spec.days, streams.get("cycle"))
    pain_base = expected_pain(spec, weekday=weekday, painful_cycle_day=painful)
    sleep_base = SLEEP_QUALITY_MEAN + streams.get("sleep").normal(0.0, SLEEP_QUALITY_SD, spec.days)
    use, chains = _start_factors(spec, streams, pain_base=pain_base, sleep_base=sleep_base)
    reference = reference_pain(spec)
    innovations = _innovations(spec, streams.get("pain_noise"))
    pain, sleep_quality = _walk_days(
        spec, chains, pain_base=pain_base, sleep_base=sleep_base, innovations=innovations, reference=reference
    )
    for chain in chains:
        use[chain.row] = chain.used_on
    return Latent(pain=pain, sleep_quality=sleep_quality, use=use, cycle_day=cycle_day, reference_pain=reference)


def _start_factors(
    spec: PatientSpec, streams: Streams, *, pain_base: FloatArray, sleep_base: FloatArray
) -> tuple[BoolArray, list[_Chain]]:
    """Use (factors × days) of the factors without feedback, whose effects are added to ``pain_base`` and
    ``sleep_base`` in place, and a day-by-day chain for each factor with feedback (its row left empty)."""
    use = np.zeros((len(spec.factors), spec.days), dtype=np.bool_)
    chains = []
    for row, factor in enumerate(spec.factors):
        rng = streams.get(f"use:{factor.slug}")
        if factor.reacts_to_pain:
            chains.append(_Chain.start(factor, row=row, draws=rng.random(spec.days + 1)))
            continue
        use[row] = factor_use.markov_use(factor, days=spec.days, rng=rng)
        use[row, : factor.start_day] = False
        pain_base += factor_use.lagged_effect(use[row], factor.effects_by_lag)
        pain_base += factor_use.withdrawal_effect(use[row], factor.withdrawal_effects)
        next_night = (0.0, factor.other_effects.get("sleep_quality", 0.0))
        sleep_base += factor_use.lagged_effect(use[row], next_night)
    return use, chains


def _innovations(spec: PatientSpec, rng: np.random.Generator) -> FloatArray:
    """Unit-variance innovations of the pain noise: Gaussian, or Student-t rescaled to variance 1."""
    if spec.noise_df is None:
        return rng.standard_normal(spec.days)
    return np.asarray(rng.standard_t(spec.noise_df, spec.days) * math.sqrt((spec.noise_df - 2.0) / spec.noise_df))


@dataclass(slots=True)
class _Chain:
    """The day-by-day state of one factor whose use reacts to yesterday's pain.

    Each day's uniform draw is stored as log-odds, so "use" is one comparison with the day's log-odds of
    use (draw < p exactly when logit(draw) < logit(p)).
    """

    row: int
    draw_log_odds: list[float]
    start_log_odds: float
    stay_log_odds: float
    feedback: float
    effects: tuple[float, ...]
    sleep_effect: float
    used: bool
    used_on: list[bool] = field(default_factory=list)
    rescue: float = 0.0
    start_day: int = 0

    @classmethod
    def start(cls, factor: FactorSpec, *, row: int, draws: FloatArray) -> _Chain:
        """A chain for ``factor`` fed by uniform ``draws``: one for the day before, then one per day."""
        start_log_odds, stay_log_odds = factor_use.log_odds_of_use(factor)
        with np.errstate(divide="ignore"):  # a draw of exactly 0 is log-odds -inf: always below
            draw_log_odds = np.log(draws) - np.log1p(-draws)
        return cls(
            row=row,
            draw_log_odds=draw_log_odds.tolist(),
            start_log_odds=start_log_odds,
            stay_log_odds=stay_log_odds,
            feedback=factor.feedback,
            effects=factor.effects_by_lag,
            sleep_effect=factor.other_effects.get("sleep_quality", 0.0),
            used=bool(draws[0] < factor.base_rate),
            rescue=factor.rescue,
            start_day=factor.start_day,
        )

    def step(self, t: int, *, pain_above_reference: float, today_above_reference: float = 0.0) -> bool:
        """Decide use on day ``t`` given yesterday's pain above the reference and, for rescue use, today's
        pain so far (points)."""
        log_odds = self.stay_log_odds if self.used else self.start_log_odds
        log_odds += self.feedback * pain_above_reference + self.rescue * today_above_reference
        self.used = self.draw_log_odds[t + 1] < log_odds and t >= self.start_day
        self.used_on.append(self.used)
        return self.used

    def add_effects(self, t: int, *, pain_shift: list[float], sleep_shift: list[float]) -> None:
        """Today's use moves average pain today and later, and tonight's sleep."""
        for lag, effect in enumerate(self.effects):
            pain_shift[t + lag] += effect
        sleep_shift[t + 1] += self.sleep_effect


def _walk_days(
    spec: PatientSpec,
    chains: list[_Chain],
    *,
    pain_base: FloatArray,
    sleep_base: FloatArray,
    innovations: FloatArray,
    reference: float,
) -> tuple[FloatArray, FloatArray]:
    """Each day: last night's sleep, today's use of feedback factors, then today's latent average pain."""
    days = spec.days
    base, sleep_mean_today, shocks = pain_base.tolist(), sleep_base.tolist(), innovations.tolist()
    pain_shift = [0.0] * (days + max((len(c.effects) for c in chains), default=1))
    sleep_shift = [0.0] * (days + 1)
    pain, sleep_quality = [0.0] * days, [0.0] * days
    shock_sd = spec.sigma * math.sqrt(1.0 - spec.rho**2)
    noise = spec.sigma * shocks[0]
    above = 0.0  # yesterday's pain above the reference (points)
    daily = [c for c in chains if not c.rescue]
    rescue = [c for c in chains if c.rescue]
    for t in range(days):
        if t:
            noise = spec.rho * noise + shock_sd * shocks[t]
        sleep = sleep_mean_today[t] + sleep_shift[t] + SLEEP_QUALITY_PER_PAIN_POINT * above
        if spec.integer_outcomes:
            sleep = min(10.0, max(0.0, math.floor(sleep + 0.5)))
        for chain in daily:
            if chain.step(t, pain_above_reference=above):
                chain.add_effects(t, pain_shift=pain_shift, sleep_shift=sleep_shift)
        # As-needed use reacts to how bad today is before the rescue itself acts.
        today = base[t] + pain_shift[t] + spec.sleep_effect * (sleep - SLEEP_QUALITY_MEAN) + noise - reference
        for chain in rescue:
            if chain.step(t, pain_above_reference=above, today_above_reference=today):
                chain.add_effects(t, pain_shift=pain_shift, sleep_shift=sleep_shift)
        pain[t] = base[t] + pain_shift[t] + spec.sleep_effect * (sleep - SLEEP_QUALITY_MEAN) + noise
        sleep_quality[t] = sleep
        above = pain[t] - reference
    return np.array(pain), np.array(sleep_quality)
