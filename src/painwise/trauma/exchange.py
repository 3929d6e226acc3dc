"""The trauma track in Painwise JSON and CSV: whether it is on, daily items, grounding uses, triggers and the
boundaries plan. Every value passes the track's own checks on import (known items, tools and trigger kinds,
ratings in range); the file's times are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.trauma import services
from painwise.trauma.models import BoundariesPlan, DailyCheck, GroundingUse, TrackSettings, Trigger
from painwise.trauma.services import TRACK_SCREENS

if TYPE_CHECKING:
    from painwise.core.types import User



def _export_settings(user: User) -> list[dict[str, Any]]:
    row = TrackSettings.objects.filter(user=user).first()
    return [] if row is None else [{"state": row.state, "updated_at": row.updated_at}]


@transaction.atomic
def _store_settings(context: ImportContext, values: dict[str, Any]) -> None:
    """The setting as the file says; turning the track on here does not add a PCL-5 schedule (the file
    carries the schedules the person had)."""
    state = values.get("state") or {}
    if not isinstance(state, dict) or not isinstance(state.get("enabled", False), bool):
        raise ValidationError({"state": gettext('Expected {"enabled": true or false}.')})
    started = state.get("scheduled", [])
    known = {instrument for instrument, _ in TRACK_SCREENS}
    if not isinstance(started, list) or not all(isinstance(i, str) and i in known for i in started):
        raise ValidationError(
            {
                "state": gettext("'scheduled' lists the questionnaires the track started: %(sorted)s.")
                % {"sorted": sorted(known)}
            }
        )
    row = TrackSettings.objects.filter(user=context.user).first() or TrackSettings(user=context.user)
    row.state = {**row.state, **state}
    row.full_clean(exclude=["user"], validate_unique=False)
    row.save()
    context.keep_times(row, values)


def _export_daily(user: User) -> list[dict[str, Any]]:
    rows = DailyCheck.objects.filter(user=user).order_by("day", "pk")
    return [{"day": r.day, "answers": r.answers, "created_at": r.created_at} for r in rows]


def _store_daily(context: ImportContext, values: dict[str, Any]) -> None:
    row = services.record_daily(user=context.user, answers=values.get("answers") or {}, day=values["day"])
    context.keep_times(row, values)


def _export_grounding(user: User) -> list[dict[str, Any]]:
    rows = GroundingUse.objects.filter(user=user).order_by("day", "created_at", "pk")
    return [{"day": r.day, "tool": r.tool, "before": r.before, "after": r.after, "created_at": r.created_at}
            for r in rows]


def _store_grounding(context: ImportContext, values: dict[str, Any]) -> None:
    row = services.record_grounding(user=context.user, tool=values.get("tool") or "", before=values.get("before"),
                                    after=values.get("after"), day=values["day"])
    context.keep_times(row, values)


def _export_triggers(user: User) -> list[dict[str, Any]]:
    rows = Trigger.objects.filter(user=user).order_by("day", "created_at", "pk")
    return [{"day": r.day, "kind": r.kind, "what": r.what, "where": r.where, "intensity": r.intensity,
             "helped": r.helped, "created_at": r.created_at} for r in rows]


def _store_trigger(context: ImportContext, values: dict[str, Any]) -> None:
    row = services.record_trigger(
        user=context.user, kind=values.get("kind") or "", what=values.get("what") or "",
        intensity=values.get("intensity"), where=values.get("where") or "", helped=values.get("helped") or "",
        day=values["day"],
    )
    context.keep_times(row, values)


def _export_boundaries(user: User) -> list[dict[str, Any]]:
    plan = BoundariesPlan.objects.filter(user=user).first()
    return [] if plan is None else [{"okay": plan.okay, "not_okay": plan.not_okay,
                                     "stop_signals": plan.stop_signals, "updated_at": plan.updated_at}]


def _store_boundaries(context: ImportContext, values: dict[str, Any]) -> None:
    plan = services.save_boundaries(user=context.user, okay=values.get("okay") or "",
                                    not_okay=values.get("not_okay") or "",
                                    stop_signals=values.get("stop_signals") or "")
    context.keep_times(plan, values)


TRACK = Section(
    key="trauma_track", record="trauma_track",
    names=(gettext_noop("%(count)s trauma track setting"), gettext_noop("%(count)s trauma track settings")),
    columns=(Column("state", "object"), Column("updated_at", "datetime")),
    export=_export_settings, store=_store_settings, models=("trauma.TrackSettings",), single=True, order=50,
)
DAILY = Section(
    key="trauma_daily_checks", record="trauma_daily_check",
    names=(gettext_noop("%(count)s trauma daily check"), gettext_noop("%(count)s trauma daily checks")),
    columns=(Column("day", "date", required=True), Column("answers", "object"), Column("created_at", "datetime")),
    export=_export_daily, store=_store_daily, models=("trauma.DailyCheck",), order=51,
)
GROUNDING = Section(
    key="grounding_uses", record="grounding_use",
    names=(gettext_noop("%(count)s grounding tool use"), gettext_noop("%(count)s grounding tool uses")),
    columns=(Column("day", "date", required=True), Column("tool", "text", required=True),
             Column("before", "int", low=0, high=10), Column("after", "int", low=0, high=10),
             Column("created_at", "datetime")),
    export=_export_grounding, store=_store_grounding, models=("trauma.GroundingUse",), order=52,
)
TRIGGERS = Section(
    key="trauma_triggers", record="trauma_trigger",
    names=(gettext_noop("%(count)s trigger"), gettext_noop("%(count)s triggers")),
    columns=(Column("day", "date", required=True), Column("kind", "text", required=True), Column("what", "text"),
             Column("where", "text"), Column("intensity", "int", low=0, high=10), Column("helped", "text"),
             Column("created_at", "datetime")),
    export=_export_triggers, store=_store_trigger, models=("trauma.Trigger",), order=53,
)
BOUNDARIES = Section(
    key="boundaries_plan", record="boundaries_plan",
    names=(gettext_noop("%(count)s boundaries plan"), gettext_noop("%(count)s boundaries plans")),
    columns=(Column("okay", "text"), Column("not_okay", "text"), Column("stop_signals", "text"),
             Column("updated_at", "datetime")),
    export=_export_boundaries, store=_store_boundaries, models=("trauma.BoundariesPlan",), single=True, order=54,
)
SECTIONS = (TRACK, DAILY, GROUNDING, TRIGGERS, BOUNDARIES)
