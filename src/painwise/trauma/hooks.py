"""What the track adds to shared pages: notices after an intimacy or sexual-activity entry, the home and
settings panels, the daily items inside the check-in form and as outcomes of "What helps me", and the track as a
plan choice.

Notices carry no details of the entry (they may be shown where others can see a screen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext

from painwise.accounts.services import local_today
from painwise.core.hooks import AgendaItem, CheckinSection, Notice, OutcomeSeries, PlanChoice
from painwise.core.types import AuthedRequest
from painwise.trauma import services
from painwise.trauma.content import track_content

if TYPE_CHECKING:
    from painwise.core.types import User


OUTCOME_PREFIX = "trauma_"
PLAN_VALUE = "trauma"
DAILY_CHECK_NOTICE = "trauma:daily_check"


def _unsafe_notice() -> Notice:
    return Notice(
        level="caution",
        title=gettext("Thank you for noting this"),
        body=(
            gettext("What you felt matters, and it is not your fault. Support is here whenever you want it, "
            "including people you can talk to today.")
        ),
        link=reverse("trauma:support"),
        code="trauma:not_safe",
    )


def _trigger_notice() -> Notice:
    return Notice(
        level="info",
        title=gettext("Triggers and feeling far away are common after trauma"),
        body=gettext("Grounding tools can help bring you back to the here and now, at your own pace."),
        link=reverse("trauma:tools"),
        code="trauma:trigger",
    )


def entry_notices(entry: Any) -> list[Notice]:
    """After intimacy or sexual activity: a gentle support notice when it did not feel safe."""
    return entries_notices([entry])


def entries_notices(entries: list[Any]) -> list[Notice]:
    notices: list[Notice] = []
    for entry in entries:
        if entry.modality not in services.CONSENT_MODALITIES:
            continue
        details = entry.details or {}
        if details.get("felt_wanted_safe") == "no" or details.get("boundaries_respected") == "no":
            notices.append(_unsafe_notice())
        elif details.get("trigger_or_dissociation") is True:
            notices.append(_trigger_notice())
    return list(dict.fromkeys(notices))


def _daily_check_notice() -> Notice:
    return Notice(
        level="info",
        title=gettext("Today's brief check (optional)"),
        body=gettext("A few more questions from your own track, if you want them today."),
        link=reverse("trauma:track"),
        code=DAILY_CHECK_NOTICE,
    )


def checkin_notices(record: Any) -> list[Notice]:
    """After today's check-in, with the track on and today's brief check not answered yet: a link to it.

    The wording names nothing sensitive (it may be read over someone's shoulder).
    """
    if getattr(record, "_meta", None) is None or record._meta.model_name != "checkin":
        return []
    user = record.user
    if record.day != local_today(user) or not services.is_enabled(user):
        return []
    if services.daily_checks(user=user, start=record.day, end=record.day):
        return []
    return [_daily_check_notice()]


def home_panel(request: AuthedRequest) -> tuple[str, dict[str, Any]] | None:
    """For people with the track on (or PTSD in their profile): its links, today's check, PCL-5 news."""
    user = request.user
    if not services.is_offered(user):
        return None
    enabled = services.is_enabled(user)
    context: dict[str, Any] = {"enabled": enabled}
    if enabled:
        context["checked_today"] = bool(services.daily_checks(user=user, start=local_today(user)))
        context["pcl5"] = services.pcl5_status(user=user)
    return "trauma/_home_panel.html", context


def settings_panel(request: AuthedRequest) -> tuple[str, dict[str, Any]] | None:
    """The on/off switch on the account settings page, for the same people as the home panel."""
    user = request.user
    if not services.is_offered(user):
        return None
    return "trauma/_settings_panel.html", {"enabled": services.is_enabled(user)}


def outcome_series(user: User) -> list[OutcomeSeries]:
    """The daily items answered so far, one 0-4 outcome each, only while the track is on."""
    if not services.is_enabled(user):
        return []
    daily = track_content().daily
    checks = services.daily_checks(user=user)
    out = []
    for item in daily.items:
        values = {c.day: float(c.answers[item.id]) for c in checks if item.id in c.answers}
        if values:
            out.append(OutcomeSeries(
                name=f"{OUTCOME_PREFIX}{item.id}", label=item.outcome_label, values=values, scale_min=0.0,
                scale_max=4.0, higher_is_better=False, meaningful_points=daily.outcomes.meaningful_points,
                sensitive=True))
    return out


def never_named(user: User) -> Callable[[AgendaItem], bool]:
    """Which agenda items reminders and the calendar never name, even when the person allows names: the track's
    own (a plan part that opens the track) and, while it is on, the questionnaires it schedules (PCL-5, PC-PTSD-5)."""
    track_url = reverse("trauma:track")
    screens = tuple(f"questionnaire:{i}:" for i, _ in services.TRACK_SCREENS) if services.is_enabled(user) else ()
    return lambda item: item.url.startswith(track_url) or (bool(screens) and item.key.startswith(screens))


def plan_choices(user: User) -> list[PlanChoice]:
    """The track offered to the plan builder, for everyone: choosing it there is one way to turn it on."""
    if not user.is_authenticated:
        return []
    return [PlanChoice(value=PLAN_VALUE, label=gettext("Intimacy after trauma (a consent-first, trauma-aware track)"),
                       url=reverse("trauma:track"), sensitive=True)]


# --- Inside the check-in form ----------------------------------------------------------------------------------

CHECKIN_PREFIX = "trauma"


def checkin_form(user: User, day: dt.date, data: Any) -> Any:
    """The track's daily items for the check-in of ``day`` (the day's saved answers filled in), or None while the
    track is off."""
    from painwise.trauma.forms import DailyForm

    if day > local_today(user) or not services.is_enabled(user):
        return None  # the items are about a day lived: none for a check-in made ahead (tomorrow's)
    saved = services.daily_checks(user=user, start=day, end=day)
    return DailyForm(data, prefix=CHECKIN_PREFIX, initial=saved[0].answers if saved else {})


def checkin_save(user: User, day: dt.date, form: Any) -> None:
    """Store the items answered with the check-in; an untouched section stores nothing, and clearing every item
    of a saved day removes that day's answers."""
    answers = {k: v for k, v in form.cleaned_data.items() if v is not None}
    if answers:
        services.record_daily(user=user, answers=answers, day=day)
    else:
        services.clear_daily(user=user, day=day)


# The pointer to the brief check is for check-ins made without the form (API, CLI): the form asked already.
CHECKIN_SECTION = CheckinSection(template="trauma/_checkin_section.html", form=checkin_form, save=checkin_save,
                                 replaces_notices=(DAILY_CHECK_NOTICE,))
