"""Unit tests of the insights engine on small hand-made diaries."""

from __future__ import annotations

import json

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from painwise.core.content import stale_entries
from painwise.nof1 import (
    AnalysisOptions,
    DiaryArrays,
    FactorMeta,
    Insight,
    MeaningfulDifference,
    analyse,
    insight_to_dict,
    naive_with_without,
    pool_effects,
    pool_people,
    stage_one,
)
from painwise.nof1.design import cycle_covariates
from painwise.nof1.model import TMixture, fit
from painwise.nof1.priors import EffectPrior, with_pooled_prior
from painwise.nof1.wording import wording

START = np.datetime64("2026-01-05")  # a Monday
YOGA = FactorMeta("yoga", "yoga")


def ar1_noise(rng: np.random.Generator, days: int, rho: float, sigma: float) -> np.ndarray:
    noise = np.empty(days)
    noise[0] = rng.normal(0.0, sigma)
    for t in range(1, days):
        noise[t] = rho * noise[t - 1] + rng.normal(0.0, sigma * np.sqrt(1 - rho**2))
    return noise


def make_diary(
    *,
    days: int = 200,
    effect: float = 0.0,
    next_day: float = 0.0,
    rho: float = 0.5,
    sigma: float = 1.0,
    missing: float = 0.1,
    use_rate: float = 0.4,
    seed: int = 1,
    outcome: str = "pain_average",
) -> DiaryArrays:
    """A diary with one yes/no factor acting on one outcome (points), AR(1) noise and random missing days."""
    rng = np.random.default_rng(seed)
    used = (rng.random(days) < use_rate).astype(float)
    values = 5.0 + effect * used + next_day * np.concatenate([[0.0], used[:-1]]) + ar1_noise(rng, days, rho, sigma)
    logged = rng.random(days) >= missing
    values[~logged] = np.nan
    used[~logged] = np.nan
    return DiaryArrays(START + np.arange(days), logged, {outcome: values}, {"yoga": used})


def only(
    insights: tuple[Insight, ...], *, factor: str = "yoga", outcome: str = "pain_average", lag: int = 0
) -> Insight:
    return next(i for i in insights if i.factor == factor and i.outcome == outcome and i.lag_days == lag)


# --- exact agreement with generalised least squares -------------------------------------------------


def gls_reference(x: np.ndarray, y: np.ndarray, days: np.ndarray, rho: float) -> np.ndarray:
    covariance = rho ** np.abs(days[:, None] - days[None, :]).astype(float)
    return np.asarray(sm.GLS(y, x, sigma=covariance).fit().params)


@pytest.mark.parametrize("with_gaps", [False, True])
def test_posterior_mean_equals_gls_with_ar1_covariance_when_rho_is_fixed_and_priors_flat(
    with_gaps: bool,
) -> None:
    rng = np.random.default_rng(3)
    days = np.arange(150)
    if with_gaps:
        days = np.sort(rng.choice(220, size=150, replace=False))
    x = np.column_stack([np.ones(days.size), days / 100.0, rng.random(days.size) < 0.4, rng.normal(size=days.size)])
    y = x @ np.array([5.0, -0.3, -1.0, 0.2]) + rng.normal(size=days.size)
    posterior = fit(
        x=x,
        y=y,
        days=days.astype(np.int64),
        prior_precision=np.zeros(4),
        rho_grid=np.array([0.6]),
        conditional=False,
    )
    np.testing.assert_allclose(posterior.means[0], gls_reference(x, y, days, 0.6), rtol=0, atol=1e-6)


def test_conditional_likelihood_equals_least_squares_on_quasi_differenced_consecutive_days() -> None:
    rng = np.random.default_rng(4)
    days = np.array([d for d in range(120) if d % 9 not in (4, 5)], dtype=np.int64)
    x = np.column_stack([np.ones(days.size), rng.random(days.size) < 0.5])
    y = x @ np.array([4.0, -0.8]) + rng.normal(size=days.size)
    rho = 0.4
    follows = np.flatnonzero(np.diff(days) == 1) + 1
    reference = sm.OLS(y[follows] - rho * y[follows - 1], x[follows] - rho * x[follows - 1]).fit().params
    posterior = fit(x=x, y=y, days=days, prior_precision=np.zeros(2), rho_grid=np.array([rho]), conditional=True)
    np.testing.assert_allclose(posterior.means[0], reference, atol=1e-8)


def test_single_component_mixture_matches_student_t_probabilities_and_quantiles() -> None:
    mixture = TMixture(np.array([1.0]), np.array([-0.7]), np.array([0.3]), np.array([11.0]))
    reference = stats.t(df=11.0, loc=-0.7, scale=0.3)
    assert float(mixture.cdf(0.0)[0]) == pytest.approx(reference.cdf(0.0), abs=1e-12)
    assert mixture.quantile(0.025) == pytest.approx(reference.ppf(0.025), abs=1e-8)
    assert mixture.sd == pytest.approx(reference.std(), rel=1e-12)


def test_mixture_quantile_inverts_its_cdf() -> None:
    mixture = TMixture(np.array([0.3, 0.7]), np.array([-1.0, 0.5]), np.array([0.2, 0.6]), np.array([7.0, 9.0]))
    for probability in (0.025, 0.5, 0.975):
        assert float(mixture.cdf(mixture.quantile(probability))[0]) == pytest.approx(probability, abs=1e-9)


# --- verdicts and sentences --------------------------------------------------------------------------


def test_a_clear_same_day_benefit_is_a_strong_sign_with_an_honest_sentence() -> None:
    insight = only(analyse(make_diary(days=300, effect=-1.5), factors=[YOGA]).insights)
    assert insight.verdict == "strong sign it helps"
    assert insight.ci_low is not None
    assert insight.effect is not None
    assert insight.ci_high is not None
    assert insight.ci_low < insight.effect < insight.ci_high < 0
    assert "points lower (better)" in insight.sentence
    assert "not proof" in insight.sentence
    assert f"You logged yoga on {insight.n_logged} days; {insight.n_with} of them could be compared" in insight.sentence
    assert f"with {insight.n_without} days without it" in insight.sentence
    assert "experiment" not in insight.sentence


def test_a_next_day_benefit_is_reported_at_lag_one_and_not_at_lag_zero() -> None:
    insights = analyse(make_diary(days=400, next_day=-1.5, seed=2), factors=[YOGA]).insights
    assert only(insights, lag=1).verdict_code == "strong_benefit"
    assert only(insights, lag=1).sentence.startswith("On the day after you logged yoga")
    assert only(insights, lag=0).verdict_code in ("little_difference", "not_enough")


def test_a_factor_followed_by_worse_pain_is_worded_as_worse_days_never_as_cause() -> None:
    insight = only(analyse(make_diary(days=300, effect=1.5), factors=[YOGA]).insights)
    assert insight.verdict == "strong sign it is followed by worse days"
    assert "points higher (worse)" in insight.sentence


def test_higher_mood_is_worded_as_better() -> None:
    diary = make_diary(days=300, effect=1.5, outcome="mood")
    insight = only(analyse(diary, factors=[YOGA]).insights, outcome="mood")
    assert insight.verdict == "strong sign it helps"
    assert insight.p_benefit is not None
    assert insight.p_benefit > 0.99
    assert "mood was 1." in insight.sentence
    assert "points higher (better)" in insight.sentence


def test_no_effect_with_plenty_of_data_is_probably_little_difference() -> None:
    insight = only(analyse(make_diary(days=400, seed=5), factors=[YOGA]).insights)
    assert insight.verdict == "probably little difference for you"
    assert "about the same" in insight.sentence


def test_a_short_diary_says_not_enough_information_with_days_still_needed() -> None:
    insight = only(analyse(make_diary(days=40, effect=-0.5, sigma=3.0, seed=6), factors=[YOGA]).insights)
    assert insight.verdict == "not enough information yet"
    assert insight.more_days_needed is not None
    assert insight.more_days_needed > 0
    assert f"About {insight.more_days_needed} more days" in insight.sentence or "more than a year" in insight.sentence


def test_nothing_directional_is_said_before_ten_days_with_the_factor() -> None:
    diary = make_diary(days=200, effect=-3.0, use_rate=0.04, seed=7)
    insight = only(analyse(diary, factors=[YOGA]).insights)
    assert insight.n_with < 10
    assert insight.verdict_code == "not_enough"


def test_meaningful_difference_can_be_thirty_percent_of_own_average() -> None:
    diary = make_diary(days=100, seed=8)
    insight = only(analyse(diary, factors=[YOGA], mcid=MeaningfulDifference(share_of_own_mean=0.3)).insights)
    own_mean = float(np.nanmean(diary.outcomes["pain_average"]))
    assert insight.mcid == pytest.approx(0.3 * own_mean)


def test_as_needed_factors_report_only_the_next_day() -> None:
    report = analyse(make_diary(days=100), factors=[FactorMeta("yoga", "rescue spray", prn=True)])
    assert [i.lag_days for i in report.insights] == [1]


def test_dose_factors_report_the_difference_at_the_usual_amount() -> None:
    rng = np.random.default_rng(9)
    diary = make_diary(days=300, effect=-1.2, seed=9)
    amounts = diary.exposures["yoga"] * rng.uniform(10, 40, diary.dates.size)
    dosed = DiaryArrays(diary.dates, diary.logged, diary.outcomes, {"yoga": amounts})
    insight = only(analyse(dosed, factors=[FactorMeta("yoga", "yoga", kind="dose")]).insights)
    assert insight.effect == pytest.approx(-1.2, abs=0.4)


def test_floor_heavy_ratings_downgrade_the_verdict() -> None:
    diary = make_diary(days=300, effect=-1.5, seed=10)
    floored = np.clip(diary.outcomes["pain_average"] - 4.0, 0.0, 10.0)
    insight = only(
        analyse(
            DiaryArrays(diary.dates, diary.logged, {"pain_average": floored}, diary.exposures), factors=[YOGA]
        ).insights
    )
    assert "floor_ceiling" in insight.diagnostics.problems
    assert insight.verdict_code != "strong_benefit"


def test_insight_dict_is_json_ready_and_has_the_promised_fields() -> None:
    insight = only(analyse(make_diary(days=150), factors=[YOGA]).insights)
    data = insight_to_dict(insight)
    json.dumps(data)
    for key in (
        "factor",
        "outcome",
        "lag_days",
        "effect",
        "ci_low",
        "ci_high",
        "p_benefit",
        "p_benefit_mcid",
        "verdict",
        "n_with",
        "n_without",
        "sentence",
        "more_days_needed",
        "diagnostics",
    ):
        assert key in data


# --- "not logged" means unknown, and bad input never crashes ------------------------------------------


def test_unlogged_days_are_unknown_not_days_without_the_factor() -> None:
    diary = make_diary(days=200, missing=0.4, seed=11)
    always = np.where(diary.logged, 1.0, np.nan)
    insight = only(
        analyse(DiaryArrays(diary.dates, diary.logged, diary.outcomes, {"yoga": always}), factors=[YOGA]).insights
    )
    assert insight.verdict_code == "not_enough"
    assert insight.n_without == 0
    assert "almost every day" in (insight.reason or "")


BAD_INPUTS = {
    "too few days": lambda d: DiaryArrays(
        d.dates[:15],
        d.logged[:15],
        {"pain_average": d.outcomes["pain_average"][:15]},
        {"yoga": d.exposures["yoga"][:15]},
    ),
    "never used": lambda d: DiaryArrays(d.dates, d.logged, d.outcomes, {"yoga": np.where(d.logged, 0.0, np.nan)}),
    "constant outcome": lambda d: DiaryArrays(
        d.dates, d.logged, {"pain_average": np.where(d.logged, 4.0, np.nan)}, d.exposures
    ),
    "all-missing outcome": lambda d: DiaryArrays(
        d.dates, d.logged, {"pain_average": np.full(d.dates.size, np.nan)}, d.exposures
    ),
    "duplicated dates": lambda d: DiaryArrays(
        np.concatenate([d.dates[:1], d.dates[:-1]]), d.logged, d.outcomes, d.exposures
    ),
    "wrong lengths": lambda d: DiaryArrays(
        d.dates, d.logged, {"pain_average": d.outcomes["pain_average"][:-3]}, d.exposures
    ),
    "missing factor": lambda d: DiaryArrays(d.dates, d.logged, d.outcomes, {}),
    "missing dates": lambda d: DiaryArrays(
        np.where(np.arange(d.dates.size) == 5, np.datetime64("NaT"), d.dates),
        d.logged,
        d.outcomes,
        d.exposures,
    ),
}


@pytest.mark.parametrize("problem", sorted(BAD_INPUTS))
def test_bad_input_gives_not_enough_information_with_a_reason_never_a_claim(problem: str) -> None:
    diary = BAD_INPUTS[problem](make_diary(days=120, effect=-2.0, seed=12))
    report = analyse(diary, factors=[YOGA], outcomes=["pain_average"])
    assert report.insights
    for insight in report.insights:
        assert insight.verdict == "not enough information yet"
        assert insight.reason
        assert insight.reason in insight.sentence


def test_infinite_and_negative_values_are_treated_as_unknown() -> None:
    diary = make_diary(days=200, effect=-1.5, seed=13)
    spoiled = diary.outcomes["pain_average"].copy()
    spoiled[::17] = np.inf
    amounts = diary.exposures["yoga"].copy()
    amounts[::19] = -1.0
    insight = only(
        analyse(
            DiaryArrays(diary.dates, diary.logged, {"pain_average": spoiled}, {"yoga": amounts}),
            factors=[YOGA],
        ).insights
    )
    assert insight.effect is not None
    assert np.isfinite(insight.effect)


def test_unsorted_dates_and_skipped_calendar_days_give_the_same_answer_as_a_full_calendar() -> None:
    diary = make_diary(days=150, effect=-1.0, seed=14)
    kept = np.flatnonzero(diary.logged)[::-1]
    sparse = DiaryArrays(
        diary.dates[kept],
        diary.logged[kept],
        {"pain_average": diary.outcomes["pain_average"][kept]},
        {"yoga": diary.exposures["yoga"][kept]},
    )
    full, shuffled = (
        only(analyse(diary, factors=[YOGA]).insights),
        only(analyse(sparse, factors=[YOGA]).insights),
    )
    assert shuffled.effect == pytest.approx(full.effect, abs=1e-9)


# --- covariates, pooling, negative control, content -----------------------------------------------------


def test_menstrual_and_premenstrual_days_are_found_even_when_day_one_was_not_logged() -> None:
    cycle = np.tile(np.arange(1, 29, dtype=float), 3)
    cycle[28] = np.nan  # day 1 of the second cycle not logged
    marks = cycle_covariates(DiaryArrays(START + np.arange(cycle.size), np.isfinite(cycle), {"cycle_day": cycle}, {}))
    assert np.nansum(marks["menstrual_days"]) == 3 * 3 - 1
    premenstrual = marks["premenstrual_days"]
    assert np.all(premenstrual[23:28] == 1.0)
    assert np.all(premenstrual[23 + 28 : 28 + 28] == 1.0)
    assert premenstrual[10] == 0.0


def test_pooling_recovers_the_population_mean_and_shrinks_toward_it() -> None:
    rng = np.random.default_rng(15)
    truth = rng.normal(-0.6, 0.4, 300)
    sds = rng.uniform(0.2, 0.6, 300)
    pooled = pool_effects(estimates=truth + rng.normal(0, sds), sds=sds)
    assert pooled.mu_low < -0.6 < pooled.mu_high
    assert pooled.tau_low < 0.4 < pooled.tau_high
    raw_error = np.mean((truth + rng.normal(0, sds) - truth) ** 2)
    assert np.mean((pooled.shrunken - truth) ** 2) < raw_error


def test_a_pooled_prior_swap_matches_the_conjugate_normal_update() -> None:
    likelihood = TMixture(np.array([1.0]), np.array([-1.0]), np.array([0.4]), np.array([1e7]))
    prior = EffectPrior(mean=-0.2, sd=0.3, weight=1.0 - 1e-12, vague_sd=2.0)
    posterior = with_pooled_prior(likelihood, prior=prior, base_scale=1e4, base_dof=1e7)
    precision = 1 / 0.4**2 + 1 / 0.3**2
    assert posterior.mean == pytest.approx((-1.0 / 0.4**2 - 0.2 / 0.3**2) / precision, abs=1e-4)
    assert posterior.sd == pytest.approx(precision**-0.5, abs=1e-4)


def test_naive_comparison_reports_the_raw_difference_in_means() -> None:
    diary = make_diary(days=200, effect=-1.0, seed=16)
    naive = naive_with_without(diary, factor="yoga", outcome="pain_average")
    y, used = diary.outcomes["pain_average"], diary.exposures["yoga"]
    assert naive.difference == pytest.approx(np.nanmean(y[used == 1]) - np.nanmean(y[used == 0]))


def test_wording_content_is_valid_sourced_and_reviewed() -> None:
    content = wording()
    assert not stale_entries([content.meaningful_difference, content.rules])
    assert content.verdicts.strong_benefit == "strong sign it helps"
    assert content.verdicts.some_benefit == "some sign it helps"
    assert content.verdicts.little_difference == "probably little difference for you"
    assert content.verdicts.not_enough == "not enough information yet"


def test_options_change_the_analysis_only_where_asked() -> None:
    diary = make_diary(days=200, seed=17)
    default = only(analyse(diary, factors=[YOGA]).insights)
    full = only(analyse(diary, factors=[YOGA], options=AnalysisOptions(conditional=False)).insights)
    assert full.diagnostics.n_rows > default.diagnostics.n_rows


def test_pooled_priors_from_other_people_pull_a_short_diary_toward_what_helped_them() -> None:
    people = [
        stage_one(make_diary(days=300, effect=-1.5, seed=100 + k), factors=[YOGA], outcomes=["pain_average"])
        for k in range(8)
    ]
    priors, pooled = pool_people(people)
    assert pooled[("yoga", "pain_average", 0)].mu_mean == pytest.approx(-1.5, abs=0.3)
    short = make_diary(days=45, effect=-1.5, sigma=1.5, seed=200)
    alone = only(analyse(short, factors=[YOGA]).insights)
    helped = only(analyse(short, factors=[YOGA], prior=priors).insights)
    assert helped.posterior_sd is not None
    assert alone.posterior_sd is not None
    assert helped.posterior_sd < alone.posterior_sd
    assert helped.effect is not None
    assert alone.effect is not None
    assert abs(helped.effect + 1.5) < abs(alone.effect + 1.5)


def _little_difference_sentence(effect: float, low: float, high: float) -> str:
    from painwise.nof1.verdicts import finding_sentence
    from painwise.nof1.wording import outcome_info

    return finding_sentence(code="little_difference", factor_label="Ibuprofen", lag=0,
                            info=outcome_info("pain_average"), effect=effect, low=low, high=high,
                            n_with=60, n_without=140, mcid=1.0)


def test_a_small_but_clear_difference_keeps_its_direction_in_the_sentence() -> None:
    sentence = _little_difference_sentence(-0.8, -1.2, -0.5)
    assert "0.8 points lower than on similar days, likely between 0.5 and 1.2 points lower" in sentence
    assert "probably less than the 1 point you count as a real difference" in sentence
    assert "about the same" not in sentence


def test_a_difference_that_rounds_to_zero_is_never_shown_as_minus_zero() -> None:
    sentence = _little_difference_sentence(-0.04, -0.4, 0.3)
    assert "difference +0.0 points" in sentence
    assert "-0.0" not in sentence


# --- as-needed use, dependence-forming substances, experiments, day counts ------------------------------


def test_an_as_needed_factor_gets_no_same_day_verdict_and_a_plain_next_day_caveat() -> None:
    diary = make_diary(days=300, effect=-1.5, next_day=-1.5)
    insights = analyse(diary, factors=[FactorMeta("yoga", "yoga", prn=True)]).insights
    pain = [i for i in insights if i.outcome == "pain_average"]
    assert [i.lag_days for i in pain] == [1]
    assert pain[0].as_needed
    assert "cannot be separated from the reason you took it" in pain[0].sentence


def test_an_as_needed_factor_is_never_a_strong_sign_however_clear_the_pattern() -> None:
    diary = make_diary(days=300, next_day=-2.0)
    plain = only(analyse(diary, factors=[YOGA]).insights, lag=1)
    as_needed = only(analyse(diary, factors=[FactorMeta("yoga", "yoga", prn=True)]).insights, lag=1)
    assert plain.verdict_code == "strong_benefit"
    assert as_needed.verdict_code == "some_benefit"
    assert not as_needed.headline


def test_a_dependence_forming_substance_is_never_said_to_help_nor_offered_an_experiment() -> None:
    diary = make_diary(days=300, effect=-1.5, next_day=-1.5)
    kratom = FactorMeta("yoga", "Kratom", dependence=True)
    insights = [i for i in analyse(diary, factors=[kratom]).insights if i.outcome == "pain_average"]
    assert {i.verdict_code for i in insights} == {"withdrawal_possible"}
    for insight in insights:
        assert "helps" not in insight.verdict + insight.sentence
        assert "(better)" not in insight.sentence
        assert "days without it may be withdrawal days" in insight.sentence
        assert insight.experiment == "never"
        assert not insight.headline


def test_a_dependence_forming_substance_followed_by_worse_days_is_still_said_so() -> None:
    diary = make_diary(days=300, effect=1.5)
    insight = only(analyse(diary, factors=[FactorMeta("yoga", "Alcohol", dependence=True)]).insights, lag=0)
    assert insight.verdict_code == "strong_harm"
    assert "may be withdrawal days" in insight.sentence


def test_experiments_are_a_hook_allowed_for_therapies_and_only_with_the_prescriber_for_medicines() -> None:
    diary = make_diary(days=120)
    exercise = only(analyse(diary, factors=[YOGA]).insights, lag=0)
    medicine = only(analyse(diary, factors=[FactorMeta("yoga", "Ibuprofen", medicine=True)]).insights, lag=0)
    assert exercise.experiment == "allowed"
    assert medicine.experiment == "with_prescriber"
    assert "experiment" not in exercise.sentence + medicine.sentence


def test_day_counts_say_what_was_logged_and_how_much_of_it_could_be_compared() -> None:
    diary = make_diary(days=200, missing=0.3, use_rate=0.4)
    used_days = int(np.nansum(diary.exposures["yoga"] > 0))
    insight = only(analyse(diary, factors=[YOGA]).insights, lag=0)
    assert insight.n_logged == used_days
    assert insight.n_with < used_days
    assert f"You logged yoga on {used_days} days; {insight.n_with} of them could be compared" in insight.sentence
    assert "needs your average pain rated on the day and on the day before" in insight.sentence


def test_a_rarely_logged_factor_says_how_often_it_was_logged_and_how_often_it_could_be_compared() -> None:
    diary = make_diary(days=120, use_rate=0.0, missing=0.0)
    amounts = diary.exposures["yoga"].copy()
    amounts[[10, 40, 41, 90, 100]] = 1.0
    amounts[[11, 42, 91]] = np.nan  # the days after some uses were not checked in
    diary = DiaryArrays(diary.dates, diary.logged, diary.outcomes, {"yoga": amounts})
    insight = only(analyse(diary, factors=[YOGA]).insights, lag=1)
    assert insight.verdict_code == "not_enough"
    assert insight.n_logged == 5
    assert "yoga was logged on 5 days, and" in insight.sentence


def test_not_enough_information_after_the_model_ran_still_says_what_was_logged_and_compared() -> None:
    diary = make_diary(days=60, missing=0.2, use_rate=0.15, sigma=1.5)
    insight = only(analyse(diary, factors=[YOGA]).insights, lag=0)
    assert insight.verdict_code == "not_enough"
    assert insight.effect is not None
    assert f"You logged yoga on {insight.n_logged} days; {insight.n_with} of them could be compared" in insight.sentence


@pytest.mark.parametrize("conditional", [False, True])
def test_the_grid_sums_equal_quasi_differencing_each_row_by_hand(conditional: bool) -> None:
    from painwise.nof1.model import _quasi_differenced_stats

    rng = np.random.default_rng(3)
    days = np.cumsum(rng.choice([1, 1, 1, 2, 3, 5], size=30))
    z = rng.normal(size=(30, 4))
    grid = np.array([0.0, 0.3, 0.8, 0.95])
    stats, log_jacobian, n_rows = _quasi_differenced_stats(z, days, grid, conditional=conditional)
    for g, rho in enumerate(grid):
        rows = [] if conditional else [z[0]]
        jacobian = 0.0
        for i in range(1, 30):
            gap = days[i] - days[i - 1]
            if conditional and gap != 1:
                continue
            r = rho**gap
            rows.append((z[i] - r * z[i - 1]) / np.sqrt(1 - r**2))
            jacobian -= 0.5 * np.log(1 - r**2)
        whitened = np.array(rows)
        np.testing.assert_allclose(stats[g], whitened.T @ whitened, rtol=1e-12, atol=1e-12)
        assert log_jacobian[g] == pytest.approx(jacobian, abs=1e-12)
        assert n_rows == len(rows)
