"""Programmes in Painwise JSON and CSV: the person's enrolments (with their set-up) and sessions. Every value
passes the programme's own checks on import; sessions are stored without a second therapy entry, because the
file's therapy entries are imported on their own (the session is linked again to its entry, found by modality
and time). The day is derived from the time on import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.programmes import services
from painwise.programmes.models import Enrolment, ProgrammeSession

if TYPE_CHECKING:
    from painwise.core.types import User



def _export_enrolments(user: User) -> list[dict[str, Any]]:
    return [{"programme": e.programme, "setup": e.setup, "started_on": e.started_on, "active": e.active,
             "created_at": e.created_at, "updated_at": e.updated_at}
            for e in Enrolment.objects.filter(user=user).order_by("pk")]


def _store_enrolment(context: ImportContext, values: dict[str, Any]) -> None:
    setup = values.get("setup") or {}
    if not isinstance(setup, dict):
        raise ValidationError({"setup": gettext("Must be an object of named values.")})
    enrolment = services.start_programme(user=context.user, key=values.get("programme") or "", setup=setup,
                                         started_on=values.get("started_on"))
    if values.get("active") is False:
        services.stop_programme(enrolment=enrolment)
    context.keep_times(enrolment, values)


def _export_sessions(user: User) -> list[dict[str, Any]]:
    rows = ProgrammeSession.objects.filter(user=user).select_related("enrolment").order_by("taken_at", "pk")
    return [{"programme": s.enrolment.programme, "taken_at": s.taken_at, "day": s.day, "values": s.values,
             "therapy_entry": s.therapy_entry_id is not None, "created_at": s.created_at} for s in rows]


def _store_session(context: ImportContext, values: dict[str, Any]) -> None:
    session = services.import_session(user=context.user, key=values.get("programme") or "",
                                      values=values.get("values") or {}, taken_at=values.get("taken_at"),
                                      relink=bool(values.get("therapy_entry")))
    context.keep_times(session, values)


ENROLMENTS = Section(
    key="programme_enrolments", record="programme_enrolment",
    names=(gettext_noop("%(count)s programme"), gettext_noop("%(count)s programmes")),
    columns=(Column("programme", "text", required=True), Column("setup", "object"), Column("started_on", "date"),
             Column("active", "bool"), Column("created_at", "datetime"), Column("updated_at", "datetime")),
    export=_export_enrolments, store=_store_enrolment, models=("programmes.Enrolment",), order=60,
)
SESSIONS = Section(
    key="programme_sessions", record="programme_session",
    names=(gettext_noop("%(count)s programme session"), gettext_noop("%(count)s programme sessions")),
    columns=(Column("programme", "text", required=True), Column("taken_at", "datetime", required=True),
             Column("day", "date"), Column("values", "object"), Column("therapy_entry", "bool"),
             Column("created_at", "datetime")),
    export=_export_sessions, store=_store_session, models=("programmes.ProgrammeSession",), order=61,
)
SECTIONS = (ENROLMENTS, SESSIONS)
