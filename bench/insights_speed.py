"""Speed of the insights engine, with statsmodels GLSAR and SARIMAX on the same data for scale.

Prints: one person-outcome (365 days), all insights of a 3-year diary with 20 factors × 5 outcomes, and
pooling 10,000 people × 3 outcomes (stage 1 + stage 2) with peak memory. Run:

    .venv/bin/python bench/insights_speed.py [--people 10000]

Diaries come from painwise.simulation with fixed seeds; simulation time is reported apart from fitting.
"""

from __future__ import annotations

import os

# One BLAS thread: the matrices are small, and threads only fight over the shared cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import platform
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from painwise.nof1 import DiaryArrays, FactorMeta, analyse, pool_people, stage_one
from painwise.nof1.clean import clean_diary
from painwise.nof1.engine import coefficient_posterior, fit_outcome
from painwise.nof1.types import DEFAULT_OPTIONS
from painwise.nof1.verdicts import probabilities
from painwise.simulation.engine import simulate_arrays
from painwise.simulation.spec import FactorSpec, PatientSpec

OUTCOMES_5 = ["pain_average", "pain_worst", "sleep_quality", "mood", "stress"]
POOL_OUTCOMES = ["pain_average", "mood", "sleep_quality"]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}; {os.cpu_count()} logical cores; Python {platform.python_version()}; numpy {np.__version__}"


def diary(days: int, factors: int, seed: int) -> DiaryArrays:
    specs = tuple(
        FactorSpec(f"f{k}", base_rate=0.2 + 0.02 * (k % 10), persistence=0.5, same_day_effect=-0.5 * (k == 0))
        for k in range(factors)
    )
    series = simulate_arrays(PatientSpec(days=days, factors=specs, track_cycle=True), seed=seed)
    return DiaryArrays(series.dates, series.logged, series.outcomes, series.exposures)


def median_ms(action: Callable[[], object], repeats: int) -> float:
    action()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings)


def one_person_outcome() -> None:
    data = diary(365, 1, seed=1)
    metas = [FactorMeta("f0", "f0")]
    cleaned = clean_diary(data).diary
    assert cleaned is not None
    outcome_fit = fit_outcome(cleaned, outcome="pain_average", factors=metas)
    assert outcome_fit.design is not None
    design = outcome_fit.design
    ours = median_ms(lambda: analyse(data, factors=metas, outcomes=["pain_average"]), 50)
    fit_only = median_ms(lambda: fit_outcome(cleaned, outcome="pain_average", factors=metas, with_checks=False), 50)
    fit_and_probabilities = median_ms(lambda: _fit_and_probabilities(cleaned, metas), 50)
    glsar = median_ms(lambda: _glsar(design.x, design.y), 10)
    sarimax = median_ms(lambda: _sarimax(cleaned, design.x, design.days, design.y), 3)
    print(f"One person-outcome: 365 days, {design.x.shape[0]} rows, {design.x.shape[1]} terms, 39-point ρ grid")
    print(f"  ours, analyse() end to end (fit, 2 insights with intervals and probabilities, checks): {ours:.2f} ms")
    print(f"  ours, model fit alone: {fit_only:.2f} ms")
    print(f"  ours, fit + 3 probabilities + 95 % interval for one term: {fit_and_probabilities:.2f} ms (target ≤ 5 ms)")
    print(f"  statsmodels GLSAR.iterative_fit (rows treated as consecutive): {glsar:.2f} ms ({glsar / ours:.1f}× ours)")
    print(f"  statsmodels SARIMAX(1,0,0) with exog and missing days: {sarimax:.1f} ms ({sarimax / ours:.0f}× ours)")


def _fit_and_probabilities(cleaned: DiaryArrays, metas: list[FactorMeta]) -> None:
    outcome_fit = fit_outcome(cleaned, outcome="pain_average", factors=metas, with_checks=False)
    marginal = coefficient_posterior(outcome_fit, factor="f0", lag=0, prior=None, options=DEFAULT_OPTIONS)
    assert marginal is not None
    probabilities(marginal, higher_is_better=False, mcid=1.0)
    marginal.interval()


def _glsar(x: np.ndarray, y: np.ndarray) -> None:
    import statsmodels.api as sm

    sm.GLSAR(y, x, rho=1).iterative_fit(maxiter=10)


def _sarimax(cleaned: DiaryArrays, x: np.ndarray, days: np.ndarray, y: np.ndarray) -> None:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    full_y = np.full(cleaned.dates.size, np.nan)
    full_y[days] = y
    exog = np.zeros((cleaned.dates.size, x.shape[1] - 1))
    exog[days] = x[:, 1:]  # the intercept is SARIMAX's trend="c"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        SARIMAX(full_y, exog=exog, order=(1, 0, 0), trend="c").fit(disp=False)


def three_year_diary() -> None:
    data = diary(1095, 20, seed=2)
    metas = [FactorMeta(f"f{k}", f"f{k}") for k in range(20)]
    report = analyse(data, factors=metas, outcomes=OUTCOMES_5)
    elapsed = median_ms(lambda: analyse(data, factors=metas, outcomes=OUTCOMES_5), 5)
    print(
        f"3-year diary, 20 factors × 5 outcomes: {len(report.insights)} insights in {elapsed:.0f} ms (target ≤ 250 ms)"
    )


def pooling(people: int, chunk: int = 500) -> None:
    metas = [FactorMeta(f"f{k}", f"f{k}") for k in range(3)]
    fits = []
    simulate_seconds = fit_seconds = 0.0
    for start in range(0, people, chunk):
        started = time.perf_counter()
        diaries = [diary(365, 3, seed=10_000 + p) for p in range(start, min(start + chunk, people))]
        simulate_seconds += time.perf_counter() - started
        started = time.perf_counter()
        fits += [stage_one(d, factors=metas, outcomes=POOL_OUTCOMES) for d in diaries]
        fit_seconds += time.perf_counter() - started
    started = time.perf_counter()
    priors, pooled = pool_people(fits, mcid=1.0, higher_is_better={"mood": True, "sleep_quality": True})
    pool_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = fit_seconds + pool_seconds
    print(f"Pooling {people} people × {len(POOL_OUTCOMES)} outcomes × 3 factors × 2 lags (365 days each):")
    per_fit = 1000 * fit_seconds / people / len(POOL_OUTCOMES)
    print(f"  stage 1 fits: {fit_seconds:.1f} s ({per_fit:.2f} ms per person-outcome)")
    print(f"  stage 2: {len(pooled)} pooled effects, ρ and σ² priors for {len(priors.rho_log_prior)} outcomes")
    print(f"  stage 2 took {pool_seconds:.2f} s")
    print(
        f"  total {total / 60:.2f} min (target ≤ 5 min); simulating the diaries took another {simulate_seconds:.0f} s"
    )
    print(f"  peak RSS of this process: {peak_mb:.0f} MB (target ≤ 1 GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    one_person_outcome()
    three_year_diary()
    pooling(args.people)


if __name__ == "__main__":
    main()
