"""Coverage of the 95 % interval for one block design, with more replications than the validation table.

Investigates the 4 pairs of 7-day periods cell of bench/experiments_validation.py (docs/experiments.md,
"Coverage of 4 pairs of 7-day periods"): the true A − B difference is drawn from the sceptical prior N(0, MCID²),
a trial is simulated (AR(1) noise SD 1.5, ρ 0.5, 10 % of days missing) and the share of intervals that contain
the truth is printed. Variants:

- ``analysis``: the interval Painwise shows (sceptical prior swapped in exactly, ρ integrated);
- ``working``: the fit under its working prior N(0, (10σ)²), ρ integrated;
- ``working-rho-known``: the same with ρ fixed at its true value (isolates the uncertainty about ρ).

Run: .venv/bin/python bench/experiments_coverage.py [--reps 2000] [--seed 2] [--variant analysis]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from painwise.nof1.trial import TrialDesign, analyse_trial, generate_schedule, simulate_data, working_effect

SIGMA, RHO, MISSING, MCID = 1.5, 0.5, 0.1, 1.0
VARIANTS = ("analysis", "working", "working-rho-known")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--variant", choices=VARIANTS, default="analysis")
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--period-days", type=int, default=7)
    args = parser.parse_args()
    design = TrialDesign(kind="blocks", pairs=args.pairs, period_days=args.period_days, washout_days=2)
    rng = np.random.default_rng(args.seed)
    covered = 0
    started = time.perf_counter()
    for run in range(args.reps):
        schedule = generate_schedule(design, seed=args.seed * 1_000_000 + args.reps + run)
        truth = float(rng.normal(0.0, MCID))
        data = simulate_data(schedule, effect=truth, sigma=SIGMA, rho=RHO, rng=rng, missing=MISSING)
        if args.variant == "analysis":
            result = analyse_trial(data, kind="blocks", mcid=MCID, randomisation=False)
            low, high = result.low, result.high
        else:
            grid = (RHO,) if args.variant == "working-rho-known" else None
            mixture = working_effect(data, kind="blocks") if grid is None else working_effect(
                data, kind="blocks", rho_grid=grid)
            low, high = mixture.interval()
        covered += low <= truth <= high
    share = covered / args.reps
    se = (share * (1 - share) / args.reps) ** 0.5
    print(f"{args.variant}, {args.pairs} x 2 x {args.period_days} d, seed {args.seed}, {args.reps} trials: "
          f"coverage {share:.1%} (SE {se:.1%}); {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
