"""What a synthetic patient is: the parameters of one simulated diary.

Two frozen dataclasses describe a patient (``PatientSpec``) and each factor they use (``FactorSpec``).
All effects are in points on the 0–10 scale of the outcome they act on; rates are shares of days (0–1).
``docs/simulator.md`` explains every parameter.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from painwise.diary.records import CHECKIN_NUMBERS

# The check-in's numbers, in the order they are declared (painwise.diary.records). All 0–10 (higher = worse)
# except mood and sleep_quality (10 = best), sleep_hours (0–24 in half hours) and cycle_day (1–35 here).
CHECKIN_FIELDS: tuple[str, ...] = CHECKIN_NUMBERS

# Outcomes a factor's ``other_effects`` may move. Pain average has its own effect fields and the cycle day
# is a calendar fact, so neither is listed.
OTHER_EFFECT_FIELDS: frozenset[str] = frozenset(CHECKIN_FIELDS) - {"pain_average", "cycle_day"}

# Sleep is reported the morning after, so an effect on sleep lands on the next calendar day's check-in.
NEXT_NIGHT_FIELDS: frozenset[str] = frozenset({"sleep_quality", "sleep_hours"})

# The default diary ends the day before the project's reference date and covers the year before it.
DEFAULT_START = dt.date(2026, 11, 21) - dt.timedelta(days=365)


@dataclass(frozen=True)
class FactorSpec:
    """One therapy, medication or habit the synthetic patient may use on a day.

    ``slug`` is a therapy-catalog slug, ``medication:<name>`` or ``custom:<name>``. Effects are in points:
    ``same_day_effect`` on that day's average pain, ``next_day_effect`` on the next day's, and
    ``later_effects[k]`` on the average pain k + 2 days after use. ``other_effects`` maps other check-in
    fields to same-day effects (sleep fields: the following night, reported on the next day's check-in).
    Use is a two-state Markov chain whose long-run share of days is ``base_rate`` and whose
    P(use | used yesterday) is ``persistence``; ``feedback`` adds log-odds of use per point of yesterday's
    average pain above the patient's baseline. Amounts are ``dose_mean`` ± ``dose_sd`` in ``unit``
    (gamma distributed), or 1.0 for a yes/no factor.

    Rescue and dependence patterns: ``rescue`` adds log-odds of use per point of *today's* average pain
    (before this factor's own effect) above the baseline, i.e. use as needed on a bad day;
    ``withdrawal_effects[k]`` points are added on the (k + 1)-th consecutive day without use after a day of
    use (withdrawal, without feedback); ``start_day`` is the first day (0-based) the factor can be used.
    """

    slug: str
    base_rate: float = 0.3
    persistence: float = 0.5
    feedback: float = 0.0
    same_day_effect: float = 0.0
    next_day_effect: float = 0.0
    other_effects: Mapping[str, float] = field(default_factory=dict)
    dose_mean: float | None = None
    dose_sd: float | None = None
    unit: str | None = None
    later_effects: tuple[float, ...] = ()
    rescue: float = 0.0
    withdrawal_effects: tuple[float, ...] = ()
    start_day: int = 0

    def __post_init__(self) -> None:
        _require(bool(self.slug.strip()), "a factor needs a slug")
        _require(0.0 < self.base_rate < 1.0, f"{self.slug}: base_rate must be between 0 and 1 (exclusive)")
        _require(0.0 <= self.persistence < 1.0, f"{self.slug}: persistence must be in [0, 1)")
        # Use is common and short-lived at once only up to a point: P(use | not yesterday) cannot exceed 1.
        lowest = max(0.0, (2.0 * self.base_rate - 1.0) / self.base_rate)
        _require(
            self.persistence >= lowest,
            f"{self.slug}: with base_rate {self.base_rate} persistence must be at least {lowest:.3f}",
        )
        unknown = set(self.other_effects) - OTHER_EFFECT_FIELDS
        _require(not unknown, f"{self.slug}: other_effects on unknown or reserved fields {sorted(unknown)}")
        _require(self.dose_mean is None or self.dose_mean > 0, f"{self.slug}: dose_mean must be positive")
        _require(self.dose_sd is None or self.dose_sd >= 0, f"{self.slug}: dose_sd must not be negative")
        _require(all(math.isfinite(e) for e in self.effects_by_lag), f"{self.slug}: effects must be finite")
        object.__setattr__(self, "other_effects", dict(self.other_effects))
        object.__setattr__(self, "later_effects", tuple(self.later_effects))
        object.__setattr__(self, "withdrawal_effects", tuple(self.withdrawal_effects))
        _require(self.start_day >= 0, f"{self.slug}: start_day must not be negative")
        _require(math.isfinite(self.rescue), f"{self.slug}: rescue must be finite")
        _require(
            not self.withdrawal_effects or not (self.feedback or self.rescue),
            f"{self.slug}: withdrawal_effects cannot be combined with feedback or rescue",
        )

    def __hash__(self) -> int:
        return hash(
            (
                self.slug,
                self.base_rate,
                self.persistence,
                self.feedback,
                self.effects_by_lag,
                tuple(sorted(self.other_effects.items())),
                self.dose_mean,
                self.dose_sd,
                self.unit,
                self.rescue,
                self.withdrawal_effects,
                self.start_day,
            )
        )

    @property
    def reacts_to_pain(self) -> bool:
        """Whether use depends on pain (yesterday's or today's), so it is decided inside the day loop."""
        return bool(self.feedback or self.rescue)

    @property
    def effects_by_lag(self) -> tuple[float, ...]:
        """Effect on average pain (points) for lag 0 (day of use), 1 (next day), 2, ... days after use."""
        return (self.same_day_effect, self.next_day_effect, *self.later_effects)

    @property
    def start_rate(self) -> float:
        """P(use today | not used yesterday) that keeps the long-run share of use days at ``base_rate``."""
        return min(1.0, self.base_rate * (1.0 - self.persistence) / (1.0 - self.base_rate))  # 1.0 at the limit


@dataclass(frozen=True)
class PatientSpec:
    """One synthetic patient: the pain process, the diary habits and the factors used.

    Average pain (points 0–10) on calendar day t is ``baseline_pain`` + a linear trend of
    ``trend_per_year`` points per year centred on the middle of the series + a weekday cosine of
    ``weekly_amplitude`` points (peak on Mondays) + ``cycle_effect`` on menstrual days 1–3 and the 5
    premenstrual days (when ``track_cycle``) + ``sleep_effect`` per point of last night's sleep quality
    above its mean + the factors' effects + AR(1) noise with lag-1 correlation ``rho`` per calendar day and
    stationary SD ``sigma`` points (Student-t innovations with ``noise_df`` degrees of freedom if set).
    A share ``missing_rate`` of days is not logged, plus ``mnar`` log-odds per point of yesterday's pain
    above baseline; on logged days each field is left unanswered with probability ``unanswered_rate``
    (pain_average with a quarter of it). From day ``level_shift_day`` on (if set), average pain moves by
    ``level_shift`` points for a reason outside the diary (e.g. a new job, a healed injury).
    """

    days: int = 365
    start: dt.date = DEFAULT_START
    baseline_pain: float = 5.5
    trend_per_year: float = -0.5
    weekly_amplitude: float = 0.4
    rho: float = 0.6
    sigma: float = 1.2
    missing_rate: float = 0.15
    mnar: float = 0.0
    sleep_effect: float = -0.2
    track_cycle: bool = False
    cycle_effect: float = 0.8
    integer_outcomes: bool = True
    factors: tuple[FactorSpec, ...] = ()
    seed: int = 0
    unanswered_rate: float = 0.04
    noise_df: float | None = None
    level_shift: float = 0.0
    level_shift_day: int | None = None

    def __post_init__(self) -> None:
        _require(self.days >= 1, "days must be at least 1")
        _require(0.0 <= self.rho < 1.0, "rho must be in [0, 1)")
        _require(self.sigma >= 0.0, "sigma must not be negative")
        _require(0.0 <= self.missing_rate < 1.0, "missing_rate must be in [0, 1)")
        _require(0.0 <= self.unanswered_rate < 1.0, "unanswered_rate must be in [0, 1)")
        _require(self.noise_df is None or self.noise_df > 2.0, "noise_df must exceed 2 (finite variance)")
        _require(self.seed >= 0, "seed must not be negative")
        slugs = [f.slug for f in self.factors]
        _require(len(set(slugs)) == len(slugs), "factor slugs must be unique")
        object.__setattr__(self, "factors", tuple(self.factors))


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
