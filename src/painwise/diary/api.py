"""Diary routes: check-ins (one per day, partial updates) and pain episodes, for the signed-in person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from ninja import Router, Status

from painwise.accounts.services import local_today, user_zone
from painwise.core.paging import paged
from painwise.core.schemas import ConflictOut
from painwise.core.types import AuthedRequest
from painwise.diary import services
from painwise.diary.access import get_checkin_for_user, get_episode_for_user
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.schemas import (
    CheckInCreate,
    CheckInOut,
    CheckInUpdate,
    EpisodeCreate,
    EpisodeOut,
    EpisodeUpdate,
    PrefillOut,
)

if TYPE_CHECKING:
    from painwise.core.types import User


router = Router(tags=["diary"])


def _between(rows: QuerySet[Any], since: dt.date | None, until: dt.date | None) -> QuerySet[Any]:
    """``rows`` whose ``day`` lies within [since, until]; an open end is not filtered."""
    if since is not None:
        rows = rows.filter(day__gte=since)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return rows


@router.get("/checkins", response=list[CheckInOut])
@paged
def list_checkins(request: AuthedRequest, since: dt.date | None = None, until: dt.date | None = None) -> Any:
    """The person's check-ins, newest day first, optionally from ``since`` to ``until`` (inclusive); at most
    100 per page (``limit``, ``offset``), with the ``count`` of all."""
    return _between(CheckIn.objects.filter(user=request.user), since, until)


@router.post("/checkins", response={201: CheckInOut})
def create_checkin(request: AuthedRequest, payload: CheckInCreate) -> Status[CheckIn]:
    """Record a day; a second check-in for the same day is refused with 422 on ``day``."""
    values = payload.model_dump(exclude_unset=True)
    day = values.pop("day")
    return Status(201, services.record_checkin(user=request.user, day=day, values=values))


@router.get("/checkins/by-day/{day}", response=CheckInOut)
def checkin_by_day(request: AuthedRequest, day: dt.date) -> CheckIn:
    """The check-in of a calendar day (YYYY-MM-DD), or 404 when that day has none."""
    checkin = services.checkin_for_day(user=request.user, day=day)
    if checkin is None:
        raise Http404
    return checkin


@router.get("/checkins/same-as-yesterday", response=PrefillOut, exclude_unset=True)
def same_as_yesterday(request: AuthedRequest, day: dt.date | None = None) -> dict[str, Any]:
    """Values to pre-fill ``day`` (default: the person's today) from the latest check-in of the prior week."""
    day = day or local_today(request.user)
    return {"day": day, "values": services.same_as_yesterday(user=request.user, day=day)}


@router.get("/checkins/{int:checkin_id}", response=CheckInOut)
def get_checkin(request: AuthedRequest, checkin_id: int) -> CheckIn:
    return get_checkin_for_user(request.user, checkin_id)


@router.patch("/checkins/{int:checkin_id}", response={200: CheckInOut, 409: ConflictOut})
def update_checkin(request: AuthedRequest, checkin_id: int, payload: CheckInUpdate) -> CheckIn:
    """Complete or correct a check-in: only the fields sent change; 409 when ``version`` is stale and
    someone else changed one of those fields to another value."""
    checkin = get_checkin_for_user(request.user, checkin_id)
    values = payload.model_dump(exclude_unset=True)
    return services.update_checkin(checkin=checkin, values=values, version=values.pop("version", None))


@router.delete("/checkins/{int:checkin_id}", response={204: None})
def delete_checkin(request: AuthedRequest, checkin_id: int) -> Status[None]:
    services.delete_checkin(checkin=get_checkin_for_user(request.user, checkin_id))
    return Status(204, None)


def _local_midnight(user: User, day: dt.date) -> dt.datetime:
    """The start of ``day`` where the person lives, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=user_zone(user))


@router.get("/episodes", response=list[EpisodeOut])
@paged
def list_episodes(request: AuthedRequest, since: dt.date | None = None, until: dt.date | None = None) -> Any:
    """The person's pain episodes, latest first; ``since``/``until`` filter by local start day."""
    rows = PainEpisode.objects.filter(user=request.user)
    if since is not None:
        rows = rows.filter(started_at__gte=_local_midnight(request.user, since))
    if until is not None:
        rows = rows.filter(started_at__lt=_local_midnight(request.user, until + dt.timedelta(days=1)))
    return rows


@router.post("/episodes", response={201: EpisodeOut})
def create_episode(request: AuthedRequest, payload: EpisodeCreate) -> Status[PainEpisode]:
    episode = services.record_episode(user=request.user, values=payload.model_dump(exclude_unset=True))
    return Status(201, episode)


@router.get("/episodes/{int:episode_id}", response=EpisodeOut)
def get_episode(request: AuthedRequest, episode_id: int) -> PainEpisode:
    return get_episode_for_user(request.user, episode_id)


@router.patch("/episodes/{int:episode_id}", response={200: EpisodeOut, 409: ConflictOut})
def update_episode(request: AuthedRequest, episode_id: int, payload: EpisodeUpdate) -> PainEpisode:
    """Correct an episode (e.g. add its end time): only the fields sent change; 409 on a conflicting edit."""
    episode = get_episode_for_user(request.user, episode_id)
    values = payload.model_dump(exclude_unset=True)
    return services.update_episode(episode=episode, values=values, version=values.pop("version", None))


@router.delete("/episodes/{int:episode_id}", response={204: None})
def delete_episode(request: AuthedRequest, episode_id: int) -> Status[None]:
    services.delete_episode(episode=get_episode_for_user(request.user, episode_id))
    return Status(204, None)
