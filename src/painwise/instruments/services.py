"""Questionnaire services: save drafts and completed responses, keep schedules, and say what is due.

Scoring itself is the pure ``painwise.instruments.scoring``; this module stores its results and hands
PHQ-9 item-9 flags to the safety engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from painwise.accounts.services import local_date, local_today, profile_of
from painwise.core.fields import blind_lookup
from painwise.instruments.catalog import UnknownInstrumentError, get_instrument
from painwise.instruments.content_schema import Instrument as Instrument
from painwise.instruments.fhir import build_bundle as build_bundle
from painwise.instruments.fhir import bundle_json as bundle_json
from painwise.instruments.installed import all_instruments as all_instruments
from painwise.instruments.installed import extra_instrument_dirs as extra_instrument_dirs
from painwise.instruments.models import QuestionnairePreferences, QuestionnaireResponse, Schedule
from painwise.instruments.scoring import AnswerError, ScoreResult, score
from painwise.instruments.scoring import change_since as change_since
from painwise.safety.services import CRISIS_FLAGS, SafetyEvent, record_crisis

if TYPE_CHECKING:
    from painwise.core.types import User


MAX_INTERVAL_DAYS = 365


@dataclass(frozen=True)
class Saved:
    """A saved response, its score (None for drafts) and the crisis event it raised, if any."""

    response: QuestionnaireResponse
    result: ScoreResult | None
    crisis: SafetyEvent | None


@dataclass(frozen=True)
class Due:
    instrument: Instrument
    schedule: Schedule
    days_overdue: int

    @property
    def long_name(self) -> str:
        """The full name when it says more than the short one ("PEG: Pain, ..." after "PEG" says "Pain, ...")."""
        short, name = self.instrument.short_name, self.instrument.name
        if name.startswith(short):
            return name[len(short):].lstrip(" :–-")
        return name


def clinician_mode(user: User) -> bool:
    prefs = QuestionnairePreferences.objects.filter(user=user).first()
    return bool(prefs and prefs.clinician_mode)


def set_clinician_mode(*, user: User, enabled: bool) -> QuestionnairePreferences:
    prefs, _ = QuestionnairePreferences.objects.update_or_create(user=user, defaults={"clinician_mode": enabled})
    return prefs


def available_instruments(*, user: User) -> list[Instrument]:
    """Instruments this person may fill in: self-report ones, plus clinician-rated ones in clinician mode."""
    show_clinician = clinician_mode(user)
    return [i for i in all_instruments().values() if i.audience == "self_report" or show_clinician]


def instrument_for(*, user: User, instrument_id: str) -> Instrument:
    """One instrument this person may use; Http404 for unknown ids, and for clinician scales outside clinician mode."""
    try:
        instrument = get_instrument(instrument_id, extra_dirs=extra_instrument_dirs())
    except UnknownInstrumentError:
        raise Http404 from None
    if instrument.audience == "clinician" and not clinician_mode(user):
        raise Http404
    return instrument


def _responses(user: User, instrument: Instrument, **filters: Any) -> QuerySet[QuestionnaireResponse]:
    """The person's responses of one instrument, found through its blind index (the name is encrypted)."""
    same = blind_lookup(QuestionnaireResponse, user, instrument=instrument.id)
    return QuestionnaireResponse.objects.filter(user=user, **same, **filters)


def open_draft(*, user: User, instrument: Instrument) -> QuestionnaireResponse | None:
    """The person's latest unfinished draft of this instrument, if any."""
    drafts = _responses(user, instrument, status=QuestionnaireResponse.Status.DRAFT)
    return drafts.order_by("-updated_at").first()


def previous_total(*, user: User, instrument: Instrument, before: QuestionnaireResponse | None = None) -> float | None:
    """The total of the person's last completed, scored response of this instrument (before ``before``)."""
    rows = _responses(user, instrument, status=QuestionnaireResponse.Status.COMPLETED, total__isnull=False)
    if before is not None:
        rows = rows.exclude(pk=before.pk)
        if before.completed_at is not None:
            rows = rows.filter(completed_at__lt=before.completed_at)
    latest = rows.order_by("-completed_at").first()
    return latest.total if latest else None


def _checked_answers(
    instrument: Instrument, answers: Sequence[int | None] | Mapping[str, int | None]
) -> dict[str, int | None]:
    from painwise.instruments.scoring import normalise_answers

    try:
        return normalise_answers(instrument, answers)
    except AnswerError as exc:
        raise ValidationError({"answers": str(exc)}) from None


@transaction.atomic
def save_response(
    *,
    user: User,
    instrument: Instrument,
    answers: Sequence[int | None] | Mapping[str, int | None],
    draft: bool,
    response: QuestionnaireResponse | None = None,
) -> Saved:
    """Save a draft (partial answers, no score) or a completed response (scored, schedule advanced).

    ``response`` is an existing draft to update. Invalid answers raise ValidationError on ``answers``
    naming the question, and nothing is saved. Item-9 flags record a crisis event (for drafts only a
    positive answer does; a not-yet-answered item 9 in a draft is expected).
    """
    by_id = _checked_answers(instrument, answers)
    if response is None:
        response = QuestionnaireResponse(user=user, instrument=instrument.id)
    elif response.status != QuestionnaireResponse.Status.DRAFT or response.instrument != instrument.id:
        raise ValidationError({"response": gettext("Only an unfinished draft of this questionnaire can be continued.")})
    response.answers = by_id
    result = None
    if draft:
        response.status = QuestionnaireResponse.Status.DRAFT
        flags = score(instrument, by_id).safety_flags
        flags = tuple(flag for flag in flags if flag != "phq9_item9_missing")
    else:
        result = _complete(response, instrument, by_id)
        flags = result.safety_flags
    response.full_clean()
    response.save()
    if not draft:
        advance_schedule(user=user, instrument=instrument, on=local_date(user, response.completed_at or timezone.now()))
    crisis = None
    if set(flags) & CRISIS_FLAGS:
        crisis = record_crisis(user=user, flags=flags, source=SafetyEvent.Source.QUESTIONNAIRE, source_id=response.pk)
    return Saved(response=response, result=result, crisis=crisis)


def _complete(response: QuestionnaireResponse, instrument: Instrument, by_id: dict[str, int | None]) -> ScoreResult:
    previous = previous_total(user=response.user, instrument=instrument, before=response if response.pk else None)
    result = score(instrument, by_id, previous_total=previous)
    response.answers = result.answers
    response.status = QuestionnaireResponse.Status.COMPLETED
    response.completed_at = timezone.now()
    response.total = result.total
    response.band = result.band.label if result.band else ""
    response.subscales = {s.id: s.total for s in result.subscales}
    response.no_total_reason = result.no_total_reason or ""
    return result


def result_for(response: QuestionnaireResponse, instrument: Instrument) -> ScoreResult:
    """Re-score a stored response (the stored answers are the record), with change since the one before."""
    previous = previous_total(user=response.user, instrument=instrument, before=response)
    return score(instrument, response.answers, previous_total=previous)


def completed_responses(*, user: User, instrument: Instrument) -> list[QuestionnaireResponse]:
    """The person's completed responses of one instrument, oldest first."""
    rows = _responses(user, instrument, status=QuestionnaireResponse.Status.COMPLETED)
    return list(rows.order_by("completed_at"))


def latest_results(*, user: User, instruments: Sequence[Instrument]) -> list[tuple[Instrument, QuestionnaireResponse]]:
    """Each instrument's most recent completed response, in the order of ``instruments`` (those never completed
    left out): one query, reading only the columns a list of results shows."""
    by_index = {blind_lookup(QuestionnaireResponse, user, instrument=i.id)["instrument_index"]: i for i in instruments}
    rows = (QuestionnaireResponse.objects
            .filter(user=user, instrument_index__in=list(by_index), status=QuestionnaireResponse.Status.COMPLETED)
            .order_by("completed_at").only("instrument_index", "completed_at", "total", "band"))
    latest = {by_index[row.instrument_index].id: row for row in rows}  # the last one of each wins
    return [(i, latest[i.id]) for i in instruments if i.id in latest]


# --- Schedules -----------------------------------------------------------------------------------


def _applies(instrument: Instrument, conditions: Sequence[str]) -> bool:
    wanted = set(instrument.cadence.baseline_for)
    return "any" in wanted or bool(wanted & set(conditions))


@transaction.atomic
def ensure_baseline(*, user: User) -> list[Schedule]:
    """Create the schedules that the person's conditions call for (never re-enabling one they switched off).

    New schedules are due at once (the onboarding baseline) or after the instrument's first interval.
    """
    conditions = profile_of(user).conditions or []
    today = local_today(user)
    created = []
    for instrument in all_instruments().values():
        cadence = instrument.cadence
        if instrument.audience != "self_report" or cadence.every_days is None or not _applies(instrument, conditions):
            continue
        schedule, made = Schedule.objects.get_or_create(
            user=user,
            **blind_lookup(Schedule, user, instrument=instrument.id),
            defaults={
                "instrument": instrument.id,
                "every_days": cadence.every_days,
                "next_due": today + dt.timedelta(days=cadence.first_due_after_days),
            },
        )
        if made:
            created.append(schedule)
    return created


def advance_schedule(*, user: User, instrument: Instrument, on: dt.date) -> None:
    """After a completed response on ``on``, the next one is due one interval later."""
    for schedule in Schedule.objects.filter(user=user, **blind_lookup(Schedule, user, instrument=instrument.id)):
        schedule.next_due = on + dt.timedelta(days=schedule.every_days)
        schedule.save(update_fields=["next_due"])


@transaction.atomic
def update_schedule(*, user: User, instrument: Instrument, every_days: int, enabled: bool) -> Schedule:
    """Change how often (days) an instrument is asked, or switch it off; creates the schedule if needed."""
    if not 1 <= every_days <= MAX_INTERVAL_DAYS:
        raise ValidationError(
            {
                "every_days": gettext("Choose between 1 and %(MAX_INTERVAL_DAYS)s days.")
                % {"MAX_INTERVAL_DAYS": MAX_INTERVAL_DAYS}
            }
        )
    today = local_today(user)
    schedule, _ = Schedule.objects.get_or_create(
        user=user, **blind_lookup(Schedule, user, instrument=instrument.id),
        defaults={"instrument": instrument.id, "every_days": every_days, "next_due": today},
    )
    schedule.every_days = every_days
    schedule.enabled = enabled
    schedule.full_clean()
    schedule.save()
    return schedule


def schedules_for(*, user: User) -> list[Schedule]:
    return list(Schedule.objects.filter(user=user))


def due(*, user: User, today: dt.date | None = None) -> list[Due]:
    """Switched-on schedules whose next date has come, most overdue first, with drafts' instruments included."""
    today = today or local_today(user)
    instruments = all_instruments()
    rows = Schedule.objects.filter(user=user, enabled=True, next_due__lte=today).order_by("next_due")
    return [
        Due(instrument=instruments[row.instrument], schedule=row, days_overdue=(today - row.next_due).days)
        for row in rows
        if row.instrument in instruments
    ]


# --- Sharing with a clinician ---------------------------------------------------------------------


def shareable_instruments(*, ticked: Collection[str]) -> list[Instrument]:
    """The questionnaires whose scores a clinician report or share link may show when the person ticked the report
    sections ``ticked``: those without a ``share_section``, and those whose section is among ``ticked`` (the
    PTSD screens declare the trauma track's). The person's own pages and exports show everything."""
    return [i for i in all_instruments().values() if i.share_section is None or i.share_section in ticked]


def held_back_instruments(*, ticked: Collection[str]) -> list[Instrument]:
    """The questionnaires a report or share link with sections ``ticked`` leaves out (their section is not ticked)."""
    return [i for i in all_instruments().values() if i.share_section is not None and i.share_section not in ticked]


def instruments_of_section(section: str) -> list[Instrument]:
    """The questionnaires that declare ``section`` as their share section (shown inside it when it is ticked)."""
    return [i for i in all_instruments().values() if i.share_section == section]


def fhir_of_period(*, user: User, start: dt.date, end: dt.date, questionnaires: bool, pain: bool,
                   ticked: Collection[str]) -> bytes:
    """A FHIR R4 Bundle of ``start`` to ``end`` (inclusive) with the person's questionnaire responses and
    daily pain ratings, each only when asked for (a share link's sections): ``questionnaires`` for those
    without a share section, and a questionnaire with one only when that section is in ``ticked``."""
    from painwise.instruments.exporter import daily_pain_rows, patient_key, response_rows

    allowed = {i.id for i in shareable_instruments(ticked=ticked) if questionnaires or i.share_section is not None}
    responses = [r for r in response_rows(user) if r.instrument in allowed and start <= r.authored.date() <= end]
    days = [r for r in daily_pain_rows(user) if pain and start <= r.day <= end]
    bundle = build_bundle(patient_key=patient_key(user), instruments=all_instruments(), responses=responses,
                          daily_pain=days)
    return bundle_json(bundle).encode("utf-8")
