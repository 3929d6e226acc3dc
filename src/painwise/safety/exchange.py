"""Safety events in Painwise JSON and CSV: every crisis screen and red-flag result, with what was shown.

``source_ref`` says what an event came from in a way that survives export and import: the ``ref`` of a
questionnaire response in the same file, the day of a check-in, the start time (UTC) of a flare, or
``modality@time (UTC)`` of a therapy entry. An event whose source cannot be found is kept without it.
An unacknowledged crisis screen stays unacknowledged, so it is shown again after an import.

Importing a note that mentions self-harm shows the crisis lines and records a "mention" event (the
safety check runs on every saved note, after the import is written); where the file has its own record
of that event for the same note, the file's record is kept and the new one is not added a second time.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.core.fields import blind_lookup
from painwise.diary.services import checkin_for_day, checkin_with_id, episode_started_at, episode_with_id
from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.safety.models import SafetyEvent
from painwise.safety.services import SOURCE_REFS
from painwise.therapies.services import entry_taken_at, entry_with_id

if TYPE_CHECKING:
    from painwise.core.types import User


Source = SafetyEvent.Source


def _source_ref(event: SafetyEvent) -> str:
    if event.source_id is None:
        return ""
    if event.source in SOURCE_REFS:  # a questionnaire response: instruments names it
        return SOURCE_REFS[event.source].ref_of(event.user_id, event.source_id)
    if event.source == Source.CHECKIN:
        checkin = checkin_with_id(user_id=event.user_id, checkin_id=event.source_id)
        return checkin.day.isoformat() if checkin else ""
    if event.source == Source.EPISODE:
        episode = episode_with_id(user_id=event.user_id, episode_id=event.source_id)
        return episode.started_at.astimezone(dt.UTC).isoformat() if episode else ""
    if event.source == Source.THERAPY_ENTRY:
        entry = entry_with_id(user_id=event.user_id, entry_id=event.source_id)
        return f"{entry.modality}@{entry.taken_at.astimezone(dt.UTC).isoformat()}" if entry else ""
    return ""


def _source_id(context: ImportContext, source: str, ref: str) -> int | None:
    """The stored record ``ref`` names (now in the importing account), or None when it is not there."""
    if not ref:
        return None
    found: Any = None
    try:
        if source in SOURCE_REFS:
            found = context.refs.get((SOURCE_REFS[source].section, ref))
        elif source == Source.CHECKIN:
            found = checkin_for_day(user=context.user, day=dt.date.fromisoformat(ref))
        elif source == Source.EPISODE:
            found = episode_started_at(user=context.user, started_at=dt.datetime.fromisoformat(ref))
        elif source == Source.THERAPY_ENTRY:
            modality, _, taken = ref.partition("@")
            found = entry_taken_at(user=context.user, modality=modality, taken_at=dt.datetime.fromisoformat(taken))
    except ValueError:
        raise ValidationError(
            {"source_ref": gettext("%(ref)s is not a date or time this source can be found by.") % {"ref": repr(ref)}}
        ) from None
    return found.pk if found is not None else None


def _export(user: User) -> list[dict[str, Any]]:
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
    context.refs[(EVENTS_KEY, str(event.pk))] = event


def _settle(context: ImportContext) -> None:
    """Drop the mention events the import's own safety check just recorded for notes whose showing the
    file already records (the person saw the lines then; the notice is still shown after the import)."""
    imported = [obj for (key, _), obj in context.refs.items() if key == EVENTS_KEY]
    noted = {(e.source, e.source_id) for e in imported if e.kind == SafetyEvent.Kind.MENTION and e.source_id}
    mention = blind_lookup(SafetyEvent, context.user, kind=SafetyEvent.Kind.MENTION)
    fresh = SafetyEvent.objects.filter(user=context.user, created_at__gte=context.started_at, **mention)
    fresh = fresh.exclude(pk__in=[e.pk for e in imported])
    doubles = [e.pk for e in fresh if (e.source, e.source_id) in noted]
    SafetyEvent.objects.filter(pk__in=doubles).delete()


EVENTS_KEY = "safety_events"
EVENTS = Section(
    key=EVENTS_KEY, record="safety_event",
    names=(gettext_noop("%(count)s safety event"), gettext_noop("%(count)s safety events")),
    columns=(
        Column("kind", "text", required=True), Column("source", "text", required=True), Column("source_ref", "text"),
        Column("urgency", "text", required=True), Column("details", "object"), Column("created_at", "datetime"),
        Column("acknowledged_at", "datetime"),
    ),
    export=_export, store=_store, models=("safety.SafetyEvent",), order=90, settle=_settle,
)
