"""The simulator produces the diaries it promises: reproducible, in range, with the truth recoverable."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painwise.core.content import content_path, read_yaml
from painwise.simulation import (
    CHECKIN_FIELDS,
    FactorSpec,
    PatientSpec,
    SeriesArrays,
    demo_patient_spec,
    simulate,
    simulate_arrays,
)

FloatArray = npt.NDArray[np.float64]
TEN_POINT_FIELDS = [name for name in CHECKIN_FIELDS if name not in {"sleep_hours", "cycle_day"}]


def quiet_spec(**overrides: Any) -> PatientSpec:
    """A Gaussian patient with every confounder switched off, for checking one mechanism at a time."""
    settings: dict[str, Any] = {
        "days": 4000,
        "trend_per_year": 0.0,
        "weekly_amplitude": 0.0,
        "sleep_effect": 0.0,
        "missing_rate": 0.0,
        "unanswered_rate": 0.0,
        "integer_outcomes": False,
        "seed": 7,
    }
    settings.update(overrides)
    return PatientSpec(**settings)


def lag1_correlation(series: FloatArray) -> float:
    return float(np.corrcoef(series[1:], series[:-1])[0, 1])


def share_after(flag: npt.NDArray[np.bool_], yesterday: npt.NDArray[np.bool_]) -> float:
    """Share of days with ``flag`` among days whose previous day satisfied ``yesterday``."""
    return float(flag[1:][yesterday[:-1]].mean())


def test_same_seed_gives_identical_diaries_and_different_seeds_differ() -> None:
    spec = demo_patient_spec()
    first, again, other = (
        simulate_arrays(spec),
        simulate_arrays(spec),
        simulate_arrays(spec, seed=spec.seed + 1),
    )
    assert np.array_equal(first.logged, again.logged)
    for name in first.outcomes:
        assert np.array_equal(first.outcomes[name], again.outcomes[name], equal_nan=True)
    for slug in first.exposures:
        assert np.array_equal(first.exposures[slug], again.exposures[slug], equal_nan=True)
    assert not np.array_equal(first.outcomes["pain_average"], other.outcomes["pain_average"], equal_nan=True)
    assert other.truth["seed"] == spec.seed + 1


def test_seed_argument_overrides_the_spec_seed() -> None:
    spec = demo_patient_spec()
    via_argument = simulate_arrays(spec, seed=3)
    via_spec = simulate_arrays(replace(spec, seed=3))
    assert np.array_equal(via_argument.outcomes["pain_average"], via_spec.outcomes["pain_average"], equal_nan=True)


def test_integer_outcomes_are_whole_points_within_their_scales() -> None:
    diary = simulate_arrays(replace(demo_patient_spec(), days=2000, sigma=2.5))
    for name in TEN_POINT_FIELDS:
        answered = diary.outcomes[name][~np.isnan(diary.outcomes[name])]
        assert answered.min() >= 0, name
        assert answered.max() <= 10, name
        assert np.array_equal(answered, np.round(answered)), name
    hours = diary.outcomes["sleep_hours"][~np.isnan(diary.outcomes["sleep_hours"])]
    assert hours.min() >= 0
    assert hours.max() <= 24
    assert np.array_equal(hours * 2, np.round(hours * 2))
    cycle = diary.outcomes["cycle_day"][~np.isnan(diary.outcomes["cycle_day"])]
    assert cycle.min() == 1
    assert 24 <= cycle.max() <= 35


def test_worst_pain_is_never_below_average_or_current_pain() -> None:
    for integer in (True, False):
        outcomes = simulate_arrays(replace(demo_patient_spec(), integer_outcomes=integer)).outcomes
        both = ~np.isnan(outcomes["pain_worst"]) & ~np.isnan(outcomes["pain_average"]) & ~np.isnan(outcomes["pain_now"])
        assert np.all(outcomes["pain_worst"][both] >= outcomes["pain_average"][both])
        assert np.all(outcomes["pain_worst"][both] >= outcomes["pain_now"][both])


def test_gaussian_outcomes_are_not_rounded() -> None:
    pain = simulate_arrays(quiet_spec(days=200)).outcomes["pain_average"]
    assert not np.array_equal(pain, np.round(pain))


def test_realised_share_of_missing_days_matches_missing_rate() -> None:
    for rate in (0.0, 0.15, 0.4):
        diary = simulate_arrays(quiet_spec(days=6000, missing_rate=rate))
        assert abs((1 - diary.logged.mean()) - rate) < 0.02, rate


def test_missing_not_at_random_skips_more_days_after_bad_days() -> None:
    def skip_gap(mnar: float) -> float:
        diary = simulate_arrays(quiet_spec(days=8000, missing_rate=0.2, mnar=mnar))
        pain, missing = diary.outcomes["pain_average"], ~diary.logged
        return share_after(missing, pain >= 6.5) - share_after(missing, pain <= 4.5)

    assert skip_gap(1.0) > 0.15
    assert abs(skip_gap(0.0)) < 0.04


def test_feedback_makes_use_more_likely_after_bad_days() -> None:
    def use_gap(feedback: float) -> float:
        spec = quiet_spec(factors=(FactorSpec("kratom", base_rate=0.3, persistence=0.4, feedback=feedback),))
        diary = simulate_arrays(spec)
        pain, used = diary.outcomes["pain_average"], diary.exposures["kratom"] > 0
        return share_after(used, pain >= 6.5) - share_after(used, pain <= 4.5)

    assert use_gap(1.5) > 0.3
    assert abs(use_gap(0.0)) < 0.05


def test_factor_use_follows_base_rate_and_persistence_without_feedback() -> None:
    spec = quiet_spec(days=10000, factors=(FactorSpec("heat_cold", base_rate=0.3, persistence=0.8),))
    used = simulate_arrays(spec).exposures["heat_cold"] > 0
    assert abs(used.mean() - 0.3) < 0.03
    assert abs(share_after(used, used) - 0.8) < 0.03


def test_lag1_autocorrelation_of_gaussian_noise_is_near_rho() -> None:
    for rho in (0.0, 0.6, 0.8):
        pain = simulate_arrays(quiet_spec(days=20000, rho=rho, sigma=1.2)).outcomes["pain_average"]
        assert abs(lag1_correlation(pain) - rho) < 0.03, rho
        assert abs(pain.std() - 1.2) < 0.06, rho


def test_student_t_noise_keeps_the_stationary_sd() -> None:
    pain = simulate_arrays(quiet_spec(days=20000, noise_df=4.0)).outcomes["pain_average"]
    assert abs(pain.std() - 1.2) < 0.1
    excess_kurtosis = float(np.mean((pain - pain.mean()) ** 4) / pain.var() ** 2 - 3)
    assert excess_kurtosis > 0.3


def design_matrix(diary: SeriesArrays, slugs: list[str]) -> tuple[FloatArray, list[str]]:
    """Intercept, trend, weekday dummies, sleep quality, and each factor's use today and yesterday."""
    days = diary.logged.size
    weekday = (diary.dates.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday
    columns = [np.ones(days), np.arange(days) / 365.25, diary.outcomes["sleep_quality"]]
    names = ["intercept", "trend", "sleep"]
    columns += [(weekday == d).astype(float) for d in range(1, 7)]
    names += [f"weekday{d}" for d in range(1, 7)]
    for slug in slugs:
        used = (diary.exposures[slug] > 0).astype(float)
        columns += [used, np.concatenate([[0.0], used[:-1]])]
        names += [f"{slug}:0", f"{slug}:1"]
    return np.column_stack(columns)[1:], names


def test_least_squares_recovers_true_same_day_and_next_day_effects() -> None:
    factors = (
        FactorSpec("heat_cold", base_rate=0.4, persistence=0.6, same_day_effect=-1.0),
        FactorSpec("pelvic_floor_relaxation", base_rate=0.3, persistence=0.7, next_day_effect=-0.8),
        FactorSpec("meditation", base_rate=0.3, persistence=0.5),
        FactorSpec("exercise", base_rate=0.35, persistence=0.5, same_day_effect=0.3, next_day_effect=-0.5),
    )
    spec = quiet_spec(days=20000, trend_per_year=-0.5, weekly_amplitude=0.4, sleep_effect=-0.2, factors=factors)
    diary = simulate_arrays(spec)
    design, names = design_matrix(diary, [f.slug for f in factors])
    pain = diary.outcomes["pain_average"][1:]
    plain = dict(zip(names, np.linalg.lstsq(design, pain, rcond=None)[0], strict=True))
    for factor in factors:
        assert plain[f"{factor.slug}:0"] == pytest.approx(factor.same_day_effect, abs=0.08), factor.slug
        assert plain[f"{factor.slug}:1"] == pytest.approx(factor.next_day_effect, abs=0.08), factor.slug
    # Sleep reacts to yesterday's pain, which shares today's AR(1) noise, so only the AR(1)-aware fit
    # (quasi-differencing with the true rho) recovers the sleep effect.
    rho = spec.rho
    differenced = np.linalg.lstsq(design[1:] - rho * design[:-1], pain[1:] - rho * pain[:-1], rcond=None)[0]
    aware = dict(zip(names, differenced, strict=True))
    assert aware["sleep"] == pytest.approx(spec.sleep_effect, abs=0.03)
    assert aware["trend"] == pytest.approx(spec.trend_per_year, abs=0.15)
    assert aware["heat_cold:0"] == pytest.approx(-1.0, abs=0.05)


def test_days_not_logged_are_unknown_never_did_not_use() -> None:
    diary = simulate_arrays(demo_patient_spec())
    assert (~diary.logged).sum() > 20
    for amounts in diary.exposures.values():
        assert np.all(np.isnan(amounts[~diary.logged]))
        assert not np.any(np.isnan(amounts[diary.logged]))
    for values in diary.outcomes.values():
        assert np.all(np.isnan(values[~diary.logged]))


def test_average_pain_is_answered_on_nearly_every_logged_day_while_other_fields_are_sometimes_skipped() -> None:
    diary = simulate_arrays(replace(demo_patient_spec(), days=3000))
    answered = ~np.isnan(diary.outcomes["pain_average"][diary.logged])
    assert answered.mean() >= 0.95
    skipped_mood = np.isnan(diary.outcomes["mood"][diary.logged]).mean()
    assert 0.01 < skipped_mood < 0.1


def test_simulate_gives_the_same_data_as_simulate_arrays() -> None:
    spec = demo_patient_spec()
    arrays, diary = simulate_arrays(spec), simulate(spec)
    assert len(diary.days) == spec.days
    assert diary.truth == arrays.truth
    for t, day in enumerate(diary.days):
        assert np.datetime64(day.day) == arrays.dates[t]
        assert day.logged == arrays.logged[t]
        if not day.logged:
            assert day.values == {}
            assert day.exposures == {}
            continue
        for name, series in arrays.outcomes.items():
            value = day.values[name]
            assert (value is None and math.isnan(series[t])) or value == series[t]
        assert day.exposures == {slug: amount[t] for slug, amount in arrays.exposures.items() if amount[t] > 0}


def test_dates_are_consecutive_calendar_days_from_the_start() -> None:
    spec = quiet_spec(days=40)
    dates = simulate_arrays(spec).dates
    assert dates[0] == np.datetime64(spec.start)
    assert np.all(np.diff(dates) == np.timedelta64(1, "D"))


def test_truth_is_json_serialisable_and_names_every_factor() -> None:
    spec = demo_patient_spec()
    truth = json.loads(json.dumps(simulate_arrays(spec).truth))
    assert truth["outcome"] == "pain_average"
    assert truth["simulator_version"] == "1"
    assert truth["seed"] == spec.seed
    assert truth["rho"] == spec.rho
    assert truth["sigma"] == spec.sigma
    assert set(truth["factors"]) == {f.slug for f in spec.factors}
    ibuprofen = truth["factors"]["medication:Ibuprofen"]
    assert ibuprofen["same_day_effect"] == -1.0
    assert ibuprofen["unit"] == "mg"


def test_demo_patient_has_a_year_of_cycle_tracked_diary_with_the_catalog_factors() -> None:
    spec = demo_patient_spec()
    diary = simulate_arrays(spec)
    assert spec.days == 365
    assert spec.track_cycle
    assert "cycle_day" in diary.outcomes
    assert {"pelvic_floor_relaxation", "kratom", "medication:Ibuprofen", "custom:Gluten-free day"} <= set(
        diary.exposures
    )
    assert 0.8 < diary.logged.mean() < 0.9
    grams = diary.exposures["kratom"][diary.exposures["kratom"] > 0]
    assert 1.0 < float(np.mean(grams)) < 3.0


def test_cycle_day_is_only_reported_when_the_cycle_is_tracked() -> None:
    assert "cycle_day" not in simulate_arrays(quiet_spec(days=60)).outcomes
    assert "cycle_day" in simulate_arrays(quiet_spec(days=60, track_cycle=True)).outcomes


def test_pain_is_higher_on_menstrual_and_premenstrual_days() -> None:
    diary = simulate_arrays(quiet_spec(days=6000, track_cycle=True, cycle_effect=0.8))
    cycle, pain = diary.outcomes["cycle_day"], diary.outcomes["pain_average"]
    assert pain[cycle <= 3].mean() - pain[(cycle >= 8) & (cycle <= 18)].mean() == pytest.approx(0.8, abs=0.12)


def test_other_effects_move_mood_on_the_day_and_sleep_the_next_morning() -> None:
    factors = (
        FactorSpec("intimacy", base_rate=0.3, persistence=0.3, other_effects={"mood": 0.5, "sleep_quality": 1.0}),
    )
    diary = simulate_arrays(quiet_spec(days=10000, factors=factors))
    used = diary.exposures["intimacy"] > 0
    mood, sleep = diary.outcomes["mood"], diary.outcomes["sleep_quality"]
    assert mood[used].mean() - mood[~used].mean() == pytest.approx(0.5, abs=0.1)
    assert sleep[1:][used[:-1]].mean() - sleep[1:][~used[:-1]].mean() == pytest.approx(1.0, abs=0.12)


@pytest.mark.parametrize(
    "bad",
    [
        {"days": 0},
        {"rho": 1.0},
        {"missing_rate": 1.0},
        {"factors": (FactorSpec("exercise"), FactorSpec("exercise"))},
    ],
)
def test_impossible_patient_specs_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        PatientSpec(**bad)


def test_effects_on_unknown_outcomes_are_refused() -> None:
    with pytest.raises(ValueError, match="other_effects"):
        FactorSpec("intimacy", other_effects={"happiness": 1.0})


def test_a_factor_used_often_cannot_be_short_lived_beyond_what_the_chain_allows() -> None:
    with pytest.raises(ValueError, match=r"persistence must be at least 0\.571"):
        FactorSpec("heat_cold", base_rate=0.7, persistence=0.2)


@pytest.mark.parametrize("days", [1, 2, 3])
def test_very_short_diaries_still_simulate(days: int) -> None:
    diary = simulate(replace(demo_patient_spec(), days=days, missing_rate=0.0))
    assert [day.logged for day in diary.days] == [True] * days
    assert all(day.values["pain_average"] is None or 0 <= day.values["pain_average"] <= 10 for day in diary.days)


def test_demo_amounts_use_catalog_units_and_stay_under_catalog_ceilings() -> None:
    catalog = {entry["slug"]: entry for entry in read_yaml(content_path("modalities.yaml"))["modalities"]}
    spec = demo_patient_spec()
    diary = simulate_arrays(replace(spec, days=3000))
    for factor in spec.factors:
        ceilings = catalog[factor.slug.split(":")[0]]["amount"]["units"]
        assert factor.unit in ceilings, factor.slug
        assert np.nanmax(diary.exposures[factor.slug]) <= ceilings[factor.unit], factor.slug


factor_specs = st.builds(
    FactorSpec,
    slug=st.sampled_from(["exercise", "kratom", "heat_cold", "custom:Tea"]),
    base_rate=st.floats(0.05, 0.5),
    persistence=st.floats(0.0, 0.95),
    feedback=st.floats(-2.0, 2.0),
    same_day_effect=st.floats(-3.0, 3.0),
    next_day_effect=st.floats(-3.0, 3.0),
    dose_mean=st.none() | st.floats(0.5, 500.0),
    dose_sd=st.none() | st.floats(0.0, 100.0),
    other_effects=st.dictionaries(st.sampled_from(["mood", "sleep_quality", "sleep_hours"]), st.floats(-2, 2)),
    later_effects=st.lists(st.floats(-2.0, 2.0), max_size=3).map(tuple),
)
patient_specs = st.builds(
    PatientSpec,
    days=st.integers(1, 120),
    baseline_pain=st.floats(0.0, 10.0),
    rho=st.floats(0.0, 0.95),
    sigma=st.floats(0.0, 4.0),
    missing_rate=st.floats(0.0, 0.9),
    mnar=st.floats(-2.0, 2.0),
    track_cycle=st.booleans(),
    unanswered_rate=st.floats(0.0, 0.5),
    noise_df=st.none() | st.floats(2.5, 30.0),
    factors=st.lists(factor_specs, max_size=4, unique_by=lambda f: f.slug).map(tuple),
    seed=st.integers(0, 2**32),
)


@settings(max_examples=40, deadline=None)
@given(spec=patient_specs)
def test_any_valid_patient_gives_a_well_formed_diary(spec: PatientSpec) -> None:
    diary = simulate_arrays(spec)
    assert diary.logged.shape == (spec.days,)
    for name, values in diary.outcomes.items():
        assert np.all(np.isnan(values[~diary.logged])), name
        answered = values[~np.isnan(values)]
        top = 24 if name == "sleep_hours" else 35 if name == "cycle_day" else 10
        assert np.all((answered >= 0) & (answered <= top)), name
    for slug, amounts in diary.exposures.items():
        assert np.all(np.isnan(amounts[~diary.logged])), slug
        assert np.all(amounts[diary.logged] >= 0), slug
    json.dumps(diary.truth)
