"""Safety events in Painwise JSON and CSV: every crisis screen and red-flag result, with what was shown.

``source_ref`` says what an event came from in a way that survives export and import: the ``ref`` of a
questionnaire response in the same file, the day of a check-in, or the start time (UTC) of a flare.
An event whose source cannot be found is kept without it. An unacknowledged crisis screen stays
unacknowledged, so it is shown again after an import.
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


@transaction.atomic
def _store(context: ImportContext, values: dict[str, Any]) -> None:
    source = values.get("source") or ""
    event = SafetyEvent(
        user=context.user, kind=values.get("kind") or "", source=source,
        source_id=_source_id(context, source, values.get("source_ref") or ""),
        urgency=values.get("urgency") or "", details=values.get("details") or {},
        acknowledged_at=values.get("acknowledged_at"),
    )
    event.full_clean(exclude=["user"])
    event.save()
    context.keep_times(event, values)


EVENTS = Section(
    key="safety_events", record="safety_event", names=("safety event", "safety events"),
    columns=(
        Column("kind", "text", required=True), Column("source", "text", required=True), Column("source_ref", "text"),
        Column("urgency", "text", required=True), Column("details", "object"), Column("created_at", "datetime"),
        Column("acknowledged_at", "datetime"),
    ),
    export=_export, store=_store, models=("safety.SafetyEvent",), order=90,
)
