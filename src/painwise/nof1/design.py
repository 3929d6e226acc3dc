"""The design matrix for one person and outcome: intercept, trend, weekday, covariates and factor lags.

Rows are calendar days with a usable outcome on which every factor term is known. A day that was not
logged leaves the factors unknown (never "not used"), so such a day cannot serve as the previous day of
a next-day term either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from painwise.nof1.model import IntArray
from painwise.nof1.types import AnalysisOptions, BoolArray, DiaryArrays, FactorMeta, FloatArray

ColumnKind = Literal["intercept", "trend", "weekday", "covariate", "use", "dose"]
SMALL_SHARE_PRESENT = 0.5  # a covariate answered on fewer rows than this share is left out
MIN_COVARIATE_DAYS = 3
MIN_DOSE_DAYS = 5
DEPENDENT_TOLERANCE = 1e-8
PREMENSTRUAL_DAYS = 5


@dataclass(frozen=True)
class Column:
    """One column of the design: what it is and, for factor terms, which factor and lag."""

    name: str
    kind: ColumnKind
    factor: str | None = None
    lag: int | None = None


@dataclass(frozen=True)
class Design:
    """Rows (days with a usable outcome) × columns, with the prior precision (1/κ²) of each column."""

    x: FloatArray
    y: FloatArray
    days: IntArray
    columns: tuple[Column, ...]
    prior_precision: FloatArray

    def column_index(self, *, factor: str, lag: int) -> int | None:
        """Index of the any-use column of ``factor`` at ``lag``, or None when it is not in the design."""
        for index, column in enumerate(self.columns):
            if column.kind == "use" and column.factor == factor and column.lag == lag:
                return index
        return None


def factor_lags(meta: FactorMeta) -> tuple[int, ...]:
    """Lags (days) estimated for a factor: same day and next day, or only next day for as-needed use."""
    return (1,) if meta.prn else (0, 1)


def known_use(amounts: FloatArray) -> tuple[BoolArray, BoolArray]:
    """(known, used) per day: an amount is known when finite and not negative; used when above 0."""
    with np.errstate(invalid="ignore"):
        known = np.isfinite(amounts) & (amounts >= 0.0)
        return known, known & (amounts > 0.0)


def shifted(values: FloatArray, lag: int, fill: float = np.nan) -> FloatArray:
    """values[t − lag] at t (``fill`` for the first ``lag`` days)."""
    if lag == 0:
        return values.copy()
    out = np.full(values.shape, fill, dtype=np.float64)
    out[lag:] = values[:-lag]
    return out


def candidate_rows(diary: DiaryArrays, *, outcome: str, factors: Sequence[FactorMeta]) -> tuple[BoolArray, BoolArray]:
    """(rows, has outcome): days with a usable outcome and every factor term known; days with the outcome."""
    y = diary.outcomes[outcome]
    has_outcome = diary.logged & np.isfinite(y)
    rows = has_outcome.copy()
    for meta in factors:
        known, _ = known_use(diary.exposures[meta.slug])
        for lag in factor_lags(meta):
            rows &= shifted(known.astype(np.float64), lag, fill=0.0) > 0.5
    return rows, has_outcome


def build_design(
    diary: DiaryArrays,
    *,
    outcome: str,
    rows: BoolArray,
    factors: Sequence[FactorMeta],
    covariates: Mapping[str, FloatArray],
    options: AnalysisOptions,
) -> Design:
    """Assemble the design for ``outcome`` on the chosen ``rows`` (bool over calendar days).

    ``factors`` are those that passed the usage checks; ``covariates`` maps a name to a per-day value
    (NaN = unknown), each added centred with an indicator for unknown days when needed.
    """
    day_index = np.flatnonzero(rows).astype(np.int64)
    blocks: list[tuple[Column, FloatArray, float]] = [
        (Column("intercept", "intercept"), np.ones(day_index.size), 1.0 / options.kappa_trend**2)
    ]
    blocks += _trend_columns(day_index, options)
    blocks += _weekday_columns(diary.dates[day_index], day_index, options)
    for name, values in covariates.items():
        blocks += _covariate_columns(name, values[day_index], options)
    for meta in factors:
        blocks += _factor_columns(meta, diary.exposures[meta.slug], day_index, options)
    # A column that is zero on every row (e.g. a weekday never logged) carries no information, and a
    # flat-prior column that repeats others (two "unknown" indicators on the same days) is not identified.
    blocks = [block for block in blocks if block[0].kind == "intercept" or np.any(block[1] != 0)]
    blocks = _independent_flat_columns(blocks)
    return Design(
        x=np.column_stack([values for _, values, _ in blocks]),
        y=diary.outcomes[outcome][day_index].astype(np.float64),
        days=day_index,
        columns=tuple(column for column, _, _ in blocks),
        prior_precision=np.array([precision for _, _, precision in blocks]),
    )


def _independent_flat_columns(
    blocks: list[tuple[Column, FloatArray, float]],
) -> list[tuple[Column, FloatArray, float]]:
    """Drop flat-prior columns that are (numerically) linear combinations of earlier flat-prior columns."""
    flat = [index for index, block in enumerate(blocks) if block[2] == 0]
    if not flat:
        return blocks
    matrix = np.column_stack([blocks[index][1] for index in flat])
    diagonal = np.abs(np.diag(np.linalg.qr(matrix, mode="r")))
    scale = np.maximum(np.linalg.norm(matrix, axis=0), 1.0)
    dependent = {
        index for index, size, norm in zip(flat, diagonal, scale, strict=True) if size <= DEPENDENT_TOLERANCE * norm
    }
    return [block for index, block in enumerate(blocks) if index not in dependent]


def _standardised(values: FloatArray) -> FloatArray:
    spread = float(values.std())
    centred: FloatArray = values - values.mean()
    return centred / spread if spread > 0 else centred


def _trend_columns(days: IntArray, options: AnalysisOptions) -> list[tuple[Column, FloatArray, float]]:
    """Linear trend under ``days_per_knot`` days; a natural cubic spline with one knot per
    ``days_per_knot`` days (at most ``max_trend_df`` columns) otherwise. Columns are standardised."""
    span = int(days[-1] - days[0]) if days.size else 0
    if span == 0:
        return []
    position = (days - days[0]) / span
    df = max(1, min(options.max_trend_df, span // options.days_per_knot))
    basis = [position] if df == 1 else _natural_spline(position, df)
    precision = 1.0 / options.kappa_trend**2
    return [(Column(f"trend_{k}", "trend"), _standardised(b), precision) for k, b in enumerate(basis)]


def _natural_spline(position: FloatArray, df: int) -> list[FloatArray]:
    """Natural cubic spline basis without the constant (ESL eq. 5.4–5.5): ``df`` columns, knots at
    quantiles of ``position`` (0–1); just the linear term if the knots coincide."""
    knots = np.unique(np.quantile(position, np.linspace(0.0, 1.0, df + 1)))
    if knots.size < 3:
        return [position]
    last = float(knots[-1])

    def truncated(k: int) -> FloatArray:
        cubic: FloatArray = np.maximum(position - knots[k], 0.0) ** 3 - np.maximum(position - last, 0.0) ** 3
        return cubic / (last - float(knots[k]))

    final = truncated(knots.size - 2)
    return [position] + [truncated(k) - final for k in range(knots.size - 2)]


def _weekday_columns(
    dates: np.ndarray, days: IntArray, options: AnalysisOptions
) -> list[tuple[Column, FloatArray, float]]:
    """Six weekday indicators (Monday is the reference) once the diary spans ``weekday_min_days``."""
    if days.size == 0 or days[-1] - days[0] + 1 < options.weekday_min_days:
        return []
    weekday = (dates.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 0 = Monday
    precision = 1.0 / options.kappa_nuisance**2
    return [(Column(f"weekday_{d}", "weekday"), (weekday == d).astype(np.float64), precision) for d in range(1, 7)]


def _covariate_columns(
    name: str, values: FloatArray, options: AnalysisOptions
) -> list[tuple[Column, FloatArray, float]]:
    """A centred covariate plus an indicator for unknown days (if any); nothing when mostly unknown."""
    present = np.isfinite(values)
    if present.sum() < max(MIN_COVARIATE_DAYS, SMALL_SHARE_PRESENT * values.size):
        return []
    observed = values[present]
    if np.ptp(observed) == 0:
        return []
    precision = 1.0 / options.kappa_nuisance**2
    centred = np.where(present, values - observed.mean(), 0.0)
    columns = [(Column(name, "covariate"), centred, precision)]
    if (~present).sum() >= MIN_COVARIATE_DAYS:
        columns.append((Column(f"{name}_unknown", "covariate"), (~present).astype(np.float64), precision))
    return columns


def _factor_columns(
    meta: FactorMeta, amounts: FloatArray, days: IntArray, options: AnalysisOptions
) -> list[tuple[Column, FloatArray, float]]:
    """Any-use indicator per lag; for dose factors also the standardised amount on use days (0 otherwise),
    so the any-use coefficient is the difference at the person's usual amount."""
    _, used = known_use(amounts)
    precision = 1.0 / options.kappa_effect**2
    dose = _standardised_dose(amounts, used) if meta.kind == "dose" else None
    columns: list[tuple[Column, FloatArray, float]] = []
    for lag in factor_lags(meta):
        use_at = shifted(used.astype(np.float64), lag, fill=0.0)[days]
        columns.append((Column(f"{meta.slug}@{lag}", "use", meta.slug, lag), use_at, precision))
        if dose is not None:
            columns.append(
                (
                    Column(f"{meta.slug}@{lag}:dose", "dose", meta.slug, lag),
                    shifted(dose, lag, fill=0.0)[days],
                    precision,
                )
            )
    return columns


def _standardised_dose(amounts: FloatArray, used: BoolArray) -> FloatArray | None:
    """(amount − mean use amount) / SD of use amounts on use days, 0 elsewhere; None if amounts are fixed."""
    on_use = amounts[used]
    if on_use.size < MIN_DOSE_DAYS or float(on_use.std()) == 0.0:
        return None
    standard: FloatArray = np.where(used, (np.nan_to_num(amounts) - on_use.mean()) / on_use.std(), 0.0)
    return standard


def sleep_covariate(diary: DiaryArrays) -> FloatArray | None:
    """Last night's sleep quality per day (the check-in of day t rates the night before it), if tracked."""
    values = diary.outcomes.get("sleep_quality")
    return None if values is None or not np.isfinite(values).any() else values.astype(np.float64)


def cycle_covariates(diary: DiaryArrays) -> dict[str, FloatArray]:
    """Menstrual days 1–3 and the 5 days before the next day 1, as 0/1 per day (NaN where unknown)."""
    cycle_day = diary.outcomes.get("cycle_day")
    if cycle_day is None or not np.isfinite(cycle_day).any():
        return {}
    known = np.isfinite(cycle_day)
    menstrual = np.where(known, (cycle_day >= 1) & (cycle_day <= 3), np.nan)
    return {"menstrual_days": menstrual, "premenstrual_days": _premenstrual(cycle_day)}


def _premenstrual(cycle_day: FloatArray) -> FloatArray:
    """1 on the 5 days before each cycle's day 1 (found from any known day of that cycle, or expected from
    the typical cycle length after the last one); 0 on other known days, NaN where unknown."""
    known = np.flatnonzero(np.isfinite(cycle_day))
    starts = np.unique(known - cycle_day[known].astype(np.int64) + 1)
    lengths = np.diff(starts)
    typical = int(np.median(lengths)) if lengths.size else 28
    starts = np.append(starts, starts[-1] + typical)
    day = np.arange(cycle_day.size)
    following = starts[np.minimum(np.searchsorted(starts, day, side="right"), starts.size - 1)]
    ahead = following - day
    marked = ((ahead >= 1) & (ahead <= PREMENSTRUAL_DAYS)).astype(np.float64)
    return np.where(np.isfinite(cycle_day), marked, np.nan)
