"""When the synthetic patient uses each factor, and how much.

Use is a two-state Markov chain per factor (used yesterday or not). Factors without feedback do not depend
on pain, so their whole chain is drawn at once from alternating run lengths; factors with feedback are
stepped day by day inside the pain loop (``engine``), which uses ``log_odds_of_use`` below.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from painwise.simulation.spec import FactorSpec

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Amounts are rounded to what a person would log: whole minutes and milligrams, half drinks, else 0.1.
AMOUNT_RESOLUTION = {"min": 1.0, "mg": 1.0, "drinks": 0.5}
# A dose SD below this share of the mean counts as a fixed dose (the gamma shape would overflow).
FIXED_DOSE_SD_SHARE = 1e-6
# Probabilities of exactly 0 or 1 have infinite log-odds; feedback needs finite ones.
PROBABILITY_FLOOR = 1e-9


def logit(p: float) -> float:
    """Log-odds of a probability, with p kept inside [1e-9, 1 − 1e-9]."""
    p = min(max(p, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
    return math.log(p / (1.0 - p))


def log_odds_of_use(factor: FactorSpec) -> tuple[float, float]:
    """Log-odds of use today before feedback: (not used yesterday, used yesterday)."""
    return logit(factor.start_rate), logit(factor.persistence)


def markov_use(factor: FactorSpec, *, days: int, rng: np.random.Generator) -> BoolArray:
    """Days of use for a factor without feedback: alternating runs of use and non-use.

    Runs of use last Geometric(1 − persistence) days and runs without Geometric(start_rate) days, which is
    the same chain as deciding day by day; the first day is in use with probability ``base_rate``.
    """
    first_in_use = bool(rng.random() < factor.base_rate)
    use_runs = rng.geometric(1.0 - factor.persistence, days)
    rest_runs = rng.geometric(factor.start_rate, days)
    runs = np.stack([use_runs, rest_runs] if first_in_use else [rest_runs, use_runs], axis=1).ravel()
    states = np.tile([first_in_use, not first_in_use], days)
    return np.repeat(states, runs)[:days]


def lagged_effect(use: BoolArray, effects: tuple[float, ...]) -> FloatArray:
    """Effect of one factor's use on each day: effects[k] points on the k-th day after each day of use."""
    total = np.zeros(use.size)
    for lag, effect in enumerate(effects[: use.size]):
        if effect:
            total[lag:] += effect * use[: use.size - lag]
    return total


def withdrawal_effect(use: BoolArray, effects: tuple[float, ...]) -> FloatArray:
    """Withdrawal on days without use: effects[k] points on the (k + 1)-th day in a row without use after a
    day of use (nothing before the first use)."""
    total = np.zeros(use.size)
    for k, effect in enumerate(effects):
        if not effect or k + 1 >= use.size:
            continue
        # Day t is the (k + 1)-th day off: used on t − k − 1, and not used on t − k .. t.
        off = np.ones(use.size - k - 1, dtype=np.bool_)
        for j in range(k + 1):
            off &= ~use[k + 1 - j : use.size - j]
        total[k + 1 :] += effect * (use[: use.size - k - 1] & off)
    return total


def amounts(factor: FactorSpec, use: BoolArray, rng: np.random.Generator) -> FloatArray:
    """Amount used per day in the factor's unit: 0.0 without use, 1.0 for yes/no factors, else a dose.

    Doses are gamma distributed with the factor's mean and SD and rounded to the unit's resolution (never
    rounded down to 0). The doses are drawn for every day so the draws do not depend on the days of use.
    """
    return np.where(use, _doses(factor, use.size, rng), 0.0)


def _doses(factor: FactorSpec, days: int, rng: np.random.Generator) -> FloatArray:
    if factor.dose_mean is None:
        return np.ones(days)
    if not factor.dose_sd or factor.dose_sd < FIXED_DOSE_SD_SHARE * factor.dose_mean:
        return np.full(days, factor.dose_mean)
    shape = (factor.dose_mean / factor.dose_sd) ** 2
    raw = rng.gamma(shape, factor.dose_mean / shape, days)
    step = AMOUNT_RESOLUTION.get(factor.unit or "", 0.1)
    return np.asarray(np.maximum(np.rint(raw / step) * step, step), dtype=np.float64)
