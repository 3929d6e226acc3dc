"""The demo patient: a year of diary with a realistic mix of helpful, useless and confounded factors.

The numbers are invented for a demonstration and make no claim about any therapy; they are chosen so the
insights engine has something of each kind to find (see docs/simulator.md).
"""

from __future__ import annotations

from painwise.simulation.spec import FactorSpec, PatientSpec

DEMO_SEED = 20261121


def demo_factors() -> tuple[FactorSpec, ...]:
    """The demo patient's factors: true effects in points of average pain, amounts in their units."""
    return (
        FactorSpec(
            "pelvic_floor_relaxation",
            base_rate=0.45,
            persistence=0.75,
            next_day_effect=-1.3,
            dose_mean=10.0,
            dose_sd=3.0,
            unit="min",
        ),
        FactorSpec(
            "exercise",
            base_rate=0.35,
            persistence=0.5,
            feedback=-0.3,
            next_day_effect=-0.5,
            dose_mean=30.0,
            dose_sd=12.0,
            unit="min",
        ),
        FactorSpec(
            "heat_cold",
            base_rate=0.4,
            persistence=0.55,
            feedback=0.5,
            same_day_effect=-1.1,
            dose_mean=20.0,
            dose_sd=8.0,
            unit="min",
        ),
        FactorSpec("meditation", base_rate=0.3, persistence=0.6, dose_mean=12.0, dose_sd=5.0, unit="min"),
        FactorSpec("kratom", base_rate=0.2, persistence=0.4, feedback=1.2, dose_mean=2.0, dose_sd=0.6, unit="g"),
        FactorSpec(
            "acupuncture",
            base_rate=0.14,
            persistence=0.02,
            next_day_effect=-0.3,
            dose_mean=45.0,
            dose_sd=10.0,
            unit="min",
        ),
        FactorSpec(
            "sexual_activity",
            base_rate=0.12,
            persistence=0.2,
            feedback=-0.3,
            dose_mean=25.0,
            dose_sd=12.0,
            unit="min",
        ),
        FactorSpec(
            "intimacy",
            base_rate=0.25,
            persistence=0.3,
            same_day_effect=-0.2,
            other_effects={"mood": 0.5},
            dose_mean=30.0,
            dose_sd=15.0,
            unit="min",
        ),
        FactorSpec("dilator", base_rate=0.3, persistence=0.5, dose_mean=10.0, dose_sd=3.0, unit="min"),
        FactorSpec(
            "cbt_practice",
            base_rate=0.3,
            persistence=0.6,
            next_day_effect=-0.3,
            dose_mean=15.0,
            dose_sd=5.0,
            unit="min",
        ),
        FactorSpec(
            "medication:Ibuprofen",
            base_rate=0.25,
            persistence=0.35,
            feedback=0.9,
            same_day_effect=-1.0,
            dose_mean=400.0,
            unit="mg",
        ),
        FactorSpec("custom:Gluten-free day", base_rate=0.5, persistence=0.85, unit="yes"),
    )


def demo_patient_spec() -> PatientSpec:
    """The rich demo patient: 365 days, 15 % missing with some MNAR, ρ 0.6, cycle tracked, 12 factors."""
    return PatientSpec(
        days=365,
        baseline_pain=6.2,
        trend_per_year=-0.5,
        weekly_amplitude=0.4,
        rho=0.6,
        sigma=1.2,
        missing_rate=0.15,
        mnar=0.3,
        track_cycle=True,
        cycle_effect=0.8,
        factors=demo_factors(),
        seed=DEMO_SEED,
    )
