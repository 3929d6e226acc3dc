"""Randomised N-of-1 trials: schedules, fingerprint, analysis, randomisation test, a small validation."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from painwise.nof1.trial import (
    DesignKind,
    TrialData,
    TrialDesign,
    TrialError,
    analyse_trial,
    expected_precision,
    fingerprint,
    full_analysis,
    generate_schedule,
    proposed_design,
    randomisation_p,
    sensitivity_analysis,
    simulate_data,
)


def _longest_run(conditions: list[str]) -> int:
    longest = run = 1
    for before, now in itertools.pairwise(conditions):
        run = run + 1 if now == before else 1
        longest = max(longest, run)
    return longest


def test_the_same_seed_gives_the_same_schedule_and_another_seed_another() -> None:
    design = proposed_design("days")
    assert generate_schedule(design, seed=7) == generate_schedule(design, seed=7)
    assert generate_schedule(design, seed=7) != generate_schedule(design, seed=8)


def test_a_block_schedule_has_ab_or_ba_pairs_with_washout_at_the_start_of_each_period() -> None:
    design = TrialDesign(kind="blocks", pairs=4, period_days=7, washout_days=2)
    schedule = generate_schedule(design, seed=3)
    assert len(schedule) == 56
    for pair in range(4):
        first = schedule[pair * 14].condition
        second = schedule[pair * 14 + 7].condition
        assert {first, second} == {"A", "B"}
        assert all(d.condition == first for d in schedule[pair * 14 : pair * 14 + 7])
    assert [d.washout for d in schedule[:7]] == [True, True, False, False, False, False, False]


def test_a_day_schedule_never_has_more_than_three_same_days_in_a_row() -> None:
    for seed in range(50):
        conditions = [d.condition for d in generate_schedule(TrialDesign(kind="days", days=60), seed=seed)]
        assert _longest_run(conditions) <= 3
        assert set(conditions) == {"A", "B"}


@pytest.mark.parametrize(
    ("design", "field"),
    [
        (TrialDesign(kind="blocks", pairs=2), "pairs"),
        (TrialDesign(kind="blocks", period_days=5), "period_days"),
        (TrialDesign(kind="blocks", period_days=7, washout_days=5), "washout_days"),
        (TrialDesign(kind="days", days=21), "days"),
    ],
)
def test_a_design_shorter_than_allowed_is_refused_naming_the_field(design: TrialDesign, field: str) -> None:
    with pytest.raises(TrialError) as caught:
        design.validate()
    assert caught.value.field == field


def test_the_fingerprint_ignores_key_order_but_not_a_changed_value() -> None:
    protocol = {"seed": 1, "outcome": "pain_average", "mcid": 1.0}
    same = {"mcid": 1.0, "outcome": "pain_average", "seed": 1}
    assert fingerprint(protocol) == fingerprint(same)
    assert fingerprint(protocol) != fingerprint({**protocol, "mcid": 1.5})
    assert len(fingerprint(protocol)) == 64


def _trial(kind: DesignKind, effect: float, seed: int, sigma: float = 1.0) -> TrialData:
    design = proposed_design(kind) if kind == "blocks" else TrialDesign(kind="days", days=42)
    schedule = generate_schedule(design, seed=seed)
    return simulate_data(schedule, effect=effect, sigma=sigma, rho=0.4, rng=np.random.default_rng(seed))


def test_a_large_benefit_of_a_gives_a_clear_answer_in_points() -> None:
    result = analyse_trial(_trial("days", -2.0, seed=1), kind="days", mcid=1.0)
    assert result.verdict == "a_better"
    assert result.high < 0
    assert result.low < result.difference < result.high
    assert result.p_better > 0.975
    assert result.p_better + result.p_worse == pytest.approx(1.0)
    assert result.p_better_mcid + result.p_same + result.p_worse_mcid == pytest.approx(1.0)
    assert "A was better" in result.sentences[0]


def test_for_an_outcome_where_higher_is_better_a_lower_score_with_a_is_worse() -> None:
    result = analyse_trial(_trial("days", -2.0, seed=1), kind="days", mcid=1.0, higher_is_better=True)
    assert result.verdict == "b_better"


def test_the_sceptical_prior_pulls_a_small_trial_towards_no_difference() -> None:
    data = _trial("days", -1.0, seed=4)
    tight = analyse_trial(data, kind="days", mcid=0.25, randomisation=False)
    wide = analyse_trial(data, kind="days", mcid=3.0, randomisation=False)
    assert abs(tight.difference) < abs(wide.difference)


def test_washout_and_missing_days_are_left_out_of_the_count() -> None:
    data = _trial("blocks", -1.0, seed=2)
    result = analyse_trial(data, kind="blocks", mcid=1.0, randomisation=False)
    counted = np.isfinite(data.outcome) & ~data.washout
    assert result.days_a + result.days_b == result.days_used == counted.sum() < 56


def test_a_file_with_a_day_twice_or_an_unknown_condition_is_refused() -> None:
    with pytest.raises(TrialError) as caught:
        TrialData(day=np.array([0, 0]), period=np.array([1, 1]), assigned=("A", "B"),
                  outcome=np.array([1.0, 2.0]), washout=np.array([False, False]))
    assert caught.value.field == "day"
    with pytest.raises(TrialError) as caught:
        TrialData(day=np.array([0, 1]), period=np.array([1, 2]), assigned=("A", "C"),
                  outcome=np.array([1.0, 2.0]), washout=np.array([False, False]))
    assert caught.value.field == "condition"


def test_too_few_logged_days_is_a_clear_error_about_the_outcome() -> None:
    data = _trial("days", 0.0, seed=1)
    empty = TrialData(day=data.day, period=data.period, assigned=data.assigned,
                      outcome=np.full(data.day.size, np.nan), washout=data.washout)
    with pytest.raises(TrialError) as caught:
        analyse_trial(empty, kind="days", mcid=1.0)
    assert caught.value.field == "outcome"


def test_the_exact_block_randomisation_test_cannot_go_below_two_of_all_orders() -> None:
    data = _trial("blocks", -4.0, seed=5, sigma=0.3)
    assert randomisation_p(data, kind="blocks") == pytest.approx(2 / 16)


def test_randomisation_p_values_are_uniform_under_no_difference() -> None:
    values = [randomisation_p(_trial("days", 0.0, seed=s), kind="days", draws=200, seed=s) for s in range(60)]
    assert stats.kstest(values, "uniform").pvalue > 0.01


def test_the_bayesian_rule_rarely_claims_a_difference_when_there_is_none() -> None:
    claims = sum(
        analyse_trial(_trial("days", 0.0, seed=100 + s, sigma=1.5), kind="days", mcid=1.0, randomisation=False).clear
        for s in range(60)
    )
    assert claims <= 6  # 5 % expected at most; 6 of 60 allows for chance


def test_expected_precision_grows_with_a_longer_design() -> None:
    short = expected_precision(TrialDesign(kind="days", days=28), mcid=1.0, simulations=100)
    long = expected_precision(TrialDesign(kind="days", days=112), mcid=1.0, simulations=100)
    assert long.chance_clear > short.chance_clear
    assert long.typical_half_width < short.typical_half_width


def test_day_level_re_draws_have_the_schedule_generators_distribution() -> None:
    from collections import Counter

    from painwise.nof1.trial import _day_sequence, day_sequences

    rng = np.random.default_rng(11)
    drawn = day_sequences(rng, count=20000, size=8)
    runs = np.diff(drawn.astype(np.int8), axis=1) == 0
    assert not (runs[:, :-2] & runs[:, 1:-1] & runs[:, 2:]).any()  # never 4 same days in a row
    reference = Counter(tuple(c == "A" for c in _day_sequence(rng, 8, 3)) for _ in range(20000))
    ours = Counter(tuple(bool(v) for v in row) for row in drawn)
    patterns = sorted(set(reference) | set(ours))
    table = np.array([[reference[p] for p in patterns], [ours[p] for p in patterns]])
    assert stats.chi2_contingency(table)[1] > 0.001


def test_block_randomisation_p_is_the_share_of_all_orders_at_least_as_extreme() -> None:
    design = TrialDesign(kind="blocks", pairs=4, period_days=7, washout_days=2)
    data = simulate_data(generate_schedule(design, seed=4), effect=-0.8, sigma=1.0, rho=0.3,
                         rng=np.random.default_rng(4))
    rows = np.isfinite(data.outcome) & ~data.washout

    def difference(is_a: np.ndarray) -> float:
        return float(data.outcome[rows & is_a].mean() - data.outcome[rows & ~is_a].mean())

    observed = difference(np.array(data.assigned) == "A")
    first_half = (data.period - 1) % 2 == 0
    pair = (data.period - 1) // 2
    extreme = [abs(difference(np.where(np.array(orders)[pair] == 0, first_half, ~first_half))) >= abs(observed) - 1e-12
               for orders in itertools.product((0, 1), repeat=4)]
    assert randomisation_p(data, kind="blocks") == pytest.approx(np.mean(extreme))


def test_the_prior_swap_matches_a_fine_brute_force_integration() -> None:
    from painwise.nof1.model import TMixture
    from painwise.nof1.priors import EffectPrior, with_pooled_prior

    mixture = TMixture(np.array([0.3, 0.7]), np.array([-1.2, -0.9]), np.array([0.35, 0.5]), np.array([30.0, 30.0]))
    prior = EffectPrior(mean=0.0, sd=1.0, weight=0.5, vague_sd=1.0)
    swapped = with_pooled_prior(mixture, prior=prior, base_scale=10.0, base_dof=4.0)
    grid = np.linspace(-12, 12, 400_001)
    t = stats.t.pdf(grid[:, None], df=30.0, loc=mixture.loc, scale=mixture.scale) @ mixture.weights
    density = t * stats.norm.pdf(grid, 0, 1) / stats.t.pdf(grid, df=4.0, scale=10.0)
    cumulative = np.cumsum(density)
    cumulative /= cumulative[-1]
    assert swapped.mean == pytest.approx(np.sum(grid * density) / np.sum(density), abs=1e-6)
    low, high = swapped.interval()
    assert low == pytest.approx(np.interp(0.025, cumulative, grid), abs=1e-3)
    assert high == pytest.approx(np.interp(0.975, cumulative, grid), abs=1e-3)
    assert float(swapped.cdf(0.0)[0]) == pytest.approx(np.interp(0.0, grid, cumulative), abs=1e-4)


def _reference_sequence(row: np.ndarray, size: int, max_run: int) -> list[bool]:
    """One day-level re-draw the slow way, from the same random bytes: run k's length is 1 + the number of
    lowest bits of byte k that are 1 (at most ``max_run``); the last byte's lowest bit picks the first day."""
    days: list[bool] = []
    condition = int(row[size]) & 1 == 0
    for byte in row[:size]:
        length = 1
        while length < max_run and int(byte) >> (length - 1) & 1:
            length += 1
        days += [condition] * length
        condition = not condition
        if len(days) >= size:
            break
    return days[:size]


@pytest.mark.parametrize(("size", "max_run"), [(28, 3), (63, 3), (64, 3), (65, 2), (200, 3), (366, 1)])
def test_day_level_re_draws_follow_the_run_length_rule_day_by_day(size: int, max_run: int) -> None:
    from painwise.nof1.trial import day_sequences

    drawn = day_sequences(np.random.default_rng(size), count=50, size=size, max_run=max_run)
    random = np.frombuffer(np.random.default_rng(size).bytes(50 * (size + 1)), dtype=np.uint8).reshape(50, size + 1)
    for row, sequence in zip(random, drawn, strict=True):
        assert sequence.tolist() == _reference_sequence(row, size, max_run)


@pytest.mark.parametrize(("kind", "seed"), [("blocks", 21), ("days", 22), ("days", 23)])
def test_the_sceptical_prior_swap_of_a_real_fit_matches_a_dense_integration(kind: DesignKind, seed: int) -> None:
    from painwise.nof1.trial import KAPPA_BASE, effect_posterior, working_effect

    data = _trial(kind, -0.8, seed=seed, sigma=1.5)
    swapped, _, _ = effect_posterior(data, kind=kind, mcid=1.0)
    mixture = working_effect(data, kind=kind)  # 39 Student-t components, one per grid value of rho
    grid = np.linspace(-10, 10, 200_001)
    t = stats.t.pdf(grid[:, None], df=mixture.dof, loc=mixture.loc, scale=mixture.scale) @ mixture.weights
    density = t * stats.norm.pdf(grid, 0, 1.0) / stats.t.pdf(grid, df=4.0, scale=KAPPA_BASE)
    cumulative = np.cumsum(density) - 0.5 * density  # midpoint rule: the CDF at each grid point
    cumulative /= cumulative[-1]
    assert swapped.mean == pytest.approx(np.sum(grid * density) / np.sum(density), abs=1e-8)
    low, high = swapped.interval()
    assert low == pytest.approx(np.interp(0.025, cumulative, grid), abs=1e-6)
    assert high == pytest.approx(np.interp(0.975, cumulative, grid), abs=1e-6)
    for point in (-1.0, 0.0, 1.0):  # the Trialist probabilities' cut points at MCID 1
        assert float(swapped.cdf(point)[0]) == pytest.approx(np.interp(point, grid, cumulative), abs=1e-6)


def _followed(data: TrialData, not_followed: list[int]) -> TrialData:
    return replace(data, followed=tuple(i not in not_followed for i in range(data.day.size)))


@pytest.mark.parametrize("kind", ["blocks", "days"])
def test_the_reused_sensitivity_result_equals_a_refit_when_no_counted_day_was_missed(kind: DesignKind) -> None:
    data = _trial(kind, -1.0, seed=5)
    data = replace(data, outcome=np.where(np.arange(data.day.size) % 9 == 4, np.nan, data.outcome))
    uncounted = [int(i) for i in np.flatnonzero(~np.isfinite(data.outcome) | data.washout.astype(bool))]
    for flagged in (replace(data, followed=()), _followed(data, []), _followed(data, uncounted)):
        itt = analyse_trial(flagged, kind=kind, mcid=1.0, higher_is_better=True)
        reused, same = sensitivity_analysis(flagged, itt=itt, kind=kind, mcid=1.0, higher_is_better=True)
        refit = analyse_trial(flagged, kind=kind, mcid=1.0, higher_is_better=True, per_protocol=True,
                              randomisation=False)
        assert same
        assert reused == refit


@pytest.mark.parametrize("kind", ["blocks", "days"])
def test_a_counted_day_not_followed_forces_a_refit_without_it(kind: DesignKind) -> None:
    data = _trial(kind, -1.0, seed=6)
    counted = np.flatnonzero(np.isfinite(data.outcome) & ~data.washout.astype(bool))
    flagged = _followed(data, [int(counted[3])])
    itt = analyse_trial(flagged, kind=kind, mcid=1.0)
    result, same = sensitivity_analysis(flagged, itt=itt, kind=kind, mcid=1.0)
    assert not same
    assert result == analyse_trial(flagged, kind=kind, mcid=1.0, per_protocol=True, randomisation=False)
    assert result.days_used == itt.days_used - 1
    assert result.difference != itt.difference


def test_the_full_analysis_adds_a_sensitivity_result_only_when_some_day_was_not_followed() -> None:
    data = _trial("blocks", -1.0, seed=7)
    everything = full_analysis(_followed(data, []), kind="blocks", mcid=1.0, seed=3)
    assert everything.sensitivity is None
    assert everything.result == analyse_trial(data, kind="blocks", mcid=1.0, seed=3)
    counted = np.flatnonzero(np.isfinite(data.outcome) & ~data.washout.astype(bool))
    missed = full_analysis(_followed(data, [int(counted[0])]), kind="blocks", mcid=1.0, seed=3)
    assert missed.sensitivity is not None
    assert not missed.sensitivity_same_days
    assert missed.sensitivity.days_used == missed.result.days_used - 1


def test_the_randomisation_statistic_of_every_redraw_is_its_own_difference_in_means() -> None:
    from painwise.nof1.trial import _statistics, counted_rows, day_sequences

    data = _trial("days", -1.0, seed=8)
    rows = counted_rows(data)
    y = np.where(rows, data.outcome, 0.0)
    drawn = day_sequences(np.random.default_rng(8), count=1000, size=data.day.size)  # several blocks of rows
    expected = [np.mean(y[rows & a]) - np.mean(y[rows & ~a]) for a in drawn]
    assert _statistics(y, rows, drawn) == pytest.approx(expected, abs=1e-12)
