"""Plain dataclasses in and out of the insights engine (no Django, no I/O)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

VerdictCode = Literal[
    "strong_benefit", "some_benefit", "little_difference", "some_harm", "strong_harm", "not_enough",
    "withdrawal_possible",
]
# Whether a structured experiment with a factor could ever be offered (a hook for a future feature):
# "allowed", only "with_prescriber" (a medicine from the person's list), or "never" (dependence-forming
# or never-recommended substances).
Experiment = Literal["allowed", "with_prescriber", "never"]


@dataclass(frozen=True)
class DiaryArrays:
    """One person's diary, one entry per calendar day from the first to the last day, sorted.

    ``outcomes`` maps an outcome name to points (NaN = not answered or not logged); ``exposures`` maps a
    factor slug to the amount used that day (0 = logged day without use, NaN = unknown).
    """

    dates: npt.NDArray[np.datetime64]
    logged: BoolArray
    outcomes: dict[str, FloatArray]
    exposures: dict[str, FloatArray]


@dataclass(frozen=True)
class FactorMeta:
    """What the engine needs to know about a factor: a yes/no ``binary`` or an amount (``dose``).

    ``prn`` marks as-needed (rescue) use: the same-day association is then not reported because the
    pain that day is why it was taken; only the next-day term is estimated, its verdict is never "strong"
    and its sentence says the pattern cannot be separated from why it was taken.
    ``dependence`` marks a substance that can cause dependence or that Painwise never recommends: it is
    never worded as helping (days without it may be withdrawal days) and never offered as an experiment.
    ``medicine`` marks a medicine from the person's list: an experiment only with the prescriber.
    """

    slug: str
    label: str
    kind: Literal["binary", "dose"] = "binary"
    prn: bool = False
    dependence: bool = False
    medicine: bool = False

    @property
    def experiment(self) -> Experiment:
        """Whether a structured experiment with this factor could be offered (hook for a future feature)."""
        if self.dependence:
            return "never"
        return "with_prescriber" if self.medicine else "allowed"


@dataclass(frozen=True)
class MeaningfulDifference:
    """The smallest difference that matters to the person: ``points`` on 0–10, or a share of their own
    average of the outcome (``share_of_own_mean`` = 0.3 for 30 %), never below the content file's floor."""

    points: float = 1.0
    share_of_own_mean: float | None = None


@dataclass(frozen=True)
class AnalysisOptions:
    """Model settings; the defaults are those the validation in docs/insights-validation.md used.

    ``conditional``: likelihood conditional within runs of consecutive logged days (protects against
    therapy use that follows yesterday's pain). ``rho_grid``: AR(1) correlations integrated over.
    ``kappa_effect``: prior SD of factor coefficients in units of the residual SD (shrinkage);
    ``kappa_nuisance`` / ``kappa_trend``: the same for weekday/covariate and intercept/trend coefficients
    (infinite = flat, the default: a proper but wide prior there makes the residual variance look too small
    in short diaries). ``sigma2_shape`` / ``sigma2_scale``: inverse-gamma prior of the residual variance
    (points²). ``min_rows``: fewest usable days per outcome.
    """

    conditional: bool = True
    rho_grid: tuple[float, ...] = tuple(float(r) for r in np.linspace(0.0, 0.95, 39))
    kappa_effect: float = 1.0
    kappa_nuisance: float = math.inf
    kappa_trend: float = math.inf
    sigma2_shape: float = 2.0
    sigma2_scale: float = 2.0
    min_rows: int = 21
    min_days_per_arm: int = 3
    autocorrelation_p_threshold: float = 0.01
    floor_ceiling_threshold: float = 0.3
    weekday_min_days: int = 56
    days_per_knot: int = 60
    max_trend_df: int = 8


@dataclass(frozen=True)
class Diagnostics:
    """Model checks for one person-outcome fit.

    ``residual_autocorrelation``: lag 1–7 autocorrelations of the model's standardised innovations;
    ``autocorrelation_p``: portmanteau p-value for them; ``floor_ceiling_share``: share of ratings at the
    ends of the scale; ``rho_mean`` / ``sigma_mean``: posterior means of the AR(1) correlation and the
    residual SD (points); ``missing_after_bad_days``: unlogged days follow worse days (missing not at random).
    """

    n_rows: int = 0
    n_days: int = 0
    residual_autocorrelation: tuple[float, ...] = ()
    autocorrelation_p: float | None = None
    floor_ceiling_share: float | None = None
    rho_mean: float | None = None
    sigma_mean: float | None = None
    missing_share: float | None = None
    missing_after_bad_days: bool = False
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return not self.problems


@dataclass(frozen=True)
class Insight:
    """One factor × outcome × lag finding, in points of the outcome (negative ``effect`` = lower outcome).

    ``ci_low``/``ci_high``: 95 % credible interval; ``p_benefit``: P(difference in the better direction);
    ``p_benefit_mcid``: P(better by at least ``mcid``); ``p_harm_mcid``: P(worse by at least ``mcid``);
    ``p_little_difference``: P(|difference| < ``mcid``). Numbers are None when nothing could be estimated.
    ``more_days_needed``: calendar days of check-ins at the current pace until a verdict is likely.
    ``n_with``/``n_without``: days with/without the factor (at the lag) that the model could compare;
    ``n_logged``: days the factor was logged at all. ``as_needed`` and ``dependence`` repeat the factor's
    meta; ``experiment`` says whether a structured experiment could be offered: "allowed",
    "with_prescriber" or "never" (no experiments feature exists yet; nothing suggests one).
    """

    factor: str
    factor_label: str
    outcome: str
    lag_days: int
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    posterior_sd: float | None
    p_benefit: float | None
    p_benefit_mcid: float | None
    p_harm_mcid: float | None
    p_little_difference: float | None
    mcid: float
    verdict_code: VerdictCode
    verdict: str
    headline: bool
    n_with: int
    n_without: int
    sentence: str
    more_days_needed: int | None
    reason: str | None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    n_logged: int = 0
    as_needed: bool = False
    dependence: bool = False
    experiment: Experiment = "allowed"


@dataclass(frozen=True)
class Report:
    """All insights for one diary, plus per-outcome diagnostics and problems with the input."""

    insights: tuple[Insight, ...]
    diagnostics: dict[str, Diagnostics]
    problems: tuple[str, ...] = ()


DEFAULT_OPTIONS = AnalysisOptions()
DEFAULT_MCID = MeaningfulDifference()
