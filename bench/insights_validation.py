"""Simulation validation of the insights engine; writes docs/insights-validation.md.

Every cell simulates patients with painwise.simulation (fixed seeds), runs painwise.nof1.analyse on
average pain and compares the estimates with the simulator's truth. Each patient has one factor "x"
(same-day effect of the cell, next-day effect 0) and three factors without any effect, so each patient
gives 8 estimates (4 factors × same day and next day), 7 of them null. Run:

    .venv/bin/python bench/insights_validation.py [--scale 1.0] [--workers 2]

``--scale`` multiplies the 300 patients per cell (1.0 takes 2–10 minutes on two shared cores, depending
on how busy they are; the committed table used 3; 0.1 for trying changes). Targets are from the research brief.
"""

from __future__ import annotations

import os

# One BLAS thread per worker: the matrices are small, and threads only fight over the shared cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import datetime as dt
import itertools
import math
import platform
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from painwise.nof1 import (
    AnalysisOptions,
    DiaryArrays,
    FactorMeta,
    PersonFit,
    PooledPriors,
    analyse,
    naive_with_without,
    pool_effects,
    pool_people,
    stage_one,
)
from painwise.nof1.model import fit
from painwise.simulation.engine import simulate_arrays
from painwise.simulation.spec import FactorSpec, PatientSpec

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "insights-validation.md"
NULL_SLUGS = ("n1", "n2", "n3")
METAS = [FactorMeta(slug, slug) for slug in ("x", *NULL_SLUGS)]
DIRECTIONAL = ("strong_benefit", "some_benefit", "some_harm", "strong_harm")


@dataclass(frozen=True)
class Cell:
    """One simulation setting. ``effect`` is the same-day effect of factor x (points)."""

    name: str
    days: int
    rho: float
    patients: int
    missing: float = 0.15
    mnar: float = 0.0
    effect: float = 0.0
    feedback: float = 0.0
    integer: bool = False
    noise_df: float | None = None
    persistence: float = 0.6
    nulls: int = 3
    effect_sd: float = 0.0  # > 0: x's effect drawn per patient from N(effect, effect_sd²) (calibration)
    seed: int = 0
    options: AnalysisOptions = field(default_factory=AnalysisOptions)


@dataclass(frozen=True)
class Rows:
    """One row per estimate: truth, estimate, 95 % interval, P(benefit ≥ MCID), verdict, naive p, patient."""

    truth: np.ndarray
    effect: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_mcid: np.ndarray
    verdict: np.ndarray
    headline: np.ndarray
    naive_p: np.ndarray
    patient: np.ndarray
    is_x: np.ndarray


def patient_spec(cell: Cell, patient: int) -> tuple[PatientSpec, float]:
    rng = np.random.default_rng([cell.seed, patient, 7])
    effect = cell.effect + (cell.effect_sd * float(rng.standard_normal()) if cell.effect_sd else 0.0)
    factors = (
        FactorSpec("x", same_day_effect=effect, feedback=cell.feedback, base_rate=0.35, persistence=cell.persistence),
        *(FactorSpec(f"n{k + 1}", base_rate=0.3, persistence=cell.persistence) for k in range(cell.nulls)),
    )
    spec = PatientSpec(
        days=cell.days,
        rho=cell.rho,
        sigma=1.2,
        missing_rate=cell.missing,
        mnar=cell.mnar,
        integer_outcomes=cell.integer,
        noise_df=cell.noise_df,
        factors=factors,
        seed=cell.seed * 1_000_003 + patient,
    )
    return spec, effect


def to_diary(spec: PatientSpec) -> DiaryArrays:
    series = simulate_arrays(spec)
    return DiaryArrays(series.dates, series.logged, series.outcomes, series.exposures)


def run_patient(cell: Cell, patient: int, prior: PooledPriors | None = None) -> list[tuple[float, ...]]:
    spec, effect = patient_spec(cell, patient)
    diary = to_diary(spec)
    metas = [FactorMeta(f.slug, f.slug) for f in spec.factors]
    report = analyse(diary, factors=metas, outcomes=["pain_average"], prior=prior, options=cell.options)
    rows = []
    for insight in report.insights:
        truth = effect if insight.factor == "x" and insight.lag_days == 0 else 0.0
        naive = naive_with_without(diary, factor=insight.factor, outcome="pain_average", lag_days=insight.lag_days)
        estimated = insight.effect is not None
        rows.append(
            (
                truth,
                insight.effect if estimated else math.nan,
                insight.ci_low if estimated else math.nan,
                insight.ci_high if estimated else math.nan,
                insight.p_benefit_mcid if estimated else math.nan,
                DIRECTIONAL.index(insight.verdict_code) if insight.verdict_code in DIRECTIONAL else -1,
                float(insight.headline),
                naive.p_value,
                float(patient),
                float(insight.factor == "x"),
            )
        )
    return rows


def _chunk(args: tuple[Cell, Sequence[int], PooledPriors | None]) -> list[tuple[float, ...]]:
    cell, patients, prior = args
    return [row for patient in patients for row in run_patient(cell, patient, prior)]


def run_cell(cell: Cell, pool: ProcessPoolExecutor, prior: PooledPriors | None = None) -> Rows:
    chunks = [(cell, range(start, min(start + 25, cell.patients)), prior) for start in range(0, cell.patients, 25)]
    rows = [row for chunk in pool.map(_chunk, chunks) for row in chunk]
    columns = [np.array(column) for column in zip(*rows, strict=True)]
    return Rows(*columns[:5], columns[5].astype(int), *columns[6:9], columns[9] > 0.5)


@dataclass(frozen=True)
class Summary:
    """Figures of one cell (shares in %)."""

    cell: Cell
    estimated: float
    coverage: float
    coverage_se: float
    fpr: float
    fpr_se: float
    headline_null: float
    directional_null: float
    bias_null: float
    bias_x: float
    bias_se: float
    naive_fpr: float
    seconds: float


def share(values: np.ndarray) -> tuple[float, float]:
    """Share in % and its Monte Carlo SE (binomial, in percentage points)."""
    if values.size == 0:
        return math.nan, math.nan
    p = float(values.mean())
    return 100 * p, 100 * math.sqrt(max(p * (1 - p), 0.0025) / values.size)


def summarise(cell: Cell, rows: Rows, seconds: float) -> Summary:
    ok = np.isfinite(rows.effect)
    covered = (rows.low <= rows.truth) & (rows.truth <= rows.high)
    null = ok & (rows.truth == 0.0) & ~(rows.is_x & (cell.effect_sd > 0))
    active = ok & rows.is_x & (rows.truth != 0.0)
    coverage, coverage_se = share(covered[ok])
    fpr, fpr_se = share(((rows.low > 0) | (rows.high < 0))[null])
    x_errors = (rows.effect - rows.truth)[active] if active.any() else (rows.effect - rows.truth)[null & rows.is_x]
    return Summary(
        cell=cell,
        estimated=100 * float(ok.mean()),
        coverage=coverage,
        coverage_se=coverage_se,
        fpr=fpr,
        fpr_se=fpr_se,
        headline_null=share(rows.headline[null] > 0)[0],
        directional_null=share(rows.verdict[null] >= 0)[0],
        bias_null=float(np.mean(rows.effect[null])),
        bias_x=float(np.mean(x_errors)) if x_errors.size else math.nan,
        bias_se=float(np.std(x_errors) / math.sqrt(max(x_errors.size, 1))) if x_errors.size else math.nan,
        naive_fpr=share(rows.naive_p[null & np.isfinite(rows.naive_p)] < 0.05)[0],
        seconds=seconds,
    )


def grid(scale: float) -> list[Cell]:
    """The cells: days × ρ at 15 % missing; missingness; feedback; integer and t₄ outcomes; effects."""
    n = max(20, int(300 * scale))
    cells = []
    for days in (30, 60, 120, 365, 1000):
        for rho in (0.0, 0.3, 0.6, 0.8):
            patients = n if days <= 365 else max(20, n // 2)
            cells.append(Cell(f"T={days}, ρ={rho}", days, rho, patients, effect=-1.0, seed=len(cells)))
    for missing, mnar in ((0.0, 0.0), (0.4, 0.0), (0.15, 0.5)):
        for days in (120, 365):
            label = f"MNAR (15 % + {mnar} log-odds/point)" if mnar else f"{missing:.0%} missing"
            cells.append(
                Cell(
                    f"T={days}, ρ=0.6, {label}", days, 0.6, n, missing=missing, mnar=mnar, effect=-1.0, seed=len(cells)
                )
            )
    for days in (120, 365):
        cells.append(Cell(f"T={days}, ρ=0.6, feedback + 15 % missing", days, 0.6, n, feedback=1.0, seed=len(cells)))
        cells.append(
            Cell(
                f"T={days}, ρ=0.6, feedback + 15 % missing, full likelihood",
                days,
                0.6,
                n,
                feedback=1.0,
                seed=len(cells),
                options=AnalysisOptions(conditional=False),
            )
        )
        cells.append(Cell(f"T={days}, ρ=0.6, integer 0–10", days, 0.6, n, integer=True, effect=-1.0, seed=len(cells)))
        cells.append(Cell(f"T={days}, ρ=0.6, t₄ noise", days, 0.6, n, noise_df=4.0, effect=-1.0, seed=len(cells)))
    cells.append(Cell("T=120, ρ=0.6, effect −2", 120, 0.6, n, effect=-2.0, seed=len(cells)))
    cells.append(Cell("T=120, ρ=0.6, effect −0.5", 120, 0.6, n, effect=-0.5, seed=len(cells)))
    cells.append(Cell("T=120, ρ=0.6, persistence 0.95", 120, 0.6, n, persistence=0.95, effect=-1.0, seed=len(cells)))
    return cells


def fmt(value: float, digits: int = 1) -> str:
    return "–" if not math.isfinite(value) else f"{value:.{digits}f}"


def grid_table(summaries: Sequence[Summary]) -> list[str]:
    lines = [
        "| Cell | patients | estimated % | coverage % (± MC SE) | FPR % (± MC SE) | null headline % | "
        "null directional verdict % | bias null | bias x (± SE) | naive FPR % |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s.cell.name} | {s.cell.patients} | {fmt(s.estimated, 0)} | {fmt(s.coverage)} ± {fmt(s.coverage_se)} "
            f"| {fmt(s.fpr)} ± {fmt(s.fpr_se)} | {fmt(s.headline_null, 2)} | {fmt(s.directional_null)} "
            f"| {s.bias_null:+.3f} | {s.bias_x:+.3f} ± {fmt(s.bias_se, 3)} | {fmt(s.naive_fpr)} |"
        )
    return lines


# --- checks beyond the grid ----------------------------------------------------------------------------


def many_nulls(pool: ProcessPoolExecutor, scale: float) -> tuple[float, float, int]:
    """Share of patients with any headline claim among 20 null factors (T=365, ρ=0.6) and per factor."""
    cell = Cell("20 nulls", 365, 0.6, max(20, int(150 * scale)), nulls=20, seed=501)
    rows = run_cell(cell, pool)
    null = np.isfinite(rows.effect) & (rows.truth == 0.0)
    per_patient = [rows.headline[null & (rows.patient == p)].any() for p in np.unique(rows.patient)]
    return 100 * float(np.mean(per_patient)), 100 * float(rows.headline[null].mean()), cell.patients


def calibration(pool: ProcessPoolExecutor, scale: float) -> list[tuple[float, float, int]]:
    """P(benefit ≥ MCID) against how often the truth was a benefit ≥ 1 point, in bins (T=120, ρ=0.6)."""
    cell = Cell("calibration", 120, 0.6, max(200, int(3000 * scale)), effect=-0.5, effect_sd=1.0, nulls=0, seed=601)
    rows = run_cell(cell, pool)
    chosen = np.isfinite(rows.effect) & rows.is_x & np.isfinite(rows.p_mcid) & (rows.truth != 0.0)
    predicted, happened = rows.p_mcid[chosen], (rows.truth[chosen] <= -1.0)
    edges = np.array([0.0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0001])
    out = []
    for low, high in itertools.pairwise(edges):
        inside = (predicted >= low) & (predicted < high)
        if inside.sum() >= 10:
            out.append((float(predicted[inside].mean()), float(happened[inside].mean()), int(inside.sum())))
    return out


def calibration_ok(bins: Sequence[tuple[float, float, int]]) -> tuple[float, bool]:
    """Largest gap, and whether every bin is within 0.05 or within 2 Monte Carlo SEs of its prediction."""
    gaps = [abs(p - o) for p, o, _ in bins]
    fine = all(abs(p - o) <= max(0.05, 2 * math.sqrt(max(p * (1 - p), 0.01) / n)) for p, o, n in bins)
    return max(gaps), fine


def pooled_prior_cell(pool: ProcessPoolExecutor, scale: float) -> tuple[Summary, Summary]:
    """T=60, ρ=0.8 with the default priors and with priors pooled from 200 year-long diaries."""
    source = Cell("pool source", 365, 0.8, max(30, int(200 * scale)), effect=-1.0, seed=701)
    fits = list(pool.map(_stage_one, [(source, p) for p in range(source.patients)]))
    priors, _ = pool_people(fits, mcid=1.0)
    short = Cell("T=60, ρ=0.8", 60, 0.8, max(40, int(400 * scale)), effect=-1.0, seed=702)
    started = time.perf_counter()
    plain = summarise(short, run_cell(short, pool), time.perf_counter() - started)
    started = time.perf_counter()
    pooled_rows = run_cell(replace(short, name="T=60, ρ=0.8, pooled ρ, σ² and effect priors"), pool, priors)
    pooled = summarise(replace(short, name="T=60, ρ=0.8, pooled priors"), pooled_rows, time.perf_counter() - started)
    return plain, pooled


def _stage_one(args: tuple[Cell, int]) -> PersonFit:
    cell, patient = args
    spec, _ = patient_spec(cell, patient)
    return stage_one(to_diary(spec), factors=METAS, outcomes=["pain_average"])


@dataclass(frozen=True)
class PoolingCheck:
    mu_coverage: float
    tau_coverage: float
    shrunken_better: float
    reps: int
    people: int


def pooling_stage_two(reps: int = 1000, people: int = 30) -> PoolingCheck:
    """Stage-2 model alone: θᵢ ~ N(−0.5, 0.5²), sᵢ ~ U(0.2, 0.8), bᵢ ~ N(θᵢ, sᵢ²)."""
    rng = np.random.default_rng(801)
    mu_hits = tau_hits = better = 0
    for _ in range(reps):
        theta = rng.normal(-0.5, 0.5, people)
        sds = rng.uniform(0.2, 0.8, people)
        b = theta + rng.normal(0.0, sds)
        pooled = pool_effects(estimates=b, sds=sds)
        mu_hits += pooled.mu_low <= -0.5 <= pooled.mu_high
        tau_hits += pooled.tau_low <= 0.5 <= pooled.tau_high
        better += np.mean((pooled.shrunken - theta) ** 2) < np.mean((b - theta) ** 2)
    return PoolingCheck(100 * mu_hits / reps, 100 * tau_hits / reps, 100 * better / reps, reps, people)


def pooling_end_to_end(pool: ProcessPoolExecutor, scale: float) -> PoolingCheck:
    """Whole pipeline: 30 simulated patients per repetition (T=120, ρ=0.6), effect θᵢ ~ N(−0.5, 0.5²)."""
    reps, people = max(10, int(200 * scale)), 30
    mu_hits = tau_hits = better = 0
    for rep in range(reps):
        cell = Cell("pool e2e", 120, 0.6, people, effect=-0.5, effect_sd=0.5, nulls=0, seed=900 + rep)
        fits = list(pool.map(_stage_one_x, [(cell, p) for p in range(people)]))
        truths = np.array([patient_spec(cell, p)[1] for p in range(people)])
        pairs = [(f.effects[0], t) for f, t in zip(fits, truths, strict=True) if f.effects]
        b = np.array([e.estimate for e, _ in pairs])
        sds = np.array([e.sd for e, _ in pairs])
        theta = np.array([t for _, t in pairs])
        pooled = pool_effects(estimates=b, sds=sds)
        mu_hits += pooled.mu_low <= -0.5 <= pooled.mu_high
        tau_hits += pooled.tau_low <= 0.5 <= pooled.tau_high
        better += np.mean((pooled.shrunken - theta) ** 2) < np.mean((b - theta) ** 2)
    return PoolingCheck(100 * mu_hits / reps, 100 * tau_hits / reps, 100 * better / reps, reps, people)


def _stage_one_x(args: tuple[Cell, int]) -> PersonFit:
    cell, patient = args
    spec, _ = patient_spec(cell, patient)
    fitted = stage_one(to_diary(spec), factors=[FactorMeta("x", "x")], outcomes=["pain_average"])
    return replace(fitted, effects=tuple(e for e in fitted.effects if e.lag == 0))


def gls_agreement(datasets: int = 200) -> tuple[float, float]:
    """Largest |difference| between the engine and (a) statsmodels GLS with AR(1) covariance, ρ fixed,
    flat priors, gaps; (b) a dense reference of the full ρ-grid posterior mean (no sufficient statistics)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(11)
    worst_gls = worst_grid = 0.0
    grid_rho = np.asarray(AnalysisOptions().rho_grid)
    for _ in range(datasets):
        days = np.sort(rng.choice(300, size=200, replace=False)).astype(np.int64)
        x = np.column_stack([np.ones(200), days / 300, rng.random(200) < 0.3, rng.random(200) < 0.5])
        y = x @ np.array([5.0, -0.5, -1.0, 0.3]) + rng.normal(size=200)
        covariance = 0.6 ** np.abs(days[:, None] - days[None, :]).astype(float)
        reference = sm.GLS(y, x, sigma=covariance).fit().params
        engine = fit(x=x, y=y, days=days, prior_precision=np.zeros(4), rho_grid=np.array([0.6]), conditional=False)
        worst_gls = max(worst_gls, float(np.max(np.abs(engine.means[0] - reference))))
        precision = np.array([0.0, 0.0, 1.0, 1.0])
        engine = fit(x=x, y=y, days=days, prior_precision=precision, rho_grid=grid_rho, conditional=False)
        dense = dense_posterior_mean(x, y, days, grid_rho, precision)
        worst_grid = max(worst_grid, float(np.max(np.abs(engine.weights @ engine.means - dense))))
    return worst_gls, worst_grid


def dense_posterior_mean(
    x: np.ndarray, y: np.ndarray, days: np.ndarray, grid_rho: np.ndarray, precision: np.ndarray
) -> np.ndarray:
    """Reference: whiten with the Cholesky factor of the full AR(1) covariance for each ρ, then NIG."""
    log_ml, means = [], []
    flat = int(np.sum(precision == 0))
    for rho in grid_rho:
        covariance = rho ** np.abs(days[:, None] - days[None, :]).astype(float)
        chol = np.linalg.cholesky(covariance)
        xw, yw = np.linalg.solve(chol, x), np.linalg.solve(chol, y)
        lam = xw.T @ xw + np.diag(np.where(precision == 0, 1e-10, precision))
        mean = np.linalg.solve(lam, xw.T @ yw)
        shape = 2.0 + (y.size - flat) / 2
        scale = 2.0 + 0.5 * (yw @ yw - mean @ lam @ mean)
        log_ml.append(-0.5 * np.linalg.slogdet(lam)[1] - shape * math.log(scale) - float(np.sum(np.log(np.diag(chol)))))
        means.append(mean)
    weights = np.exp(np.array(log_ml) - max(log_ml))
    return np.asarray((weights / weights.sum()) @ np.array(means))


# --- factors taken because the day is bad ----------------------------------------------------------------


@dataclass(frozen=True)
class Confounded:
    """A factor whose use follows pain (rescue), hides withdrawal, or starts as pain drops for another reason.

    ``factor`` is the simulated factor "z" (two null factors are added); ``meta`` says how the engine is told
    to read it (as needed, dependence-forming); ``truth`` describes its true effect in words.
    """

    name: str
    truth: str
    factor: FactorSpec
    meta: FactorMeta
    patients: int
    days: int = 365
    level_shift: float = 0.0
    level_shift_day: int | None = None
    seed: int = 0


def confounded_scenarios(scale: float) -> list[Confounded]:
    """Rescue use (null and truly helpful, read as daily and as needed), withdrawal, a therapy started as
    pain drops. Rescue: log-odds of use rise 3 per point of today's pain above the person's mean."""
    n = max(30, int(300 * scale))
    null_rescue = FactorSpec("z", base_rate=0.25, persistence=0.3, rescue=3.0)
    helpful_rescue = replace(null_rescue, same_day_effect=-1.0)
    withdrawal = FactorSpec("z", base_rate=0.8, persistence=0.9, withdrawal_effects=(1.5, 1.0, 0.5))
    daily, as_needed = FactorMeta("z", "z"), FactorMeta("z", "z", prn=True)
    dependent = FactorMeta("z", "z", dependence=True)
    scenarios = [
        Confounded("Rescue, no effect, read as daily (before this change)", "0 on every day", null_rescue, daily, n),
        Confounded("Rescue, no effect, read as needed", "0 on every day", null_rescue, as_needed, n),
        Confounded("Rescue, −1 point that day, read as daily (before this change)", "−1 same day, 0 next day",
                   helpful_rescue, daily, n),
        Confounded("Rescue, −1 point that day, read as needed", "−1 same day, 0 next day", helpful_rescue, as_needed,
                   n),
        Confounded("Rescue, no effect, read as needed, T = 120", "0 on every day", null_rescue, as_needed, n, days=120),
        Confounded("Withdrawal (+1.5/+1/+0.5 on days 1–3 off), not flagged", "0 (withdrawal on days without)",
                   withdrawal, daily, n),
        Confounded("Withdrawal, flagged dependence-forming (kratom, alcohol, opioids ...)",
                   "0 (withdrawal on days without)", withdrawal, dependent, n),
    ]
    for rate, persistence, label in ((0.6, 0.8, "on 60 % of days"), (0.9, 0.95, "almost daily")):
        for days in (120, 365):
            started = FactorSpec("z", base_rate=rate, persistence=persistence, start_day=days // 2)
            scenarios.append(Confounded(
                f"Therapy started {label} as pain drops 1.5 points for another reason, T = {days}", "0",
                started, daily, n, days=days, level_shift=-1.5, level_shift_day=days // 2,
            ))
    return [replace(s, seed=1000 + k) for k, s in enumerate(scenarios)]


def confounded_spec(scenario: Confounded, patient: int) -> PatientSpec:
    nulls = tuple(FactorSpec(f"n{k + 1}", base_rate=0.3, persistence=0.6) for k in range(2))
    return PatientSpec(
        days=scenario.days,
        rho=0.6,
        sigma=1.2,
        missing_rate=0.15,
        level_shift=scenario.level_shift,
        level_shift_day=scenario.level_shift_day,
        factors=(scenario.factor, *nulls),
        seed=scenario.seed * 1_000_003 + patient,
    )


def _confounded_chunk(args: tuple[Confounded, Sequence[int]]) -> list[tuple[int, str, bool]]:
    """(lag, verdict code, whether the sentence or verdict says "helps") for factor z of each patient."""
    scenario, patients = args
    rows = []
    for patient in patients:
        metas = [scenario.meta, FactorMeta("n1", "n1"), FactorMeta("n2", "n2")]
        report = analyse(to_diary(confounded_spec(scenario, patient)), factors=metas, outcomes=["pain_average"])
        rows += [
            (i.lag_days, i.verdict_code, "helps" in i.verdict + i.sentence)
            for i in report.insights
            if i.factor == "z"
        ]
    return rows


CONFOUNDED_COLUMNS = (
    ("helps", ("strong_benefit", "some_benefit")),
    ("strong sign", ("strong_benefit", "strong_harm")),
    ("worse days", ("some_harm", "strong_harm")),
    ("little difference", ("little_difference",)),
    ("cannot tell (withdrawal)", ("withdrawal_possible",)),
    ("not enough", ("not_enough",)),
)


@dataclass(frozen=True)
class ConfoundedResult:
    scenario: Confounded
    lag: int
    shares: dict[str, float]
    helps_words: float
    diaries: int


def run_confounded(pool: ProcessPoolExecutor, scale: float) -> list[ConfoundedResult]:
    results = []
    for scenario in confounded_scenarios(scale):
        chunks = [(scenario, range(s, min(s + 25, scenario.patients))) for s in range(0, scenario.patients, 25)]
        rows = [row for chunk in pool.map(_confounded_chunk, chunks) for row in chunk]
        for lag in sorted({lag for lag, _, _ in rows}):
            at_lag = [(code, helps) for row_lag, code, helps in rows if row_lag == lag]
            shares = {
                name: 100 * sum(code in codes for code, _ in at_lag) / len(at_lag) for name, codes in CONFOUNDED_COLUMNS
            }
            helps_words = 100 * sum(helps for _, helps in at_lag) / len(at_lag)
            results.append(ConfoundedResult(scenario, lag, shares, helps_words, len(at_lag)))
            print(confounded_table(results[-1:])[-1], flush=True)
    return results


def confounded_table(results: Sequence[ConfoundedResult]) -> list[str]:
    names = [name for name, _ in CONFOUNDED_COLUMNS]
    lines = [
        "| Scenario | true effect | diaries | compared | "
        + " | ".join(f"{n} %" for n in names)
        + ' | "helps" in the words % |',
        "|---|---|---|---|" + "---|" * len(names) + "---|",
    ]
    for r in results:
        lines.append(
            f"| {r.scenario.name} | {r.scenario.truth} | {r.diaries} | {'same day' if r.lag == 0 else 'next day'} | "
            + " | ".join(fmt(r.shares[n]) for n in names)
            + f" | {fmt(r.helps_words)} |"
        )
    return lines


def confounded_targets(results: Sequence[ConfoundedResult]) -> dict[str, tuple[str, str, bool]]:
    def pick(name: str) -> list[ConfoundedResult]:
        return [r for r in results if r.scenario.name == name]

    null_needed = pick("Rescue, no effect, read as needed") + pick("Rescue, no effect, read as needed, T = 120")
    no_strong = min(100 - r.shares["strong sign"] for r in null_needed)
    dependent = pick("Withdrawal, flagged dependence-forming (kratom, alcohol, opioids ...)")
    helps = max(r.helps_words for r in dependent)
    return {
        'Null rescue factor read as needed: no "strong sign"': (
            "in ≥ 99 % of diaries",
            f"{no_strong:.1f} % (worst of T = 120 / 365)",
            no_strong >= 99,
        ),
        'Dependence-forming substance with withdrawal: "helps" in verdict or sentence': (
            "never (0 %)",
            f"{helps:.1f} %",
            helps == 0,
        ),
    }


# --- report -----------------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} logical cores, Python {platform.python_version()}, numpy {np.__version__}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def targets_table(summaries: Sequence[Summary], extra: dict[str, tuple[str, str, bool]]) -> list[str]:
    by_name = {s.cell.name: s for s in summaries}
    correct = [
        s
        for s in summaries
        if s.cell.days >= 60
        and "integer" not in s.cell.name
        and "t₄" not in s.cell.name
        and "feedback" not in s.cell.name
        and "MNAR" not in s.cell.name
        and "persistence" not in s.cell.name
    ]
    coverage = [s.coverage for s in correct]
    fpr_main = [by_name[f"T={d}, ρ=0.6"].fpr for d in (120, 365, 1000)]
    fpr_any = [s.fpr for s in summaries if s.cell.days >= 60 and "feedback" not in s.cell.name]
    headline = [s.headline_null for s in summaries]
    bias_null = [abs(s.bias_null) for s in correct]
    long_x = [abs(s.bias_x) for s in correct if s.cell.days >= 365]
    short_x = [s.bias_x for s in correct if s.cell.days <= 120]
    feedback = by_name["T=365, ρ=0.6, feedback + 15 % missing"]
    naive = [s.naive_fpr for s in summaries if s.cell.days >= 120]
    rows = [
        (
            "95 % CrI coverage, correctly specified, T ≥ 60, ρ ≤ 0.8",
            "93–97 %",
            f"{min(coverage):.1f}–{max(coverage):.1f} %",
            min(coverage) >= 93 and max(coverage) <= 97,
        ),
        (
            "FPR for null factors, ρ = 0.6, T ≥ 120",
            "≤ 5.5 %",
            f"{max(fpr_main):.1f} % (worst of T = 120/365/1000)",
            max(fpr_main) <= 5.5,
        ),
        (
            "FPR, any cell with T ≥ 60 (incl. integer, t₄, MNAR)",
            "≤ 7 %",
            f"{max(fpr_any):.1f} % (worst cell)",
            max(fpr_any) <= 7,
        ),
        (
            "Headline claims for null factors, per factor",
            "≤ 1 %",
            f"{max(headline):.2f} % (worst cell)",
            max(headline) <= 1,
        ),
        (
            "Bias, exogenous cells, null factors",
            "≤ 0.05 points",
            f"{max(bias_null):.3f} (worst cell)",
            max(bias_null) <= 0.05,
        ),
        (
            "Bias, exogenous cells, the −1 point effect, T ≥ 365",
            "≤ 0.05 points",
            f"{max(long_x):.3f} (worst cell)",
            max(long_x) <= 0.05,
        ),
        (
            "Bias, exogenous cells, the −1 point effect, T = 60–120 (shrinkage by the κ = 1 prior)",
            "≤ 0.05 points",
            f"{min(short_x):+.3f} to {max(short_x):+.3f} (toward 0); with pooled priors see the grid",
            max(abs(b) for b in short_x) <= 0.05,
        ),
        (
            "Feedback + 15 % missing, T = 365: bias",
            "≤ 0.05 points",
            f"{feedback.bias_x:+.3f} ± {feedback.bias_se:.3f}",
            abs(feedback.bias_x) <= 0.05,
        ),
        (
            "Feedback + 15 % missing, T = 365: FPR",
            "≤ 6 %",
            f"{feedback.fpr:.1f} ± {feedback.fpr_se:.1f} %",
            feedback.fpr <= 6,
        ),
        (
            "Naive with/without comparison (negative control), T ≥ 120",
            "fails (FPR well above 5 %)",
            f"{min(naive):.0f}–{max(naive):.0f} %",
            min(naive) > 5.5,
        ),
    ]
    lines = ["| Check | Target | Result | |", "|---|---|---|---|"]
    for name, target, result, ok in rows:
        lines.append(f"| {name} | {target} | {result} | {verdict(ok)} |")
    for name, (target, result, ok) in extra.items():
        lines.append(f"| {name} | {target} | {result} | {verdict(ok)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full 300 patients per cell")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the docs page")
    args = parser.parse_args()
    scale = args.scale
    started = time.perf_counter()
    summaries = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for cell in grid(scale):
            cell_started = time.perf_counter()
            summary = summarise(cell, run_cell(cell, pool), time.perf_counter() - cell_started)
            summaries.append(summary)
            print(grid_table([summary])[-1], f"{summary.seconds:.0f} s", flush=True)
        plain, pooled = pooled_prior_cell(pool, scale)
        print(grid_table([plain, pooled])[-2:], flush=True)
        any_headline, per_factor_headline, many_patients = many_nulls(pool, scale)
        print("20 nulls:", any_headline, per_factor_headline, flush=True)
        calibrated = calibration(pool, scale)
        print("calibration:", calibrated, flush=True)
        end_to_end = pooling_end_to_end(pool, scale)
        print("pooling end to end:", end_to_end, flush=True)
        confounded = run_confounded(pool, scale)
    stage_two = pooling_stage_two(reps=max(100, int(1000 * scale)))
    print("pooling stage 2:", stage_two, flush=True)
    worst_gls, worst_grid = gls_agreement()
    print("agreement:", worst_gls, worst_grid, flush=True)
    calibration_error, calibration_fine = calibration_ok(calibrated)
    extra = {
        "Headline claims, patients with any among 20 null factors (T = 365)": (
            "≤ 10 %",
            f"{any_headline:.1f} % of {many_patients} patients ({per_factor_headline:.2f} % per factor)",
            any_headline <= 10,
        ),
        "FPR, T = 60, ρ = 0.8, with pooled ρ/σ²/effect priors": (
            "≤ 6 %",
            f"{pooled.fpr:.1f} ± {pooled.fpr_se:.1f} % (default priors: {plain.fpr:.1f} %)",
            pooled.fpr <= 6,
        ),
        "Calibration of P(benefit ≥ MCID), T = 120": (
            "within ±0.05 per bin (or 2 MC SE in small bins)",
            f"largest gap {calibration_error:.3f}",
            calibration_fine,
        ),
        "Pooling (stage 2 alone, 30 people): μ / τ coverage": (
            "93–97 % / ≥ 90 %",
            f"{stage_two.mu_coverage:.1f} % / {stage_two.tau_coverage:.1f} % ({stage_two.reps} reps)",
            93 <= stage_two.mu_coverage <= 97 and stage_two.tau_coverage >= 90,
        ),
        "Pooling (simulated diaries, 30 people): μ / τ coverage": (
            "93–97 % / ≥ 90 %",
            f"{end_to_end.mu_coverage:.1f} % / {end_to_end.tau_coverage:.1f} % ({end_to_end.reps} reps)",
            93 <= end_to_end.mu_coverage <= 97 and end_to_end.tau_coverage >= 90,
        ),
        "Pooling: shrunken MSE < unpooled MSE": (
            "in ≥ 95 % of sims",
            f"{stage_two.shrunken_better:.1f} % (stage 2), {end_to_end.shrunken_better:.1f} % (simulated diaries)",
            min(stage_two.shrunken_better, end_to_end.shrunken_better) >= 95,
        ),
        "Posterior mean vs statsmodels GLS (ρ = 0.6 fixed, flat priors, gaps), 200 datasets": (
            "≤ 1e-6",
            f"{worst_gls:.1e}",
            worst_gls <= 1e-6,
        ),
        "Sufficient-statistics path vs dense whitening reference (39-point ρ grid), 200 datasets": (
            "≤ 1e-8",
            f"{worst_grid:.1e}",
            worst_grid <= 1e-8,
        ),
        **confounded_targets(confounded),
    }
    minutes = (time.perf_counter() - started) / 60
    n_cell = max(20, int(300 * scale))
    fpr_se = 100 * math.sqrt(0.05 * 0.95 / (7 * n_cell))
    lines = [
        "# Insights engine: validation",
        "",
        "Written by `bench/insights_validation.py` (do not edit by hand); the method is in "
        "[insights.md](insights.md). Run on " + dt.date.today().isoformat() + f" in {minutes:.1f} minutes on "
        f"{machine()}, with {args.workers} worker processes (`--scale {scale:g}`).",
        "",
        "Each patient is simulated by `painwise.simulation` (σ = 1.2 points, trend −0.5 points/year, weekday "
        "pattern, last night's sleep, 15 % missing days unless stated, Gaussian noise with continuous outcomes "
        "unless stated) with one factor *x* (same-day effect −1 point unless stated, next-day effect 0) and three "
        "factors without effect, all used on about 30–35 % of days with persistence 0.6. Every patient gives 8 "
        "estimates (4 factors × same day and next day); *null* means the 7 with true effect 0. FPR: the 95 % "
        'interval excludes 0. Headline: verdict "strong sign" (either direction). Directional: any "some" or '
        '"strong" verdict. ± is one Monte Carlo standard error. The brief asked for 2,000 replications per cell '
        f"(MC SE ≈ 0.5 pp); this run used {n_cell} patients per cell ({7 * n_cell:,} null estimates: MC SE ≈ "
        f"{fpr_se:.2f} pp for FPR near 5 %), {max(20, n_cell // 2)} at T = 1000, about the most two shared cores "
        "do in 10–15 minutes. The ± column is the binomial SE over estimates; estimates from one patient share "
        "its noise, so the true SE is somewhat larger (re-running T = 1000 cells with other seeds moved FPR by "
        "up to 2 pp at 50 patients).",
        "",
        "## Acceptance targets",
        "",
        *targets_table([*summaries, plain], extra),
        "",
        "Not run: SBC rank checks, the randomisation test for structured trials (no trial analysis in this "
        "package yet), and the PyMC comparison (PyMC is not installed).",
        "",
        "## Grid",
        "",
        *grid_table([*summaries, plain, pooled]),
        "",
        "## Factors taken because the day is bad",
        "",
        "Each diary (T = 365 unless stated, ρ = 0.6, σ = 1.2, 15 % missing days) has a factor *z* and two factors "
        "without effect. *Rescue*: z is used on a bad day, with the log-odds of use rising by 3 per point of that "
        "day's pain (before z acts) above the person's mean, on about 25 % of days. *Withdrawal*: z is used on "
        "about 80 % of days, does nothing for pain, and the 1st, 2nd and 3rd day without it are 1.5, 1 and 0.5 "
        "points worse. *Therapy started*: z can be used only from the middle of the diary, when pain also drops "
        "1.5 points for a reason outside the diary. \"Read as needed\" is what Painwise now does for a medication "
        "whose schedule says as needed, kratom or alcohol logged for pain, withdrawal or sleep, and an own factor "
        "marked \"I use this when pain is bad\" (only the next day is compared, never a strong sign); "
        "\"flagged dependence-forming\" is what it does for kratom, alcohol, opioids, benzodiazepines, Z-drugs and "
        "gabapentinoids. Shares are of the diaries' verdicts for z at that lag; \"helps\" = some or strong sign it "
        "helps; \"strong sign\" = either direction.",
        "",
        *confounded_table(confounded),
        "",
        "## Calibration of P(benefit ≥ 1 point)",
        "",
        "Factor x's effect drawn per patient from N(−0.5, 1.0²) points (T = 120, ρ = 0.6); predicted "
        "probabilities binned; observed = share of patients whose true effect was a benefit of ≥ 1 point.",
        "",
        "| mean predicted | observed | estimates |",
        "|---|---|---|",
        *[f"| {p:.3f} | {o:.3f} | {n} |" for p, o, n in calibrated],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
