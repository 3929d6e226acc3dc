"""What helps me: a person's diary through the insights engine, their meaningful difference, pooling.

The statistics live in ``painwise.nof1`` (no Django); this module reads check-ins and therapy entries,
turns them into calendar arrays (``painwise.insights.diary``), and stores the pooled priors.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from painwise.accounts.services import Profile, pooling_people, profile_of, update_profile
from painwise.core import datacache
from painwise.core.hooks import OutcomeSeries, outcome_series
from painwise.diary.records import STATISTICS_FIELDS, statistics_day
from painwise.diary.services import checkin_values, count_checkins
from painwise.insights.diary import OUTCOMES, DayRecord, UseRecord, build_diary
from painwise.insights.factors import FactorKind, medication_kind, modality_kind, reason_modalities
from painwise.insights.models import PooledPrior
from painwise.insights.page import sections as sections
from painwise.insights.priors import priors_from_json, priors_to_json
from painwise.nof1 import (
    AnalysisOptions,
    DiaryArrays,
    FactorMeta,
    MeaningfulDifference,
    PooledEffect,
    PooledPriors,
    Report,
    analyse,
    insight_to_dict,
    pool_people,
    stage_one,
)
from painwise.nof1.wording import OutcomeInfo, outcome_info, register_outcome, wording
from painwise.therapies.records import factor_slug
from painwise.therapies.services import catalog, entry_values, unlinked_details

if TYPE_CHECKING:
    from painwise.core.types import User


# Share of the person's own average used when they choose "30 % of my own average".
OWN_AVERAGE_SHARE = 0.3
MCID_POINT_CHOICES: tuple[float, ...] = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)


@dataclass(frozen=True)
class Insights:
    """A person's report with what it was computed with: meaningful difference (points of average pain,
    and how it was chosen), the pooled prior's version if one was used, and the time it took (ms)."""

    report: Report
    factors: dict[str, FactorMeta]
    mcid_points: float
    mcid_mode: str
    prior_version: int | None
    milliseconds: float
    outcomes: tuple[str, ...] = OUTCOMES  # every outcome this person can see: the check-in's, then extras


CHECKIN_FIELDS: tuple[str, ...] = ("day", *STATISTICS_FIELDS)
ENTRY_FIELDS: tuple[str, ...] = (
    "pk", "day", "modality", "medication__name", "medication__schedule", "medication__drug_key", "factor__name",
    "factor__as_needed", "amount", "unit", "duration_minutes",
)


def _day_record(row: dict[str, Any]) -> DayRecord:
    return DayRecord(day=row["day"], values=statistics_day(row))


def _use_record(row: dict[str, Any], details: dict[str, Any] | None) -> UseRecord:
    """One entry with its factor slug (medication:<name>, custom:<name> or modality) and what kind of factor
    it is (``details``: the entry's details when its modality has a reason field)."""
    slug = factor_slug(modality=row["modality"], medication=row["medication__name"], factor=row["factor__name"])
    if row["medication__name"] is not None:
        label = row["medication__name"]
        kind = medication_kind(name=label, schedule=row["medication__schedule"], drug_key=row["medication__drug_key"])
    elif row["factor__name"] is not None:
        label = row["factor__name"]
        kind = FactorKind(as_needed=row["factor__as_needed"])
    else:
        modality = catalog().get(row["modality"])
        label = modality.name if modality else row["modality"]
        kind = modality_kind(row["modality"], details)
    return UseRecord(day=row["day"], slug=slug, label=label, amount=row["amount"], unit=row["unit"],
                     duration_minutes=row["duration_minutes"], as_needed=kind.as_needed,
                     dependence=kind.dependence, medicine=kind.medicine)


def extra_outcomes(*, user: User) -> list[OutcomeSeries]:
    """The outcomes other domains add for this person (``outcome_sources``), their metadata registered
    with the insights engine. Empty unless the person turned such a feature on (the trauma track)."""
    series = [s for s in outcome_series(user) if s.name not in OUTCOMES]
    for one in series:
        register_outcome(one.name, OutcomeInfo(label=one.label, higher_is_better=one.higher_is_better,
                                               scale_min=one.scale_min, scale_max=one.scale_max))
    return series


def outcome_names(*, user: User) -> tuple[str, ...]:
    """Every outcome "What helps me" offers this person: the check-in's, then the extra ones."""
    return (*OUTCOMES, *(s.name for s in extra_outcomes(user=user)))


def _with_extras(record: DayRecord, extras: Sequence[OutcomeSeries]) -> DayRecord:
    values = dict(record.values)
    for series in extras:
        values[series.name] = series.values.get(record.day)
    return DayRecord(day=record.day, values=values)


def diary_arrays_for(
    *, user: User, extras: Sequence[OutcomeSeries] = ()
) -> tuple[DiaryArrays | None, dict[str, FactorMeta]]:
    """The person's diary as calendar arrays (first to last check-in) and their factors by slug.

    ``extras`` (from ``extra_outcomes``) are added as outcomes on the days with a check-in; their values
    on other days are left out, like any outcome of a day without a check-in.
    (None, {}) when they have no check-in yet. Outcomes are points on 0–10; exposures are amounts in the
    entry's unit (mass units in mg when mixed), minutes for timed entries, 1 for yes/no entries. Plain
    columns are read, plus the encrypted details of entries whose modality has a "reason" (kratom,
    alcohol), to tell as-needed use; no note is decrypted for the statistics.
    """
    checkins = checkin_values(user=user, fields=CHECKIN_FIELDS)
    details = unlinked_details(user=user, modalities=reason_modalities())
    uses = [_use_record(e, details.get(e["pk"])) for e in entry_values(user=user, fields=ENTRY_FIELDS)]
    days = [_with_extras(_day_record(c), extras) for c in checkins]
    return build_diary(days, uses, extra_outcomes=[s.name for s in extras])


def meaningful_difference(profile: Profile) -> MeaningfulDifference:
    """The person's meaningful difference: fixed points, or 30 % of their own average of each outcome."""
    if profile.mcid_mode == Profile.McidMode.PERCENT:
        return MeaningfulDifference(points=profile.mcid_points, share_of_own_mean=OWN_AVERAGE_SHARE)
    return MeaningfulDifference(points=profile.mcid_points)


def set_meaningful_difference(*, user: User, mode: str, points: float) -> Profile:
    """Save the person's choice (mode "points" or "percent"; points 0.5–5); ValidationError if invalid.
    Their insights are recomputed at once, since the page they return to says it uses the new choice."""
    profile = update_profile(user=user, values={"mcid_mode": mode, "mcid_points": points})
    refresh_insights(user=user)
    return profile


def insights_for(*, user: User, outcomes: Sequence[str] | None = None) -> Insights:
    """Every insight for the person's diary, computed now, with the latest pooled prior if there is one."""
    started = time.perf_counter()
    profile = profile_of(user)
    extras = extra_outcomes(user=user)
    diary, factors = diary_arrays_for(user=user, extras=extras)
    stored = PooledPrior.objects.order_by("-version").first()
    prior = priors_from_json(stored.priors) if stored is not None else None
    report = analyse_diary(diary, factors=factors, mcid=_meaningful_differences(profile, extras), prior=prior,
                           outcomes=outcomes or (*OUTCOMES, *(s.name for s in extras)))
    elapsed = (time.perf_counter() - started) * 1000.0
    return Insights(
        report=report,
        factors=factors,
        mcid_points=mcid_used(report, fallback=profile.mcid_points),
        mcid_mode=profile.mcid_mode,
        prior_version=stored.version if stored is not None else None,
        milliseconds=elapsed,
        outcomes=(*OUTCOMES, *(s.name for s in extras)),
    )


def _meaningful_differences(profile: Profile, extras: Sequence[OutcomeSeries]) -> dict[str, MeaningfulDifference]:
    """The person's choice for the check-in's outcomes; an extra outcome's own points when it has them."""
    own = meaningful_difference(profile)
    chosen = dict.fromkeys(OUTCOMES, own)
    for series in extras:
        fixed = series.meaningful_points
        chosen[series.name] = own if fixed is None else MeaningfulDifference(points=fixed)
    return chosen


def analyse_diary(
    diary: DiaryArrays | None,
    *,
    factors: dict[str, FactorMeta],
    mcid: MeaningfulDifference | Mapping[str, MeaningfulDifference],
    prior: PooledPriors | None = None,
    outcomes: Sequence[str] | None = None,
) -> Report:
    """The engine's report; an empty diary gives an empty report with the reason in ``problems``."""
    if diary is None:
        reason = wording().reasons.no_days.format(
            outcome=outcome_info("pain_average").label, minimum=AnalysisOptions().min_rows
        )
        return Report(insights=(), diagnostics={}, problems=(reason,))
    chosen = [o for o in (outcomes or OUTCOMES) if o in diary.outcomes]
    return analyse(diary, factors=factors, outcomes=chosen, mcid=mcid, prior=prior)


def mcid_used(report: Report, *, outcome: str = "pain_average", fallback: float) -> float:
    """The meaningful difference (points) used for ``outcome``, or ``fallback`` when it was not analysed."""
    for insight in report.insights:
        if insight.outcome == outcome:
            return insight.mcid
    return fallback


# ------------------------------------------------------------------ kept results

# Kept results and the markers of a queued or running recomputation, per person (painwise.core.datacache).
RESULTS = "insights"
QUEUED = "insights-queued"
RUNNING = "insights-running"
# Writes within this many seconds share one recomputation (a check-in and three therapies logged together).
RECOMPUTE_DELAY = dt.timedelta(seconds=20)
# A queued recomputation that has not run by then (no worker running) no longer holds the page back.
QUEUED_PATIENCE = 600
# With nothing kept, a diary of at least this many check-ins is worked out by the worker, not in the
# request (a year took 1.4 s, three years 2.4 s): the page answers at once and updates itself when ready.
LONG_DIARY_CHECKINS = 150
# A first open waits this long (seconds) for the worker; then the page's poll works the results out itself.
FIRST_OPEN_PATIENCE = 20
# Marks a first open already handed to the worker: opened again after FIRST_OPEN_PATIENCE, nothing kept and
# nothing running means there is no worker, and the request works the results out (no endless waiting).
ASKED = "insights-asked"


@dataclass(frozen=True)
class KeptInsights:
    """A person's insights as kept between requests: the data version and pooled prior they were computed
    from, when, and whether a recomputation with newer entries is queued or running (``updating``)."""

    insights: Insights
    version: str
    prior_version: int | None
    computed_at: dt.datetime
    updating: bool = False


def latest_prior_version() -> int | None:
    return PooledPrior.objects.order_by("-version").values_list("version", flat=True).first()


def refresh_insights(*, user: User) -> KeptInsights:
    """Compute the person's insights for every outcome now and keep them for later pages."""
    datacache.set_flag(user.pk, RUNNING, timeout=QUEUED_PATIENCE)
    datacache.clear_flag(user.pk, QUEUED)  # a write from now on queues another run
    try:
        version = datacache.version_of(user.pk)  # read before the diary: a later write changes it
        result = insights_for(user=user)
        kept = KeptInsights(result, version, result.prior_version, timezone.now())
        datacache.keep(user.pk, RESULTS, kept)
    finally:
        datacache.clear_flag(user.pk, RUNNING)
    return kept


def kept_insights(*, user: User) -> KeptInsights | None:
    kept = datacache.kept(user.pk, RESULTS)
    return kept if isinstance(kept, KeptInsights) else None


def _is_current(kept: KeptInsights, user: User) -> bool:
    return kept.version == datacache.version_of(user.pk) and kept.prior_version == latest_prior_version()


def in_progress(*, user: User) -> bool:
    return datacache.flag_set(user.pk, QUEUED) or datacache.flag_set(user.pk, RUNNING)


def current_insights(*, user: User) -> KeptInsights:
    """The person's insights for every outcome: the kept ones when they are current; the last ones with
    ``updating`` while a recomputation is queued or running; otherwise computed now."""
    return current_from(kept_insights(user=user), user=user)


def current_from(kept: KeptInsights | None, *, user: User) -> KeptInsights:
    """``current_insights`` for kept results already read (``kept_insights``)."""
    if kept is not None:
        if _is_current(kept, user):
            return kept
        if in_progress(user=user):
            return KeptInsights(kept.insights, kept.version, kept.prior_version, kept.computed_at, updating=True)
    return refresh_insights(user=user)


def results_are_current(*, user: User) -> bool:
    """Whether kept results exist and were worked out from the person's current diary and pooled prior."""
    kept = kept_insights(user=user)
    return kept is not None and _is_current(kept, user)


def is_long_diary(*, user: User) -> bool:
    """Whether working the person's results out would keep a request waiting (LONG_DIARY_CHECKINS or more)."""
    return count_checkins(user=user) >= LONG_DIARY_CHECKINS


def first_results_ready(*, user: User) -> bool:
    """For the page's poll while the first results are worked out: True once there are results to show.
    With nothing kept and no run queued or running any more (no worker took it), they are worked out now."""
    if kept_insights(user=user) is not None:
        return True
    if in_progress(user=user):
        return False
    refresh_insights(user=user)
    return True


# ------------------------------------------------------------------ pooling


@dataclass(frozen=True)
class PoolSummary:
    """What ``pool_opted_in`` stored: the new version, how many people took part, pooled effects."""

    prior: PooledPrior
    n_people: int
    effects: dict[tuple[str, str, int], PooledEffect]


def opted_in_users() -> list[Any]:
    """People who chose to let this deployment pool their estimates (Profile.pool_opt_in)."""
    return pooling_people()


@transaction.atomic
def pool_opted_in(*, outcomes: Sequence[str] = OUTCOMES) -> PoolSummary:
    """Two-stage pooling over opted-in people only; stores and returns a new PooledPrior version.

    Nobody's diary leaves this function: only per-person estimates (points) feed the pooled priors.
    """
    fits = []
    for user in opted_in_users():
        diary, factors = diary_arrays_for(user=user)
        if diary is None:
            continue
        fits.append(stage_one(diary, factors=list(factors.values()), outcomes=[o for o in outcomes
                                                                              if o in diary.outcomes]))
    directions = {name: outcome_info(name).higher_is_better for name in outcomes}
    mcid = wording().meaningful_difference.default_points
    priors, effects = pool_people(fits, mcid=mcid, higher_is_better=directions)
    latest = PooledPrior.objects.order_by("-version").first()
    stored = PooledPrior.objects.create(
        version=(latest.version + 1) if latest is not None else 1,
        n_people=len(fits),
        priors=priors_to_json(priors),
        summary=[_effect_summary(key, effect) for key, effect in sorted(effects.items())],
    )
    return PoolSummary(prior=stored, n_people=len(fits), effects=effects)


def _effect_summary(key: tuple[str, str, int], effect: PooledEffect) -> dict[str, Any]:
    factor, outcome, lag = key
    return {
        "factor": factor,
        "outcome": outcome,
        "lag_days": lag,
        "n_people": effect.n_people,
        "mean": round(effect.mu_mean, 4),
        "ci_low": round(effect.mu_low, 4),
        "ci_high": round(effect.mu_high, 4),
        "between_person_sd": round(effect.tau_mean, 4),
        "share_meaningful_benefit": round(effect.share_meaningful_benefit, 4),
    }


def insights_as_json(result: Insights, *, lag: int | None = None, outcome: str | None = None) -> dict[str, Any]:
    """The API and CLI JSON: the meaningful difference used (points of average pain and mode), the time
    taken (ms), the pooled prior version, input problems and every insight (optionally of one lag, of one
    outcome)."""
    return {
        "meaningful_difference": {"mode": result.mcid_mode, "points": round(result.mcid_points, 4)},
        "computed_ms": round(result.milliseconds, 1),
        "prior_version": result.prior_version,
        "problems": list(result.report.problems),
        "insights": [
            insight_to_dict(insight)
            for insight in result.report.insights
            if (lag is None or insight.lag_days == lag) and (outcome is None or insight.outcome == outcome)
        ],
    }
