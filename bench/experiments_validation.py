"""Validation by simulation of the randomised N-of-1 trial analysis (painwise.nof1.trial).

For each proposed design it simulates trials (AR(1) noise, SD 1.5 points, ρ 0.5, 10 % of days missing at
random, the effect half built up during washout days) and prints one table row per design:

- FPR: share of null trials (no true difference) where the Bayesian rule claims a clear answer
  (P(A better) or P(B better) ≥ 0.975); target ≤ 5 %.
- KS p: Kolmogorov-Smirnov test of the randomisation-test p-values under the null against uniform; target
  > 0.01. Block designs have only 2^k orders, so their p-values are discrete: the row shows instead
  P(p ≤ 0.05), which must stay ≤ 5 % (with 4 pairs the smallest possible p is 0.125, so it is 0).
- Coverage: share of 95 % intervals containing the true difference when the true difference is drawn
  from the sceptical prior N(0, MCID²) (the model's own assumption); target 93-97 %. Also at a fixed
  difference of one MCID (shrinkage lowers it there; reported, not a target).
- Power: chance of a clear answer in the right direction when A truly helps by one MCID (1 point).

Run: .venv/bin/python bench/experiments_validation.py [--reps 400] [--seed 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import stats

from painwise.nof1.trial import (
    TrialDesign,
    analyse_trial,
    generate_schedule,
    randomisation_p,
    simulate_data,
)

SIGMA, RHO, MISSING, MCID = 1.5, 0.5, 0.1, 1.0
DESIGNS = {
    "blocks 3 x 2 x 7 d (washout 2)": TrialDesign(kind="blocks", pairs=3, period_days=7, washout_days=2),
    "blocks 4 x 2 x 7 d (washout 2)": TrialDesign(kind="blocks", pairs=4, period_days=7, washout_days=2),
    "blocks 4 x 2 x 14 d (washout 2)": TrialDesign(kind="blocks", pairs=4, period_days=14, washout_days=2),
    "days 28": TrialDesign(kind="days", days=28),
    "days 56": TrialDesign(kind="days", days=56),
}


def _one(design: TrialDesign, effect: float, run: int, rng: np.random.Generator) -> tuple[object, object]:
    schedule = generate_schedule(design, seed=run)
    data = simulate_data(schedule, effect=effect, sigma=SIGMA, rho=RHO, rng=rng, missing=MISSING)
    return data, analyse_trial(data, kind=design.kind, mcid=MCID, randomisation=False)


def validate(name: str, design: TrialDesign, *, reps: int, seed: int) -> dict[str, float | str]:
    rng = np.random.default_rng(seed)
    claims, pvalues, covered_prior, covered_fixed, power = 0, [], 0, 0, 0
    for run in range(reps):
        data, result = _one(design, 0.0, seed * 1_000_000 + run, rng)
        claims += result.clear  # type: ignore[attr-defined]
        pvalues.append(randomisation_p(data, kind=design.kind, draws=500, seed=run))  # type: ignore[arg-type]
        truth = float(rng.normal(0.0, MCID))
        _, result = _one(design, truth, seed * 1_000_000 + reps + run, rng)
        covered_prior += result.low <= truth <= result.high  # type: ignore[attr-defined]
        _, result = _one(design, -MCID, seed * 1_000_000 + 2 * reps + run, rng)
        covered_fixed += result.low <= -MCID <= result.high  # type: ignore[attr-defined]
        power += result.verdict == "a_better"  # type: ignore[attr-defined]
    if design.kind == "days":
        randomisation = f"KS p {stats.kstest(pvalues, 'uniform').pvalue:.2f}"
    else:
        randomisation = f"P(p<=.05) {np.mean(np.asarray(pvalues) <= 0.05):.1%}"
    return {
        "design": name, "FPR": claims / reps, "randomisation": randomisation,
        "coverage": covered_prior / reps, "coverage_fixed": covered_fixed / reps, "power": power / reps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"{args.reps} trials per cell; SD {SIGMA}, rho {RHO}, {MISSING:.0%} missing, MCID {MCID} point\n")
    print("| design | FPR (≤ 5 %) | randomisation test under the null | coverage, effect ~ prior (93-97 %) "
          "| coverage at 1 MCID | power at 1 MCID |")
    print("|---|---|---|---|---|---|")
    for name, design in DESIGNS.items():
        row = validate(name, design, reps=args.reps, seed=args.seed)
        print(f"| {row['design']} | {row['FPR']:.1%} | {row['randomisation']} | {row['coverage']:.1%} "
              f"| {row['coverage_fixed']:.1%} | {row['power']:.1%} |", flush=True)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
