"""Questionnaires in Painwise JSON and CSV: responses, schedules and the clinician-mode preference.

Responses keep their answers and the score, band and subscales they had when completed (the record of
what the person was shown), after the answers are checked against the instrument. ``ref`` names a
response so a safety event in the same file can point at it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.core.fields import blind_lookup
from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.instruments.models import QuestionnairePreferences, QuestionnaireResponse, Schedule
from painwise.instruments.services import MAX_INTERVAL_DAYS, _checked_answers, all_instruments, set_clinician_mode

if TYPE_CHECKING:
    from painwise.core.types import User


RESPONSES_KEY = "questionnaire_responses"


def response_ref(response: QuestionnaireResponse) -> str:
    """A name for a response that survives export and import: instrument and creation time (UTC)."""
    return f"{response.instrument}@{response.created_at.astimezone(dt.UTC).isoformat()}"


def ref_of_response(user_id: int, response_id: int) -> str:
    """The ``response_ref`` of the person's response ``response_id``; "" when it is gone (safety events name
    the response they came from by it: registered with ``painwise.safety.services.add_source_ref``)."""
    response = QuestionnaireResponse.objects.filter(user=user_id, pk=response_id).first()
    return response_ref(response) if response else ""


def _instrument(instrument_id: Any) -> Any:
    instrument = all_instruments().get(instrument_id)
    if instrument is None:
        raise ValidationError(
            {
                "instrument": gettext("Unknown questionnaire %(instrument_id)s on this server.")
                % {"instrument_id": repr(instrument_id)}
            }
        )
    return instrument


# ---------------------------------------------------------------- responses


def _export_responses(user: User) -> list[dict[str, Any]]:
    rows = QuestionnaireResponse.objects.filter(user=user).order_by("created_at", "pk")
    return [
        {"ref": response_ref(r), "instrument": r.instrument, "status": r.status, "answers": r.answers,
         "total": r.total, "band": r.band, "subscales": r.subscales, "no_total_reason": r.no_total_reason,
         "created_at": r.created_at, "updated_at": r.updated_at, "completed_at": r.completed_at}
        for r in rows
    ]


@transaction.atomic
def _store_response(context: ImportContext, values: dict[str, Any]) -> None:
    instrument = _instrument(values["instrument"])
    status = values.get("status") or QuestionnaireResponse.Status.COMPLETED
    response = QuestionnaireResponse(
        user=context.user, instrument=instrument.id, status=status,
        answers=_checked_answers(instrument, values.get("answers") or {}),
        total=values.get("total"), band=values.get("band") or "", subscales=values.get("subscales") or {},
        no_total_reason=values.get("no_total_reason") or "", completed_at=values.get("completed_at"),
    )
    if status == QuestionnaireResponse.Status.COMPLETED and response.completed_at is None:
        raise ValidationError({"completed_at": gettext("A completed response needs the time it was completed.")})
    if status == QuestionnaireResponse.Status.DRAFT and response.total is not None:
        raise ValidationError({"total": gettext("A draft has no score.")})
    response.full_clean(exclude=["user"])
    response.save()
    context.keep_times(response, values)
    if values.get("ref"):
        context.refs[(RESPONSES_KEY, values["ref"])] = response


RESPONSES = Section(
    key=RESPONSES_KEY, record="questionnaire_response",
    names=(gettext_noop("%(count)s questionnaire response"), gettext_noop("%(count)s questionnaire responses")),
    columns=(
        Column("ref", "text"), Column("instrument", "text", required=True), Column("status", "text"),
        Column("answers", "object"), Column("total", "float"), Column("band", "text"),
        Column("subscales", "object"), Column("no_total_reason", "text"), Column("created_at", "datetime"),
        Column("updated_at", "datetime"), Column("completed_at", "datetime"),
    ),
    export=_export_responses, store=_store_response, models=("instruments.QuestionnaireResponse",), order=30,
)


# ---------------------------------------------------------------- schedules


def _export_schedules(user: User) -> list[dict[str, Any]]:
    rows = sorted(Schedule.objects.filter(user=user), key=lambda s: s.instrument)  # encrypted: sorted here
    return [{"instrument": s.instrument, "every_days": s.every_days, "enabled": s.enabled, "next_due": s.next_due}
            for s in rows]


@transaction.atomic
def _store_schedule(context: ImportContext, values: dict[str, Any]) -> None:
    """A schedule in the file replaces the account's schedule of that questionnaire (it is a setting)."""
    instrument = _instrument(values["instrument"])
    every_days = values.get("every_days")
    if every_days is None or not 1 <= every_days <= MAX_INTERVAL_DAYS:
        raise ValidationError(
            {
                "every_days": gettext("Choose between 1 and %(MAX_INTERVAL_DAYS)s days.")
                % {"MAX_INTERVAL_DAYS": MAX_INTERVAL_DAYS}
            }
        )
    if values.get("next_due") is None:
        raise ValidationError({"next_due": gettext("When is it next due? A date is required.")})
    same = blind_lookup(Schedule, context.user, instrument=instrument.id)
    schedule = Schedule.objects.filter(user=context.user, **same).first()
    schedule = schedule or Schedule(user=context.user, instrument=instrument.id)
    schedule.every_days = every_days
    schedule.enabled = True if values.get("enabled") is None else values["enabled"]
    schedule.next_due = values["next_due"]
    schedule.full_clean(exclude=["user"], validate_unique=False)
    schedule.save()


SCHEDULES = Section(
    key="questionnaire_schedules", record="questionnaire_schedule",
    names=(gettext_noop("%(count)s questionnaire schedule"), gettext_noop("%(count)s questionnaire schedules")),
    columns=(Column("instrument", "text", required=True), Column("every_days", "int"), Column("enabled", "bool"),
             Column("next_due", "date")),
    export=_export_schedules, store=_store_schedule, models=("instruments.Schedule",), order=20,
)


# ---------------------------------------------------------------- preferences


def _export_preferences(user: User) -> list[dict[str, Any]]:
    preferences = QuestionnairePreferences.objects.filter(user=user).first()
    return [] if preferences is None else [{"clinician_mode": preferences.clinician_mode}]


def _store_preferences(context: ImportContext, values: dict[str, Any]) -> None:
    set_clinician_mode(user=context.user, enabled=bool(values.get("clinician_mode")))


PREFERENCES = Section(
    key="questionnaire_preferences", record="questionnaire_preferences",
    names=(gettext_noop("%(count)s questionnaire setting"), gettext_noop("%(count)s questionnaire settings")),
    columns=(Column("clinician_mode", "bool"),),
    export=_export_preferences, store=_store_preferences, models=("instruments.QuestionnairePreferences",),
    single=True, order=10,
)

SECTIONS = (PREFERENCES, SCHEDULES, RESPONSES)
