"""``analyse``: every factor × outcome × lag insight for one person's diary."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from painwise.nof1 import design as dm
from painwise.nof1.clean import clean_diary
from painwise.nof1.diagnostics import (
    floor_ceiling_share,
    missing_after_bad_days,
    residual_autocorrelation,
)
from painwise.nof1.model import Posterior, fit, innovations, likelihood_rows
from painwise.nof1.priors import PooledPriors, with_pooled_prior
from painwise.nof1.types import (
    DEFAULT_MCID,
    DEFAULT_OPTIONS,
    AnalysisOptions,
    Diagnostics,
    DiaryArrays,
    FactorMeta,
    Insight,
    MeaningfulDifference,
    Report,
    VerdictCode,
)
from painwise.nof1.verdicts import (
    Marginal,
    counts_sentence,
    days_text,
    decide,
    finding_sentence,
    gate_passed,
    more_days_needed,
    not_enough_sentence,
    probabilities,
)
from painwise.nof1.wording import OutcomeInfo, outcome_info, wording

DEFAULT_OUTCOMES: tuple[str, ...] = ("pain_average", "pain_worst", "sleep_quality", "mood", "stress", "peg")
MIN_DISTINCT_VALUES = 2


@dataclass(frozen=True)
class Usage:
    """Days with and without a factor at one lag among the days in the likelihood, and the days it was
    logged at all (``n_logged``)."""

    n_with: int
    n_without: int
    n_logged: int = 0


@dataclass(frozen=True)
class OutcomeFit:
    """The fitted model for one outcome, or the reason there is none (a reasons-template key + fields)."""

    outcome: str
    posterior: Posterior | None
    design: dm.Design | None
    usage: dict[tuple[str, int], Usage]
    excluded: dict[str, tuple[str, dict[str, object]]]
    problem: tuple[str, dict[str, object]] | None
    calendar_days: int
    diagnostics: Diagnostics
    logged_days: dict[str, int] = field(default_factory=dict)


def analyse(
    diary: DiaryArrays,
    *,
    factors: Sequence[FactorMeta] | Mapping[str, FactorMeta],
    outcomes: Sequence[str] | None = None,
    mcid: MeaningfulDifference | Mapping[str, MeaningfulDifference] = DEFAULT_MCID,
    prior: PooledPriors | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
) -> Report:
    """All insights for one diary: one per factor, outcome and lag (0 = same day, 1 = next day).

    ``outcomes`` defaults to those of DEFAULT_OUTCOMES the diary has; ``mcid`` is the meaningful
    difference (one for all outcomes, or per outcome); ``prior`` are pooled priors from other people.
    Bad input never raises: it yields "not enough information yet" insights with a reason.
    """
    metas = list(factors.values()) if isinstance(factors, Mapping) else list(factors)
    cleaned = clean_diary(diary)
    chosen = list(outcomes) if outcomes is not None else [o for o in DEFAULT_OUTCOMES if o in diary.outcomes]
    if cleaned.diary is None:
        problem: tuple[str, dict[str, object]] = ("bad_dates", {"detail": str(cleaned.problem)})
        insights = [
            _unestimated(meta, outcome, lag, problem, _mcid_points(None, mcid, outcome))
            for outcome in chosen
            for meta in metas
            for lag in dm.factor_lags(meta)
        ]
        return Report(tuple(insights), {}, (str(cleaned.problem),))
    insights = []
    diagnostics = {}
    for outcome in chosen:
        outcome_fit = fit_outcome(cleaned.diary, outcome=outcome, factors=metas, prior=prior, options=options)
        points = _mcid_points(cleaned.diary.outcomes.get(outcome), mcid, outcome)
        insights += [
            _insight(outcome_fit, meta, lag, points, prior, options) for meta in metas for lag in dm.factor_lags(meta)
        ]
        diagnostics[outcome] = outcome_fit.diagnostics
    return Report(tuple(insights), diagnostics, ())


def _mcid_points(
    values: np.ndarray | None, mcid: MeaningfulDifference | Mapping[str, MeaningfulDifference], outcome: str
) -> float:
    """The meaningful difference for an outcome in points (never below the content file's floor)."""
    rule = mcid.get(outcome, MeaningfulDifference()) if isinstance(mcid, Mapping) else mcid
    smallest = wording().meaningful_difference.smallest_points
    if rule.share_of_own_mean is None or values is None or not np.isfinite(values).any():
        return max(rule.points, smallest)
    return max(rule.share_of_own_mean * float(np.nanmean(values)), smallest)


def fit_outcome(
    diary: DiaryArrays,
    *,
    outcome: str,
    factors: Sequence[FactorMeta],
    prior: PooledPriors | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    with_checks: bool = True,
) -> OutcomeFit:
    """Fit the model for one outcome of a cleaned diary (see ``clean_diary``)."""
    calendar_days = diary.dates.size
    present = [m for m in factors if m.slug in diary.exposures]
    logged = {m.slug: int(dm.known_use(diary.exposures[m.slug])[1].sum()) for m in present}
    values = diary.outcomes.get(outcome)
    if values is None or not np.isfinite(values[diary.logged]).any():
        return _failed(outcome, ("outcome_missing", {}), calendar_days, logged=logged)
    excluded: dict[str, tuple[str, dict[str, object]]] = {
        m.slug: ("factor_missing", {}) for m in factors if m.slug not in diary.exposures
    }
    rows, _ = dm.candidate_rows(diary, outcome=outcome, factors=present)
    day_index = np.flatnonzero(rows)
    in_likelihood = likelihood_rows(day_index, conditional=options.conditional)
    if in_likelihood.sum() < options.min_rows:
        return _failed(
            outcome,
            ("too_few_days" if in_likelihood.sum() else "no_days",
             {"n": int(in_likelihood.sum()), "minimum": options.min_rows}),
            calendar_days,
            excluded,
            logged=logged,
        )
    if np.unique(values[rows]).size < MIN_DISTINCT_VALUES:
        return _failed(outcome, ("outcome_constant", {}), calendar_days, excluded, logged=logged)
    usage = _usage(diary, present, day_index[in_likelihood])
    kept = []
    for meta in present:
        reason = _usage_problem(meta, usage, options)
        if reason is None:
            kept.append(meta)
        else:
            excluded[meta.slug] = reason
    design = dm.build_design(
        diary,
        outcome=outcome,
        rows=rows,
        factors=kept,
        covariates=_covariates(diary, outcome),
        options=options,
    )
    try:
        posterior = _fit_design(design, outcome, prior, options)
    except np.linalg.LinAlgError:
        return _failed(outcome, ("not_estimable", {}), calendar_days, excluded, logged=logged)
    checks = (
        _diagnostics(diary, design, posterior, outcome, options)
        if with_checks
        else Diagnostics(n_rows=posterior.n_rows, n_days=calendar_days)
    )
    return OutcomeFit(outcome, posterior, design, usage, excluded, None, calendar_days, checks, logged)


def _failed(
    outcome: str,
    problem: tuple[str, dict[str, object]],
    calendar_days: int,
    excluded: dict[str, tuple[str, dict[str, object]]] | None = None,
    *,
    logged: dict[str, int] | None = None,
) -> OutcomeFit:
    return OutcomeFit(
        outcome,
        None,
        None,
        {},
        excluded or {},
        problem,
        calendar_days,
        Diagnostics(n_days=calendar_days, problems=(problem[0],)),
        logged or {},
    )


def _usage(diary: DiaryArrays, factors: Sequence[FactorMeta], days: np.ndarray) -> dict[tuple[str, int], Usage]:
    usage = {}
    for meta in factors:
        _, used = dm.known_use(diary.exposures[meta.slug])
        for lag in dm.factor_lags(meta):
            n_with = int(dm.shifted(used.astype(np.float64), lag, fill=0.0)[days].sum())
            usage[(meta.slug, lag)] = Usage(n_with, int(days.size) - n_with, int(used.sum()))
    return usage


def _usage_problem(
    meta: FactorMeta, usage: dict[tuple[str, int], Usage], options: AnalysisOptions
) -> tuple[str, dict[str, object]] | None:
    counts = [usage[(meta.slug, lag)] for lag in dm.factor_lags(meta)]
    n_with, n_without = min(c.n_with for c in counts), min(c.n_without for c in counts)
    minimum = options.min_days_per_arm
    if n_with < minimum:
        return ("never_used", {"n_with": n_with, "n_logged": days_text(counts[0].n_logged), "minimum": minimum})
    if n_without < minimum:
        return ("always_used", {"n_without": n_without, "minimum": minimum})
    return None


def _covariates(diary: DiaryArrays, outcome: str) -> dict[str, np.ndarray]:
    covariates = {}
    sleep = dm.sleep_covariate(diary)
    if outcome in wording().pain_outcomes and sleep is not None:
        covariates["last_night_sleep"] = sleep
    covariates.update(dm.cycle_covariates(diary))
    return covariates


def _fit_design(design: dm.Design, outcome: str, prior: PooledPriors | None, options: AnalysisOptions) -> Posterior:
    grid = np.asarray(options.rho_grid, dtype=np.float64)
    log_rho_prior = None
    shape, scale = options.sigma2_shape, options.sigma2_scale
    if prior is not None:
        log_rho_prior = prior.rho_log_prior.get(outcome)
        shape, scale = prior.sigma2.get(outcome, (shape, scale))
    return fit(
        x=design.x,
        y=design.y,
        days=design.days,
        prior_precision=design.prior_precision,
        rho_grid=grid,
        log_rho_prior=log_rho_prior,
        sigma2_shape=shape,
        sigma2_scale=scale,
        conditional=options.conditional,
    )


def _diagnostics(
    diary: DiaryArrays, design: dm.Design, posterior: Posterior, outcome: str, options: AnalysisOptions
) -> Diagnostics:
    info = outcome_info(outcome)
    best = int(np.argmax(posterior.weights))
    residuals, days = innovations(
        x=design.x,
        y=design.y,
        days=design.days,
        coefficients=posterior.means[best],
        rho=float(posterior.rho[best]),
        conditional=options.conditional,
    )
    correlations, p_value = residual_autocorrelation(residuals / posterior.sigma_mean, days)
    share = floor_ceiling_share(design.y, scale_min=info.scale_min, scale_max=info.scale_max)
    values = diary.outcomes[outcome]
    worse_is_higher = -values if info.higher_is_better else values
    problems = []
    if p_value is not None and p_value < options.autocorrelation_p_threshold:
        problems.append("residual_autocorrelation")
    if share is not None and share > options.floor_ceiling_threshold:
        problems.append("floor_ceiling")
    return Diagnostics(
        n_rows=posterior.n_rows,
        n_days=diary.dates.size,
        residual_autocorrelation=correlations,
        autocorrelation_p=p_value,
        floor_ceiling_share=share,
        rho_mean=posterior.rho_mean,
        sigma_mean=posterior.sigma_mean,
        missing_share=float(1.0 - diary.logged.mean()),
        missing_after_bad_days=missing_after_bad_days(worse_is_higher, diary.logged),
        problems=tuple(problems),
    )


def coefficient_posterior(
    outcome_fit: OutcomeFit, *, factor: str, lag: int, prior: PooledPriors | None, options: AnalysisOptions
) -> Marginal | None:
    """Posterior of a factor's difference (points) at a lag, with the pooled prior swapped in if given."""
    if outcome_fit.posterior is None or outcome_fit.design is None:
        return None
    column = outcome_fit.design.column_index(factor=factor, lag=lag)
    if column is None:
        return None
    marginal = outcome_fit.posterior.marginal(column)
    pooled = prior.effects.get((factor, outcome_fit.outcome, lag)) if prior is not None else None
    if pooled is None:
        return marginal
    shape, scale = options.sigma2_shape, options.sigma2_scale
    if prior is not None:
        shape, scale = prior.sigma2.get(outcome_fit.outcome, (shape, scale))
    return with_pooled_prior(
        marginal,
        prior=pooled,
        base_scale=options.kappa_effect * math.sqrt(scale / shape),
        base_dof=2.0 * shape,
    )


def _insight(
    outcome_fit: OutcomeFit,
    meta: FactorMeta,
    lag: int,
    mcid: float,
    prior: PooledPriors | None,
    options: AnalysisOptions,
) -> Insight:
    problem = outcome_fit.problem or outcome_fit.excluded.get(meta.slug)
    marginal = coefficient_posterior(outcome_fit, factor=meta.slug, lag=lag, prior=prior, options=options)
    if problem is not None or marginal is None:
        usage = outcome_fit.usage.get((meta.slug, lag)) or _logged_only(outcome_fit, meta)
        return _unestimated(
            meta,
            outcome_fit.outcome,
            lag,
            problem or ("factor_missing", {}),
            mcid,
            usage,
            outcome_fit.diagnostics,
        )
    return _estimated(outcome_fit, meta, lag, marginal, mcid)


def _reason_text(problem: tuple[str, dict[str, object]], meta: FactorMeta, info: OutcomeInfo) -> str:
    key, fields = problem
    template: str = getattr(wording().reasons, key)
    defaults = {"factor": meta.label, "outcome": info.label, "n_logged": wording().sentences.no_days}
    return template.format(**{**defaults, **fields})


def _unestimated(
    meta: FactorMeta,
    outcome: str,
    lag: int,
    problem: tuple[str, dict[str, object]],
    mcid: float,
    usage: Usage = Usage(0, 0),
    diagnostics: Diagnostics | None = None,
) -> Insight:
    info = outcome_info(outcome)
    reason = _reason_text(problem, meta, info)
    return Insight(
        factor=meta.slug,
        factor_label=meta.label,
        outcome=outcome,
        lag_days=lag,
        effect=None,
        ci_low=None,
        ci_high=None,
        posterior_sd=None,
        p_benefit=None,
        p_benefit_mcid=None,
        p_harm_mcid=None,
        p_little_difference=None,
        mcid=mcid,
        verdict_code="not_enough",
        verdict=wording().verdicts.not_enough,
        headline=False,
        n_with=usage.n_with,
        n_without=usage.n_without,
        sentence=not_enough_sentence(
            factor_label=meta.label, info=info, reason=reason, more_days=None, as_needed=meta.prn,
            dependence=meta.dependence,
        ),
        more_days_needed=None,
        reason=reason,
        diagnostics=diagnostics or Diagnostics(),
        **_meta_fields(meta, usage),
    )


def _meta_fields(meta: FactorMeta, usage: Usage) -> dict[str, Any]:
    """The Insight fields that repeat what the factor is and how often it was logged."""
    return {
        "n_logged": usage.n_logged,
        "as_needed": meta.prn,
        "dependence": meta.dependence,
        "experiment": meta.experiment,
    }


def _logged_only(outcome_fit: OutcomeFit, meta: FactorMeta) -> Usage:
    """Usage of a factor the model never compared: only the days it was logged."""
    return Usage(0, 0, outcome_fit.logged_days.get(meta.slug, 0))


def _estimated(outcome_fit: OutcomeFit, meta: FactorMeta, lag: int, marginal: Marginal, mcid: float) -> Insight:
    info = outcome_info(outcome_fit.outcome)
    rules = wording().rules
    usage = outcome_fit.usage[(meta.slug, lag)]
    probs = probabilities(marginal, higher_is_better=info.higher_is_better, mcid=mcid)
    effect, sd = marginal.mean, marginal.sd
    low, high = marginal.interval()
    gate = gate_passed(sd=sd, mcid=mcid, n_with=usage.n_with, n_without=usage.n_without, rules=rules)
    checks = outcome_fit.diagnostics
    code = decide(
        probs, gate=gate, checks_ok=checks.ok, rules=rules, as_needed=meta.prn, dependence=meta.dependence
    )
    n_rows = outcome_fit.posterior.n_rows if outcome_fit.posterior is not None else 0
    more_days, reason, sentence = None, None, ""
    if code == "not_enough":
        reason = _not_enough_reason(gate, checks, meta, info)
        if checks.ok:
            more_days = more_days_needed(
                mean=effect,
                sd=sd,
                mcid=mcid,
                n_rows=n_rows,
                n_with=usage.n_with,
                n_without=usage.n_without,
                calendar_days=outcome_fit.calendar_days,
                rules=rules,
            )
        counts = counts_sentence(
            factor_label=meta.label, lag=lag, info=info, n_logged=usage.n_logged, n_with=usage.n_with,
            n_without=usage.n_without,
        )
        sentence = not_enough_sentence(
            factor_label=meta.label, info=info, reason=reason, more_days=more_days, as_needed=meta.prn,
            dependence=meta.dependence, counts=counts,
        )
    else:
        sentence = finding_sentence(
            code=code,
            factor_label=meta.label,
            lag=lag,
            info=info,
            effect=effect,
            low=low,
            high=high,
            n_with=usage.n_with,
            n_without=usage.n_without,
            mcid=mcid,
            n_logged=usage.n_logged,
            as_needed=meta.prn,
            dependence=meta.dependence,
        )
        if not checks.ok:
            sentence += " " + wording().sentences.low_confidence.format(problems=", ".join(_problem_words(checks)))
    return Insight(
        factor=meta.slug,
        factor_label=meta.label,
        outcome=outcome_fit.outcome,
        lag_days=lag,
        effect=effect,
        ci_low=low,
        ci_high=high,
        posterior_sd=sd,
        p_benefit=probs.benefit,
        p_benefit_mcid=probs.benefit_mcid,
        p_harm_mcid=probs.harm_mcid,
        p_little_difference=probs.little_difference,
        mcid=mcid,
        verdict_code=code,
        verdict=_verdict_text(code),
        headline=code in ("strong_benefit", "strong_harm"),
        n_with=usage.n_with,
        n_without=usage.n_without,
        sentence=sentence,
        more_days_needed=more_days,
        reason=reason,
        diagnostics=checks,
        **_meta_fields(meta, usage),
    )


def _problem_words(checks: Diagnostics) -> list[str]:
    names = wording().checks
    return [str(getattr(names, problem, problem)) for problem in checks.problems]


def _not_enough_reason(gate: bool, checks: Diagnostics, meta: FactorMeta, info: OutcomeInfo) -> str:
    if not gate:
        return _reason_text(("gate", {}), meta, info)
    if not checks.ok:
        return _reason_text(("downgraded", {"problems": ", ".join(_problem_words(checks))}), meta, info)
    return _reason_text(("not_decided", {}), meta, info)


def _verdict_text(code: VerdictCode) -> str:
    text: str = getattr(wording().verdicts, code)
    return text
