"""Trauma-track routes: the track switch, the daily check, tool uses, triggers and the boundaries plan.

Everything answers only for the person asking; another person's trigger is 404. Ratings are taken as given
(any JSON value) so the service can name the field of a bad one in a 422.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ninja import Router, Schema, Status

from painwise.core.paging import paged
from painwise.core.types import AuthedRequest
from painwise.trauma import services
from painwise.trauma.access import get_trigger_for_user
from painwise.trauma.models import GroundingUse

if TYPE_CHECKING:
    from painwise.core.types import User


router = Router(tags=["trauma"])


class TrackIn(Schema):
    enabled: bool


class TrackOut(Schema):
    enabled: bool
    offered: bool


class DailyIn(Schema):
    answers: dict[str, Any]
    day: dt.date | None = None


class DailyOut(Schema):
    id: int
    day: dt.date
    answers: dict[str, int]


class GroundingIn(Schema):
    tool: str
    before: Any = None
    after: Any = None
    day: dt.date | None = None


class GroundingOut(Schema):
    id: int
    day: dt.date
    tool: str
    before: int
    after: int | None


class SummaryOut(Schema):
    slug: str
    name: str
    uses: int
    rated: int
    average_change: float | None


class TriggerIn(Schema):
    kind: str
    what: str
    intensity: Any = None
    where: str = ""
    helped: str = ""
    day: dt.date | None = None


class TriggerOut(Schema):
    id: int
    day: dt.date
    kind: str
    what: str
    where: str
    intensity: int
    helped: str


class BoundariesIO(Schema):
    okay: str = ""
    not_okay: str = ""
    stop_signals: str = ""


def _track(user: User) -> dict[str, bool]:
    return {"enabled": services.is_enabled(user), "offered": services.is_offered(user)}


@router.get("/trauma/track", response=TrackOut)
def get_track(request: AuthedRequest) -> dict[str, bool]:
    return _track(request.user)


@router.put("/trauma/track", response=TrackOut)
def put_track(request: AuthedRequest, payload: TrackIn) -> dict[str, bool]:
    """Turn the track on (schedules the PCL-5 monthly) or off (keeps what was logged)."""
    services.set_enabled(user=request.user, enabled=payload.enabled)
    return _track(request.user)


@router.get("/trauma/daily", response=list[DailyOut])
@paged
def list_daily(request: AuthedRequest, start: dt.date | None = None, end: dt.date | None = None) -> Any:
    return services.daily_checks(user=request.user, start=start, end=end)


@router.put("/trauma/daily", response=DailyOut)
def put_daily(request: AuthedRequest, payload: DailyIn) -> Any:
    """Store or replace one day's answers (item id -> 0..4); 422 names a bad item."""
    return services.record_daily(user=request.user, answers=payload.answers, day=payload.day)


@router.get("/trauma/grounding", response=list[GroundingOut])
@paged
def list_grounding(request: AuthedRequest) -> Any:
    return GroundingUse.objects.filter(user=request.user)


@router.post("/trauma/grounding", response={201: GroundingOut})
def create_grounding(request: AuthedRequest, payload: GroundingIn) -> Status[GroundingUse]:
    use = services.record_grounding(user=request.user, tool=payload.tool, before=payload.before,
                                    after=payload.after, day=payload.day)
    return Status(201, use)


@router.get("/trauma/grounding/summary", response=list[SummaryOut])
def grounding_summary(request: AuthedRequest) -> Any:
    """Per tool: uses and the average change in distress (after minus before)."""
    return services.tool_summary(user=request.user)


@router.get("/trauma/triggers", response=list[TriggerOut])
@paged
def list_triggers(request: AuthedRequest) -> Any:
    return services.triggers(user=request.user)


@router.post("/trauma/triggers", response={201: TriggerOut})
def create_trigger(request: AuthedRequest, payload: TriggerIn) -> Status[Any]:
    trigger = services.record_trigger(user=request.user, **payload.dict())
    return Status(201, trigger)


@router.delete("/trauma/triggers/{int:trigger_id}", response={204: None})
def delete_trigger(request: AuthedRequest, trigger_id: int) -> Status[None]:
    services.delete_trigger(trigger=get_trigger_for_user(request.user, trigger_id))
    return Status(204, None)


@router.get("/trauma/boundaries", response=BoundariesIO)
def get_boundaries(request: AuthedRequest) -> Any:
    return services.boundaries_of(request.user)


@router.put("/trauma/boundaries", response=BoundariesIO)
def put_boundaries(request: AuthedRequest, payload: BoundariesIO) -> Any:
    """Replace the plan; a field over the size limit is a 422 naming it, and nothing is saved."""
    return services.save_boundaries(user=request.user, **payload.dict())
