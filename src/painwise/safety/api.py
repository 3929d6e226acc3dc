"""Safety routes: crisis lines, the red-flag checklist, safety events and crisis acknowledgement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from painwise.core.paging import Shaped, paged
from painwise.core.types import AuthedRequest
from painwise.diary.access import get_checkin_for_user, get_episode_for_user
from painwise.safety import services
from painwise.safety.access import get_event_for_user
from painwise.safety.crisis import Region, crisis_lines_for
from painwise.safety.models import SafetyEvent
from painwise.safety.red_flags import red_flags
from painwise.safety.schemas import AcknowledgeIn, EventOut, GuidanceOut, RedFlagOut, RedFlagsIn, RegionOut

router = Router(tags=["safety"])


@router.get("/safety/crisis-lines", response=RegionOut)
def crisis_lines(request: AuthedRequest, country: str | None = None) -> Region:
    """Crisis and emergency lines for ``country`` (ISO code), or for the country in the person's profile."""
    return crisis_lines_for(country) if country else services.lines_for_user(request.user)


@router.get("/safety/red-flags", response=list[RedFlagOut])
def list_red_flags(request: HttpRequest) -> Any:
    return red_flags()


def _check_source(request: AuthedRequest, payload: RedFlagsIn) -> None:
    """A check-in or episode named as the source must belong to the person (404 otherwise)."""
    if payload.source == "checkin":
        get_checkin_for_user(request.user, payload.source_id)
    elif payload.source == "episode":
        get_episode_for_user(request.user, payload.source_id)


@router.post("/safety/red-flags", response={200: GuidanceOut, 201: GuidanceOut})
def check_red_flags(request: AuthedRequest, payload: RedFlagsIn) -> Status[dict[str, Any]]:
    """Guidance at the highest urgency among ``checked``; 201 with ``event_id`` when an event was recorded."""
    _check_source(request, payload)
    source_id = payload.source_id if payload.source != "checklist" else None
    event, guidance = services.record_red_flags(
        user=request.user, checked=payload.checked, source=payload.source, source_id=source_id
    )
    body = {
        "event_id": event.pk if event else None,
        "urgency": guidance.urgency,
        "title": guidance.title,
        "guidance": guidance.guidance,
        "flags": [
            {"id": f.id, "question": f.question, "urgency": f.urgency, "guidance": f.guidance} for f in guidance.flags
        ],
    }
    return Status(201 if event else 200, body)


@router.get("/safety/events", response=list[EventOut])
@paged
def list_events(request: AuthedRequest) -> Any:
    """The person's safety events, newest first, at most 100 per page (``limit``, ``offset``), with the ``count``."""
    return Shaped(services.events_for(user=request.user), services.event_summary)


@router.get("/safety/events/{int:event_id}", response=EventOut)
def get_event(request: AuthedRequest, event_id: int) -> dict[str, Any]:
    return services.event_summary(get_event_for_user(request.user, event_id))


@router.post("/safety/events/{int:event_id}/acknowledge", response=EventOut, url_name="acknowledge_event")
def acknowledge_event(request: AuthedRequest, event_id: int, payload: AcknowledgeIn) -> dict[str, Any]:
    """Confirm a crisis screen was read (``acknowledged: true``); 422 without the confirmation."""
    event: SafetyEvent = get_event_for_user(request.user, event_id)
    return services.event_summary(services.acknowledge(event=event, confirmed=payload.acknowledged))
