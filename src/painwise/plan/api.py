"""Plan routes: goals, parts (and what each kind offers), the agenda, ticks, reminder settings, the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Router, Status

from painwise.accounts.services import local_today
from painwise.core.hooks import agenda
from painwise.core.types import AuthedRequest
from painwise.plan import services
from painwise.plan.access import get_goal_for_user, get_part_for_user
from painwise.plan.choices import choices_for, kinds
from painwise.plan.ics import plan_calendar
from painwise.plan.models import Goal, PlanPart
from painwise.plan.schemas import (
    AgendaOut,
    ChoiceOut,
    GoalIn,
    GoalOut,
    PartIn,
    PartOut,
    RemindersIn,
    RemindersOut,
    TickIn,
    TickOut,
)

router = Router(tags=["plan"])
MAX_AGENDA_DAYS = 92


def part_json(part: PlanPart) -> dict[str, Any]:
    return {"id": part.pk, "kind": part.kind, "choice": part.choice, "label": part.label, "schedule": part.schedule,
            "weekdays": [int(d) for d in part.weekdays], "every_days": part.every_days,
            "time_of_day": part.time_of_day, "suggested_by": part.suggested_by, "start_date": part.start_date,
            "end_date": part.end_date, "note": part.note, "when": services.schedule_words(part)}


def agenda_json(item: Any) -> dict[str, Any]:
    return {"key": item.key, "day": item.day, "kind": item.kind, "title": item.title, "url": item.url,
            "time": item.time, "status": item.status, "part_id": services.part_id_of(item.key)}


@router.get("/plan", response=dict[str, Any], summary="My plan: goals and parts")
def plan(request: AuthedRequest) -> Any:
    return {"goals": [{"id": g.pk, "text": g.text} for g in Goal.objects.filter(user=request.user)],
            "parts": [part_json(p) for p in services.parts_of(user=request.user)]}


@router.post("/plan/goals", response={201: GoalOut}, summary="Add a goal in my own words")
def add_goal(request: AuthedRequest, payload: GoalIn) -> Any:
    goal = services.add_goal(user=request.user, text=payload.text)
    return Status(201, {"id": goal.pk, "text": goal.text})


@router.delete("/plan/goals/{goal_id}", response={204: None}, summary="Delete a goal")
def delete_goal(request: AuthedRequest, goal_id: int) -> Any:
    services.delete_goal(goal=get_goal_for_user(request.user, goal_id))
    return Status(204, None)


@router.get("/plan/kinds", response=dict[str, str], summary="The kinds of part a plan can hold")
def list_kinds(request: HttpRequest) -> Any:
    return kinds()


@router.get("/plan/kinds/{kind}/choices", response=list[ChoiceOut], summary="What I can choose for a kind")
def list_choices(request: AuthedRequest, kind: str) -> Any:
    if kind not in kinds():
        raise ValidationError(
            {
                "kind": gettext("Unknown kind %(kind)s; one of: %(join)s.")
                % {"kind": repr(kind), "join": ", ".join(kinds())}
            }
        )
    return [{"value": c.value, "label": c.label, "url": c.url} for c in choices_for(user=request.user, kind=kind)]


@router.post("/plan/parts", response={201: PartOut}, summary="Add a part with its schedule")
def add_part(request: AuthedRequest, payload: PartIn) -> Any:
    return Status(201, part_json(services.add_part(user=request.user, values=payload.dict())))


@router.get("/plan/parts/{part_id}", response=PartOut, summary="One part")
def part_detail(request: AuthedRequest, part_id: int) -> Any:
    return part_json(get_part_for_user(request.user, part_id))


@router.put("/plan/parts/{part_id}", response=PartOut, summary="Change a part")
def change_part(request: AuthedRequest, part_id: int, payload: PartIn) -> Any:
    part = get_part_for_user(request.user, part_id)
    return part_json(services.update_part(part=part, values=payload.dict()))


@router.delete("/plan/parts/{part_id}", response={204: None}, summary="Remove a part (and its ticks)")
def delete_part(request: AuthedRequest, part_id: int) -> Any:
    services.delete_part(part=get_part_for_user(request.user, part_id))
    return Status(204, None)


@router.post("/plan/parts/{part_id}/ticks", response=TickOut, summary="Done, partly done or skipped (idempotent)")
def tick(request: AuthedRequest, part_id: int, payload: TickIn) -> Any:
    part = get_part_for_user(request.user, part_id)
    row = services.record_tick(part=part, status=payload.status, day=payload.day, reason=payload.reason,
                               log_dose=payload.log_dose)
    return {"part_id": part.pk, "day": row.day, "status": row.status, "reason": row.reason}


@router.get("/plan/agenda", response=list[AgendaOut], summary="What is due (default: today)")
def list_agenda(request: AuthedRequest, start: dt.date | None = None, end: dt.date | None = None) -> Any:
    start = start or local_today(request.user)
    end = end or start
    if end < start or (end - start).days >= MAX_AGENDA_DAYS:
        raise ValidationError(
            {"end": gettext("From the start up to %(MAX_AGENDA_DAYS)s days.") % {"MAX_AGENDA_DAYS": MAX_AGENDA_DAYS}}
        )
    return [agenda_json(i) for i in agenda(request.user, start, end)]


@router.get("/plan/reminders", response=RemindersOut, summary="My reminder settings")
def get_reminders(request: AuthedRequest) -> Any:
    return services.reminder_settings(user=request.user)


@router.put("/plan/reminders", response=RemindersOut, summary="Change my reminder settings")
def put_reminders(request: AuthedRequest, payload: RemindersIn) -> Any:
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return services.update_reminder_settings(user=request.user, values=values)


@router.get("/plan/calendar.ics", summary="The next six weeks as an iCalendar file")
def calendar(request: AuthedRequest) -> Any:
    return HttpResponse(plan_calendar(user=request.user), content_type="text/calendar; charset=utf-8")
