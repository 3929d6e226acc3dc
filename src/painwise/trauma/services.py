"""The trauma track's work: turning it on, the daily check, tools, triggers, the boundaries plan.

Reads other domains only through their public services (accounts, instruments, safety.ptsd).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from painwise.accounts.services import local_today, profile_of
from painwise.instruments import services as instruments
from painwise.safety.services import suggests_ptsd
from painwise.trauma.content import tools
from painwise.trauma.models import BoundariesPlan, DailyCheck, GroundingUse, TrackSettings, Trigger

if TYPE_CHECKING:
    from painwise.core.types import User


PCL5 = "pcl5"
PCPTSD5 = "pcptsd5"
# The questionnaires the track schedules, every so many days: the PCL-5 monthly to follow symptoms, the
# PC-PTSD-5 once a year as a screen (due at once the first time).
TRACK_SCREENS: tuple[tuple[str, int], ...] = ((PCL5, 30), (PCPTSD5, 365))
CONSENT_MODALITIES = ("sexual_activity", "intimacy")


# --- The track itself ------------------------------------------------------------------------------


def is_enabled(user: User) -> bool:
    if not user.is_authenticated:
        return False
    row = TrackSettings.objects.filter(user=user).first()
    return bool(row and row.enabled)


def lists_ptsd(user: User) -> bool:
    return "ptsd" in (profile_of(user).conditions or [])


def is_offered(user: User) -> bool:
    """The track appears for people who turned it on or list PTSD as a condition."""
    return user.is_authenticated and (is_enabled(user) or lists_ptsd(user))


@transaction.atomic
def set_enabled(*, user: User, enabled: bool) -> TrackSettings:
    """Turn the track on or off; returns the settings row.

    On: the PCL-5 (every 30 days) and the PC-PTSD-5 (every 365 days) are scheduled through the
    instruments' own schedules, due at once when new. A schedule the person had switched off themselves
    stays off; one they already had switched on is left as it is.
    Off: the schedules the track started or switched on are switched off again; everything logged and
    every questionnaire answered is kept (it is the person's), and schedules they had before are untouched.
    """
    if not isinstance(enabled, bool):
        raise ValidationError({"enabled": gettext("Must be true or false.")})
    row, _ = TrackSettings.objects.get_or_create(user=user)
    started = list(row.state.get("scheduled", []))
    started = _schedule_screens(user=user, started=started) if enabled else _stop_screens(user=user, started=started)
    row.state = {**row.state, "enabled": enabled, "scheduled": started}
    row.full_clean()
    row.save()
    return row


def _schedule_screens(*, user: User, started: list[str]) -> list[str]:
    """Switch on the track's questionnaires; the ids of those the track started (now or before)."""
    existing = {s.instrument: s for s in instruments.schedules_for(user=user)}
    for instrument_id, every_days in TRACK_SCREENS:
        schedule = existing.get(instrument_id)
        if schedule is not None and (schedule.enabled or instrument_id not in started):
            continue  # the person's own schedule, on or deliberately off
        instrument = instruments.instrument_for(user=user, instrument_id=instrument_id)
        instruments.update_schedule(user=user, instrument=instrument, every_days=every_days, enabled=True)
        started.append(instrument_id)
    return sorted(set(started))


def _stop_screens(*, user: User, started: list[str]) -> list[str]:
    """Switch off the questionnaires the track started; the ids it switched off, to switch on again later.

    One the person already switched off themselves is forgotten, so turning the track on again leaves it off.
    """
    switched_off = []
    for schedule in instruments.schedules_for(user=user):
        if schedule.instrument in started and schedule.enabled:
            instrument = instruments.instrument_for(user=user, instrument_id=schedule.instrument)
            instruments.update_schedule(user=user, instrument=instrument, every_days=schedule.every_days,
                                        enabled=False)
            switched_off.append(schedule.instrument)
    return sorted(switched_off)


def _rating(value: Any, *, field: str, high: int, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: gettext("This rating is required.")})
        return None
    if isinstance(value, bool):
        raise ValidationError({field: gettext("Choose a whole number from 0 to %(high)s.") % {"high": high}})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: gettext("Choose a whole number from 0 to %(high)s.") % {"high": high}}) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError({field: gettext("Choose a whole number from 0 to %(high)s.") % {"high": high}})
    if not 0 <= number <= high:
        raise ValidationError({field: gettext("Choose a whole number from 0 to %(high)s.") % {"high": high}})
    return number


# --- Daily check -------------------------------------------------------------------------------------


@transaction.atomic
def record_daily(*, user: User, answers: dict[str, Any], day: dt.date | None = None) -> DailyCheck:
    """Store (or replace) one day's answers. Unanswered items are left out; unknown items are errors."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": gettext("Answers must be an object of item id to 0-4.")})
    cleaned: dict[str, int] = {}
    for key, value in answers.items():
        number = _rating(value, field=str(key), high=4, required=False)
        if number is not None:
            cleaned[str(key)] = number
    day = day or local_today(user)
    if day > local_today(user):
        raise ValidationError({"day": gettext("This day is in the future.")})
    row = DailyCheck.objects.filter(user=user, day=day).first() or DailyCheck(user=user, day=day)
    row.answers = cleaned
    row.full_clean()
    row.save()
    return row


def clear_daily(*, user: User, day: dt.date) -> None:
    """Remove the day's answers (every item left blank again)."""
    DailyCheck.objects.filter(user=user, day=day).delete()


def daily_checks(*, user: User, start: dt.date | None = None, end: dt.date | None = None) -> list[DailyCheck]:
    rows = DailyCheck.objects.filter(user=user)
    if start:
        rows = rows.filter(day__gte=start)
    if end:
        rows = rows.filter(day__lte=end)
    return list(rows)


# --- Grounding tools --------------------------------------------------------------------------------


@transaction.atomic
def record_grounding(
    *, user: User, tool: str, before: Any, after: Any = None, day: dt.date | None = None
) -> GroundingUse:
    """One use of a tool with distress before and (optionally) after, 0-10."""
    errors: dict[str, str] = {}
    if tool not in tools():
        errors["tool"] = f"Unknown tool {tool!r}."
    values: dict[str, int | None] = {}
    for name, value, required in (("before", before, True), ("after", after, False)):
        try:
            values[name] = _rating(value, field=name, high=10, required=required)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    use = GroundingUse(user=user, tool=tool, day=day or local_today(user), **values)
    use.full_clean()
    use.save()
    return use


@dataclass(frozen=True)
class ToolSummary:
    slug: str
    name: str
    uses: int
    rated: int  # uses with both ratings
    average_change: float | None  # after minus before; negative means distress went down


def tool_summary(*, user: User) -> list[ToolSummary]:
    """Per tool: how often it was used and the average change in distress (after minus before)."""
    uses = list(GroundingUse.objects.filter(user=user))
    out = []
    for slug, tool in tools().items():
        mine = [u for u in uses if u.tool == slug]
        changes = [u.after - u.before for u in mine if u.after is not None and u.before is not None]
        average = round(sum(changes) / len(changes), 1) if changes else None
        out.append(ToolSummary(slug, tool.name, len(mine), len(changes), average))
    return out


# --- Triggers and boundaries ------------------------------------------------------------------------


@transaction.atomic
def record_trigger(
    *, user: User, kind: str, what: str, intensity: Any, where: str = "", helped: str = "",
    day: dt.date | None = None,
) -> Trigger:
    errors: dict[str, str] = {}
    try:
        number = _rating(intensity, field="intensity", high=10)
    except ValidationError as exc:
        errors["intensity"] = exc.message_dict["intensity"][0]
        number = 0
    row = Trigger(user=user, kind=kind, what=(what or "").strip(), where=(where or "").strip(),
                  intensity=number, helped=(helped or "").strip(), day=day or local_today(user))
    try:
        row.full_clean()
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    row.save()
    return row


def triggers(*, user: User) -> list[Trigger]:
    return list(Trigger.objects.filter(user=user))


def delete_trigger(*, trigger: Trigger) -> None:
    trigger.delete()


def boundaries_of(user: User) -> BoundariesPlan:
    """The saved plan, or an empty unsaved one."""
    return BoundariesPlan.objects.filter(user=user).first() or BoundariesPlan(user=user)


@transaction.atomic
def save_boundaries(*, user: User, okay: str = "", not_okay: str = "", stop_signals: str = "") -> BoundariesPlan:
    plan = boundaries_of(user)
    plan.okay, plan.not_okay, plan.stop_signals = (okay or "").strip(), (not_okay or "").strip(), (
        stop_signals or "").strip()
    plan.full_clean()
    plan.save()
    return plan


# --- PCL-5 status and the report ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pcl5Status:
    total: float | None
    positive: bool
    worse_by_mic: bool
    change_points: float | None


def pcl5_status(*, user: User) -> Pcl5Status | None:
    """The latest PCL-5: does it suggest PTSD, and did it rise by at least its minimal important change?"""
    instrument = instruments.instrument_for(user=user, instrument_id=PCL5)
    done = instruments.completed_responses(user=user, instrument=instrument)
    if not done:
        return None
    result = instruments.result_for(done[-1], instrument)
    change = result.change
    worse = bool(change and change.direction == "worse" and change.meaningful)
    return Pcl5Status(result.total, suggests_ptsd(result), worse, change.points if change else None)


def report_summary(*, user: User, start: dt.date, end: dt.date) -> dict[str, Any]:
    """A summary for a clinician report section. Only include it when the person ticked this section.

    Averages of the daily items, tool uses with average change, and the number of triggers noted.
    No free text (trigger descriptions, the boundaries plan) is ever included.
    """
    checks = daily_checks(user=user, start=start, end=end)
    items: dict[str, list[int]] = {}
    for check in checks:
        for key, value in check.answers.items():
            items.setdefault(key, []).append(value)
    uses = list(GroundingUse.objects.filter(user=user, day__gte=start, day__lte=end))
    tool_rows = []
    for slug, tool in tools().items():
        mine = [u for u in uses if u.tool == slug]
        changes = [u.after - u.before for u in mine if u.after is not None]
        if mine:
            tool_rows.append({"tool": tool.name, "uses": len(mine),
                              "average_change": round(sum(changes) / len(changes), 1) if changes else None})
    return {
        "days_checked": len(checks),
        "daily_averages": {k: round(sum(v) / len(v), 1) for k, v in items.items()},
        "tools": tool_rows,
        "triggers_noted": Trigger.objects.filter(user=user, day__gte=start, day__lte=end).count(),
    }
