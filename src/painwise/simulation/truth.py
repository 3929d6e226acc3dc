"""The truth behind a synthetic diary: the generating parameters, as JSON-serialisable values."""

from __future__ import annotations

from typing import Any

from painwise.simulation.outcomes import SLEEP_QUALITY_MEAN
from painwise.simulation.rhythms import weekday_effects
from painwise.simulation.spec import NEXT_NIGHT_FIELDS, FactorSpec, PatientSpec

SIMULATOR_VERSION = "1"


def simulation_truth(spec: PatientSpec, *, seed: int, reference_pain: float) -> dict[str, Any]:
    """Everything an estimate can be checked against. Effects in points; rates as shares of days (0–1)."""
    return {
        "outcome": "pain_average",
        "simulator_version": SIMULATOR_VERSION,
        "seed": seed,
        "days": spec.days,
        "start": spec.start.isoformat(),
        "baseline_pain": spec.baseline_pain,
        "reference_pain": reference_pain,
        "trend_per_year": spec.trend_per_year,
        "trend_centre_day": (spec.days - 1) / 2.0,
        "weekday_effects": [float(x) for x in weekday_effects(spec.weekly_amplitude)],
        "rho": spec.rho,
        "sigma": spec.sigma,
        "noise_df": spec.noise_df,
        "sleep_effect": spec.sleep_effect,
        "sleep_quality_mean": SLEEP_QUALITY_MEAN,
        "track_cycle": spec.track_cycle,
        "cycle_effect": spec.cycle_effect if spec.track_cycle else 0.0,
        "missing_rate": spec.missing_rate,
        "mnar": spec.mnar,
        "unanswered_rate": spec.unanswered_rate,
        "integer_outcomes": spec.integer_outcomes,
        "level_shift": spec.level_shift,
        "level_shift_day": spec.level_shift_day,
        "factors": {f.slug: _factor_truth(f) for f in spec.factors},
    }


def _factor_truth(factor: FactorSpec) -> dict[str, Any]:
    return {
        "same_day_effect": factor.same_day_effect,
        "next_day_effect": factor.next_day_effect,
        "effects_by_lag": list(factor.effects_by_lag),
        "other_effects": dict(factor.other_effects),
        "other_effects_lag": {name: int(name in NEXT_NIGHT_FIELDS) for name in factor.other_effects},
        "base_rate": factor.base_rate,
        "persistence": factor.persistence,
        "feedback": factor.feedback,
        "dose_mean": factor.dose_mean,
        "dose_sd": factor.dose_sd,
        "unit": factor.unit,
        "rescue": factor.rescue,
        "withdrawal_effects": list(factor.withdrawal_effects),
        "start_day": factor.start_day,
    }
