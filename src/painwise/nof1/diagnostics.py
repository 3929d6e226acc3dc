"""Model checks: leftover autocorrelation, ratings stuck at the ends of the scale, missing not at random."""

from __future__ import annotations

import math

import numpy as np

from painwise.nof1.model import IntArray
from painwise.nof1.types import BoolArray, FloatArray

MAX_LAG = 7
MIN_PAIRS = 10
# Unlogged days are flagged as following worse days when the day before them is this much worse (points)
# and the difference is clear (p below MNAR_P).
MNAR_POINTS = 0.5
MNAR_P = 0.01


def residual_autocorrelation(residuals: FloatArray, days: IntArray) -> tuple[tuple[float, ...], float | None]:
    """Autocorrelations at lags 1–7 days of standardised innovations observed on ``days`` (gaps allowed),
    and a Box–Pierce p-value for all of them together (None when too few pairs)."""
    from scipy import special  # here: scipy costs most of a start-up
    if residuals.size < MIN_PAIRS:
        return (), None
    centred = residuals - residuals.mean()
    variance = float(centred @ centred) / centred.size
    if variance <= 0:
        return (), None
    calendar = np.full(int(days[-1] - days[0]) + 1 + MAX_LAG, np.nan)
    calendar[days - days[0]] = centred
    correlations: list[float] = []
    statistic, tested = 0.0, 0
    for lag in range(1, MAX_LAG + 1):
        products = calendar[:-lag] * calendar[lag:]
        pairs = products[np.isfinite(products)]
        if pairs.size < MIN_PAIRS:
            correlations.append(float("nan"))
            continue
        value = float(pairs.mean() / variance)
        correlations.append(value)
        statistic += pairs.size * value**2
        tested += 1
    p_value = float(special.chdtrc(tested, statistic)) if tested else None
    return tuple(correlations), p_value


def floor_ceiling_share(values: FloatArray, *, scale_min: float, scale_max: float) -> float | None:
    """Share of ratings exactly at the lowest or highest point of the scale (None without ratings)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    return float(np.mean((finite <= scale_min) | (finite >= scale_max)))


def missing_after_bad_days(values: FloatArray, logged: BoolArray) -> bool:
    """True when days followed by an unlogged day were clearly worse (higher) than days followed by a
    logged one, which suggests days go unlogged because they are bad (missing not at random)."""
    from scipy import stats  # here: scipy costs most of a start-up
    today = values[:-1]
    next_missing = ~logged[1:]
    usable = np.isfinite(today)
    before_gap, before_logged = today[usable & next_missing], today[usable & ~next_missing]
    if before_gap.size < MIN_PAIRS or before_logged.size < MIN_PAIRS:
        return False
    difference = float(before_gap.mean() - before_logged.mean())
    se = math.sqrt(before_gap.var(ddof=1) / before_gap.size + before_logged.var(ddof=1) / before_logged.size)
    # Normal approximation to Welch's test: both groups have at least MIN_PAIRS days.
    return difference >= MNAR_POINTS and se > 0 and float(stats.norm.sf(difference / se)) < MNAR_P
