"""The plan in Painwise JSON and CSV: goals, parts (with their schedules), ticked days and reminder settings.

Not exported: the calendar feed's token (a secret of this server; make a new address after moving) and the
record of reminders sent. A part is stored through the plan's own checks; a medication part names its
medication (``choice`` is the name, as on the list) and finds it on the importing account by that name.
``ref`` links ticks to parts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.plan import services
from painwise.plan.models import Goal, PlanPart, PlanTick, ReminderSettings

if TYPE_CHECKING:
    from painwise.core.types import User


PARTS_KEY = "plan_parts"


def part_ref(part: PlanPart) -> str:
    return f"part@{part.created_at.astimezone(dt.UTC).isoformat()}"


def _time(value: Any) -> dt.time | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(gettext("A time of day as HH:MM.")) from None


def _export_goals(user: User) -> list[dict[str, Any]]:
    return [{"text": g.text, "created_at": g.created_at} for g in Goal.objects.filter(user=user)]


def _store_goal(context: ImportContext, values: dict[str, Any]) -> None:
    goal = services.add_goal(user=context.user, text=values.get("text") or "")
    context.keep_times(goal, values)


def _export_parts(user: User) -> list[dict[str, Any]]:
    return [{
        "ref": part_ref(p), "kind": p.kind,
        # a medication is named, not numbered: ids differ between servers
        "choice": p.label if p.kind == "medication" else p.choice, "label": p.label, "url": p.url,
        "sensitive": p.sensitive, "schedule": p.schedule, "weekdays": p.weekdays, "every_days": p.every_days,
        "time_of_day": p.time_of_day.strftime("%H:%M") if p.time_of_day else None,
        "suggested_by": p.suggested_by, "start_date": p.start_date, "end_date": p.end_date, "note": p.note,
        "created_at": p.created_at,
    } for p in PlanPart.objects.filter(user=user)]


def _medication_choice(user: User, name: str) -> str:
    from painwise.therapies.services import active_medications

    found = next((m for m in active_medications(user=user) if str(m) == name), None)
    if found is None:
        raise ValidationError(
            {"choice": gettext("No medication %(name)s on the list for this plan part.") % {"name": repr(name)}}
        )
    return str(found.pk)


def _store_part(context: ImportContext, values: dict[str, Any]) -> None:
    kind, choice = values.get("kind") or "", str(values.get("choice") or "")
    if kind == "medication":
        choice = _medication_choice(context.user, choice)
    try:
        time_of_day = _time(values.get("time_of_day"))
    except ValidationError as exc:
        raise ValidationError({"time_of_day": exc.messages}) from None
    part = services.add_part(user=context.user, values={
        "kind": kind, "choice": choice, "schedule": values.get("schedule") or "weekdays",
        "weekdays": values.get("weekdays") or "", "every_days": values.get("every_days"),
        "time_of_day": time_of_day, "suggested_by": values.get("suggested_by") or "self",
        "start_date": values.get("start_date"), "end_date": values.get("end_date"), "note": values.get("note") or "",
    })
    context.keep_times(part, values)
    if values.get("ref"):
        context.refs[(PARTS_KEY, values["ref"])] = part


def _export_ticks(user: User) -> list[dict[str, Any]]:
    rows = PlanTick.objects.filter(part__user=user).select_related("part").order_by("part__created_at", "day")
    return [{"part": part_ref(t.part), "day": t.day, "status": t.status, "reason": t.reason,
             "recorded_at": t.recorded_at} for t in rows]


def _store_tick(context: ImportContext, values: dict[str, Any]) -> None:
    part = context.refs.get((PARTS_KEY, str(values.get("part") or "")))
    if part is None:
        raise ValidationError(
            {"part": gettext("No plan part %(get)s earlier in the file.") % {"get": repr(values.get("part"))}}
        )
    row = PlanTick.objects.filter(part=part, day=values["day"]).first() or PlanTick(part=part, day=values["day"])
    row.status, row.reason = values.get("status") or "", values.get("reason") or ""
    row.full_clean(validate_unique=False)
    row.save()
    if values.get("recorded_at") is not None:
        PlanTick.objects.filter(pk=row.pk).update(recorded_at=values["recorded_at"])


def _export_reminders(user: User) -> list[dict[str, Any]]:
    row = ReminderSettings.objects.filter(user=user).first()
    return [] if row is None else [{"email": row.email, "remind_at": row.remind_at.strftime("%H:%M"),
                                    "show_names": row.show_names}]


def _store_reminders(context: ImportContext, values: dict[str, Any]) -> None:
    try:
        remind_at = _time(values.get("remind_at")) or dt.time(8)
    except ValidationError as exc:
        raise ValidationError({"remind_at": exc.messages}) from None
    row = services.reminder_settings(user=context.user)
    # E-mail depends on this server's mail set-up: it is switched on only where it can work.
    row.email = bool(values.get("email")) and services.email_possible(context.user)
    row.remind_at, row.show_names = remind_at, bool(values.get("show_names"))
    row.full_clean(exclude=["user"])
    row.save()


GOALS = Section(
    key="plan_goals", record="plan_goal",
    names=(gettext_noop("%(count)s plan goal"), gettext_noop("%(count)s plan goals")),
    columns=(Column("text", "text", required=True), Column("created_at", "datetime")),
    export=_export_goals, store=_store_goal, models=("plan.Goal",), order=80,
)
PARTS = Section(
    key=PARTS_KEY, record="plan_part",
    names=(gettext_noop("%(count)s plan part"), gettext_noop("%(count)s plan parts")),
    columns=(Column("ref", "text"), Column("kind", "text", required=True), Column("choice", "text", required=True),
             Column("label", "text"), Column("url", "text"), Column("sensitive", "bool"),
             Column("schedule", "text"), Column("weekdays", "text"), Column("every_days", "int", low=1, high=365),
             Column("time_of_day", "text"), Column("suggested_by", "text"), Column("start_date", "date"),
             Column("end_date", "date"), Column("note", "text"), Column("created_at", "datetime")),
    export=_export_parts, store=_store_part, models=("plan.PlanPart",), order=81,
)
TICKS = Section(
    key="plan_ticks", record="plan_tick",
    names=(gettext_noop("%(count)s plan day ticked"), gettext_noop("%(count)s plan days ticked")),
    columns=(Column("part", "text", required=True), Column("day", "date", required=True),
             Column("status", "text", required=True), Column("reason", "text"), Column("recorded_at", "datetime")),
    export=_export_ticks, store=_store_tick, models=("plan.PlanTick",), order=82,
)
REMINDERS = Section(
    key="plan_reminders", record="plan_reminders",
    names=(gettext_noop("%(count)s reminder setting"), gettext_noop("%(count)s reminder settings")),
    columns=(Column("email", "bool"), Column("remind_at", "text"), Column("show_names", "bool")),
    export=_export_reminders, store=_store_reminders, models=("plan.ReminderSettings",), single=True, order=83,
)
SECTIONS = (GOALS, PARTS, TICKS, REMINDERS)
