"""Safety events in Painwise JSON and CSV: every crisis screen and red-flag result, with what was shown.

``source_ref`` says what an event came from in a way that survives export and import: the ``ref`` of a
questionnaire response in the same file, the day of a check-in, the start time (UTC) of a flare, or
``modality@time (UTC)`` of a therapy entry. An event whose source cannot be found is kept without it.
An unacknowledged crisis screen stays unacknowledged, so it is shown again after an import.

Importing a note that mentions self-harm records a "mention" event at once (the safety check runs on
every saved note); the file's own record of that event then takes its place instead of adding a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from painwise.diary.models import CheckIn, PainEpisode
from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.instruments.exchange import RESPONSES_KEY, response_ref
from painwise.instruments.models import QuestionnaireResponse
from painwise.safety.models import SafetyEvent
from painwise.therapies.models import TherapyEntry

Source = SafetyEvent.Source


def _source_ref(event: SafetyEvent) -> str:
    if event.source_id is None:
        return ""
    if event.source == Source.QUESTIONNAIRE:
        response = QuestionnaireResponse.objects.filter(user=event.user_id, pk=event.source_id).first()
        return response_ref(response) if response else ""
    if event.source == Source.CHECKIN:
        checkin = CheckIn.objects.filter(user=event.user_id, pk=event.source_id).first()
        return checkin.day.isoformat() if checkin else ""
    if event.source == Source.EPISODE:
        episode = PainEpisode.objects.filter(user=event.user_id, pk=event.source_id).first()
        return episode.started_at.astimezone(dt.UTC).isoformat() if episode else ""
    if event.source == Source.THERAPY_ENTRY:
        entry = TherapyEntry.objects.filter(user=event.user_id, pk=event.source_id).first()
        return f"{entry.modality}@{entry.taken_at.astimezone(dt.UTC).isoformat()}" if entry else ""
    return ""


def _source_id(context: ImportContext, source: str, ref: str) -> int | None:
    """The stored record ``ref`` names (now in the importing account), or None when it is not there."""
    if not ref:
        return None
    found: Any = None
    try:
        if source == Source.QUESTIONNAIRE:
            found = context.refs.get((RESPONSES_KEY, ref))
        elif source == Source.CHECKIN:
            found = CheckIn.objects.filter(user=context.user, day=dt.date.fromisoformat(ref)).first()
        elif source == Source.EPISODE:
            started = dt.datetime.fromisoformat(ref)
            found = PainEpisode.objects.filter(user=context.user, started_at=started).first()
        elif source == Source.THERAPY_ENTRY:
            modality, _, taken = ref.partition("@")
            taken_at = dt.datetime.fromisoformat(taken)
            found = TherapyEntry.objects.filter(user=context.user, modality=modality, taken_at=taken_at).first()
    except ValueError:
        raise ValidationError({"source_ref": f"{ref!r} is not a date or time this source can be found by."}) from None
    return found.pk if found is not None else None


def _export(user: Any) -> list[dict[str, Any]]:
    rows = SafetyEvent.objects.filter(user=user).order_by("created_at", "pk")
    return [
        {"kind": e.kind, "source": e.source, "source_ref": _source_ref(e), "urgency": e.urgency,
         "details": e.details, "created_at": e.created_at, "acknowledged_at": e.acknowledged_at}
        for e in rows
    ]


def _recorded_by_this_import(context: ImportContext, kind: str, source: str, source_id: int | None) -> Any:
    """A mention event the import itself just recorded for the same note, not yet matched to the file's."""
    if kind != SafetyEvent.Kind.MENTION or source_id is None:
        return None
    matched = [obj.pk for (key, _), obj in context.refs.items() if key == EVENTS_KEY]
    rows = SafetyEvent.objects.filter(user=context.user, kind=kind, source=source, source_id=source_id)
    return rows.exclude(pk__in=matched).order_by("created_at", "pk").first()


@transaction.atomic
def _store(context: ImportContext, values: dict[str, Any]) -> None:
    kind, source = values.get("kind") or "", values.get("source") or ""
    source_id = _source_id(context, source, values.get("source_ref") or "")
    event = _recorded_by_this_import(context, kind, source, source_id) or SafetyEvent(user=context.user)
    event.kind, event.source, event.source_id = kind, source, source_id
    event.urgency = values.get("urgency") or ""
    event.details = values.get("details") or {}
    event.acknowledged_at = values.get("acknowledged_at")
    event.full_clean(exclude=["user"])
    event.save()
    context.keep_times(event, values)
    context.refs[(EVENTS_KEY, str(event.pk))] = event


EVENTS_KEY = "safety_events"
EVENTS = Section(
    key=EVENTS_KEY, record="safety_event", names=("safety event", "safety events"),
    columns=(
        Column("kind", "text", required=True), Column("source", "text", required=True), Column("source_ref", "text"),
        Column("urgency", "text", required=True), Column("details", "object"), Column("created_at", "datetime"),
        Column("acknowledged_at", "datetime"),
    ),
    export=_export, store=_store, models=("safety.SafetyEvent",), order=90,
)
