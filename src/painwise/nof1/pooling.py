"""Pooling across people: two-stage normal–normal hierarchical model and the priors it hands on.

Stage 1 fits each person with a vague effect prior (κ = 10) and keeps the estimate bᵢ and its SD sᵢ.
Stage 2: bᵢ ~ N(θᵢ, sᵢ²), θᵢ ~ N(μ, τ²), τ ~ half-normal(``tau_prior_sd`` points), μ flat. τ lives on a
grid; μ is integrated analytically, so the posteriors of μ and τ and the shrunken θᵢ are exact up to
the grid. The predictive distribution of a new person's θ, mixed 0.8 / 0.2 with a vague N(0, (2·MCID)²),
becomes their prior.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from painwise.nof1.clean import clean_diary
from painwise.nof1.design import factor_lags
from painwise.nof1.engine import coefficient_posterior, fit_outcome
from painwise.nof1.priors import EffectPrior, PooledPriors
from painwise.nof1.types import DEFAULT_OPTIONS, AnalysisOptions, DiaryArrays, FactorMeta, FloatArray

STAGE_ONE_KAPPA = 10.0
POOLED_WEIGHT = 0.8
RHO_PRIOR_FLOOR = 0.05  # share of a uniform ρ prior kept in the pooled ρ prior, so no value is ruled out
MIN_PEOPLE = 5


@dataclass(frozen=True)
class StageOne:
    """One person's stage-1 result for a factor × outcome × lag: estimate and SD in points."""

    factor: str
    outcome: str
    lag: int
    estimate: float
    sd: float


@dataclass(frozen=True)
class PersonFit:
    """Stage-1 results for one person: effects, and per outcome the ρ posterior and mean σ² (points²)."""

    effects: tuple[StageOne, ...]
    rho_weights: Mapping[str, FloatArray]
    sigma2: Mapping[str, float]


def stage_one(
    diary: DiaryArrays,
    *,
    factors: Sequence[FactorMeta],
    outcomes: Sequence[str],
    options: AnalysisOptions = DEFAULT_OPTIONS,
) -> PersonFit:
    """Fit one person with a vague effect prior; unusable outcomes and factors are simply left out."""
    vague = replace(options, kappa_effect=STAGE_ONE_KAPPA)
    cleaned = clean_diary(diary).diary
    effects: list[StageOne] = []
    rho_weights: dict[str, FloatArray] = {}
    sigma2: dict[str, float] = {}
    if cleaned is None:
        return PersonFit((), {}, {})
    grid = np.asarray(options.rho_grid)
    for outcome in outcomes:
        outcome_fit = fit_outcome(cleaned, outcome=outcome, factors=factors, options=vague, with_checks=False)
        if outcome_fit.posterior is None:
            continue
        posterior = outcome_fit.posterior
        weights = np.zeros(grid.size)
        weights[np.searchsorted(grid, posterior.rho)] = posterior.weights
        rho_weights[outcome] = weights
        sigma2[outcome] = float(posterior.weights @ posterior.sigma2_mean)
        for meta in factors:
            for lag in factor_lags(meta):
                marginal = coefficient_posterior(outcome_fit, factor=meta.slug, lag=lag, prior=None, options=vague)
                if marginal is not None:
                    effects.append(StageOne(meta.slug, outcome, lag, marginal.mean, marginal.sd))
    return PersonFit(tuple(effects), rho_weights, sigma2)


@dataclass(frozen=True)
class PooledEffect:
    """Stage-2 result for one factor × outcome × lag (points).

    ``mu_*``: population mean difference; ``tau_*``: between-person SD; ``shrunken``: each person's
    posterior mean θᵢ (same order as the input); ``share_meaningful_benefit``: predicted share of people
    whose difference is a benefit of at least the meaningful difference.
    """

    n_people: int
    mu_mean: float
    mu_sd: float
    mu_low: float
    mu_high: float
    tau_mean: float
    tau_low: float
    tau_high: float
    predictive_mean: float
    predictive_sd: float
    share_meaningful_benefit: float
    shrunken: FloatArray

    def prior(self, *, mcid: float) -> EffectPrior:
        """The robust mixture prior for a new person: 0.8 · predictive + 0.2 · N(0, (2·mcid)²)."""
        return EffectPrior(self.predictive_mean, self.predictive_sd, POOLED_WEIGHT, 2.0 * mcid)


def pool_effects(
    *,
    estimates: FloatArray,
    sds: FloatArray,
    mcid: float = 1.0,
    higher_is_better: bool = False,
    tau_prior_sd: float = 1.0,
    tau_grid_size: int = 100,
) -> PooledEffect:
    """Two-stage pooling of per-person estimates bᵢ with SDs sᵢ (points) over a τ grid."""
    from scipy import special  # here: scipy costs most of a start-up
    b, s2 = np.asarray(estimates, dtype=np.float64), np.asarray(sds, dtype=np.float64) ** 2
    top = max(5.0 * tau_prior_sd, 3.0 * float(b.std()))
    tau = (np.arange(tau_grid_size) + 0.5) * top / tau_grid_size
    v = s2[None, :] + tau[:, None] ** 2
    precision = (1.0 / v).sum(axis=1)
    mu_hat = (b[None, :] / v).sum(axis=1) / precision
    log_post = (
        -0.5 * (tau / tau_prior_sd) ** 2
        - 0.5 * np.log(v).sum(axis=1)
        - 0.5 * np.log(precision)
        - 0.5 * (((b[None, :] - mu_hat[:, None]) ** 2) / v).sum(axis=1)
    )
    w = np.exp(log_post - log_post.max())
    w /= w.sum()
    mu_var = 1.0 / precision
    mu_mean = float(w @ mu_hat)
    mu_sd = math.sqrt(float(w @ (mu_var + mu_hat**2)) - mu_mean**2)
    pred_var = tau**2 + mu_var
    pred_sd = math.sqrt(max(float(w @ (pred_var + mu_hat**2)) - mu_mean**2, 1e-12))
    shrink = tau[:, None] ** 2 / (tau[:, None] ** 2 + s2[None, :])
    shrunken = w @ (mu_hat[:, None] + shrink * (b[None, :] - mu_hat[:, None]))
    cut = (mcid - mu_hat) / np.sqrt(pred_var) if higher_is_better else (-mcid - mu_hat) / np.sqrt(pred_var)
    share = float(w @ (special.ndtr(-cut) if higher_is_better else special.ndtr(cut)))
    cumulative = np.cumsum(w)
    return PooledEffect(
        n_people=int(b.size),
        mu_mean=mu_mean,
        mu_sd=mu_sd,
        mu_low=_normal_mixture_quantile(w, mu_hat, np.sqrt(mu_var), 0.025),
        mu_high=_normal_mixture_quantile(w, mu_hat, np.sqrt(mu_var), 0.975),
        tau_mean=float(w @ tau),
        tau_low=float(np.interp(0.025, cumulative, tau)),
        tau_high=float(np.interp(0.975, cumulative, tau)),
        predictive_mean=mu_mean,
        predictive_sd=pred_sd,
        share_meaningful_benefit=share,
        shrunken=np.asarray(shrunken),
    )


def _normal_mixture_quantile(weights: FloatArray, loc: FloatArray, scale: FloatArray, probability: float) -> float:
    from scipy import special  # here: scipy costs most of a start-up
    z = float(special.ndtri(probability))
    low, high = float((loc + z * scale).min()), float((loc + z * scale).max())
    while high - low > 1e-10 * max(1.0, abs(high)):
        middle = 0.5 * (low + high)
        if float(weights @ special.ndtr((middle - loc) / scale)) < probability:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def pool_people(
    people: Iterable[PersonFit],
    *,
    mcid: float = 1.0,
    higher_is_better: Mapping[str, bool] | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
) -> tuple[PooledPriors, dict[tuple[str, str, int], PooledEffect]]:
    """Pool stage-1 fits: pooled effects per (factor, outcome, lag) with at least MIN_PEOPLE people, and
    the priors they imply (effects; ρ and σ² per outcome) for people with short diaries."""
    by_key: dict[tuple[str, str, int], list[StageOne]] = defaultdict(list)
    rho_sum: dict[str, FloatArray] = {}
    sigma2: dict[str, list[float]] = defaultdict(list)
    for person in people:
        for effect in person.effects:
            by_key[(effect.factor, effect.outcome, effect.lag)].append(effect)
        for outcome, weights in person.rho_weights.items():
            rho_sum[outcome] = rho_sum.get(outcome, np.zeros(weights.size)) + weights
        for outcome, value in person.sigma2.items():
            sigma2[outcome].append(value)
    directions = higher_is_better or {}
    pooled = {
        key: pool_effects(
            estimates=np.array([e.estimate for e in rows]),
            sds=np.array([e.sd for e in rows]),
            mcid=mcid,
            higher_is_better=directions.get(key[1], False),
        )
        for key, rows in by_key.items()
        if len(rows) >= MIN_PEOPLE
    }
    priors = PooledPriors(
        effects={key: effect.prior(mcid=mcid) for key, effect in pooled.items()},
        rho_log_prior={outcome: _rho_log_prior(total) for outcome, total in rho_sum.items()},
        sigma2={
            outcome: _inverse_gamma_by_moments(values)
            for outcome, values in sigma2.items()
            if len(values) >= MIN_PEOPLE
        },
    )
    return priors, pooled


def _rho_log_prior(total: FloatArray) -> FloatArray:
    share = total / total.sum()
    return np.asarray(np.log((1.0 - RHO_PRIOR_FLOOR) * share + RHO_PRIOR_FLOOR / share.size))


def _inverse_gamma_by_moments(values: Sequence[float]) -> tuple[float, float]:
    """(shape, scale) of an inverse-gamma with the mean and variance of ``values`` (shape at least 2)."""
    array = np.asarray(values)
    mean, variance = float(array.mean()), float(array.var())
    shape = 2.0 + mean**2 / variance if variance > 0 else 2.0
    return shape, mean * (shape - 1.0)
