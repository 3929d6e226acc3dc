"""The plan as an iCalendar file (RFC 5545) for the private feed and the download.

One event per agenda item: UID is the item's key (stable, so a calendar app updates rather than duplicates; for an
item never named, ``core.hooks.unnamed_keys``, a keyed hash of it that names nothing),
an all-day event for untimed items and a 15-minute one at the local time otherwise, each with an alarm.
Titles are the private ones ("Painwise: 1 session due") unless the person allowed names (never for the trauma
track's items).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from icalendar import Alarm, Calendar, Event

from painwise.accounts.services import local_today, user_zone
from painwise.core.hooks import agenda, unnamed_keys

if TYPE_CHECKING:
    from painwise.core.types import User


FEED_DAYS = 42  # six weeks ahead
EVENT_MINUTES = 15


def _event(item: Any, *, zone: Any, show_names: bool, remind_at: dt.time, stamp: dt.datetime, uid: str = "") -> Event:
    event = Event()
    event.add("uid", uid or item.key)
    event.add("dtstamp", stamp)
    title = item.title if show_names else item.private_title
    event.add("summary", title)
    if item.time is None:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        trigger = dt.timedelta(hours=remind_at.hour, minutes=remind_at.minute)
    else:
        start = dt.datetime.combine(item.day, item.time, tzinfo=zone).astimezone(dt.UTC)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=EVENT_MINUTES))
        trigger = dt.timedelta(0)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", trigger)
    event.add_component(alarm)
    return event


def _private_uid(user: User, key: str) -> str:
    """A stable UID that does not spell out the key (``questionnaire:pcptsd5:...`` would name the questionnaire)."""
    return "painwise-" + salted_hmac("painwise.plan.ics.uid", f"{user.pk}:{key}", algorithm="sha256").hexdigest()[:32]


def plan_calendar(*, user: User, days: int = FEED_DAYS, start: dt.date | None = None) -> bytes:
    """The person's agenda from ``start`` (default today) for ``days`` days, as ICS bytes."""
    from painwise.plan.services import reminder_settings

    settings_row = reminder_settings(user=user)
    remind_at = settings_row.remind_at
    if isinstance(remind_at, str):
        remind_at = dt.time.fromisoformat(remind_at)
    start = start or local_today(user)
    calendar = Calendar()
    calendar.add("prodid", "-//Painwise//My plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("Painwise plan"))
    stamp = timezone.now().replace(microsecond=0)
    zone = user_zone(user)
    items = agenda(user, start, start + dt.timedelta(days=days - 1))
    unnamed = unnamed_keys(user, items)  # the trauma track's items: never named, even when names are allowed
    for item in items:
        show_names = settings_row.show_names and item.key not in unnamed
        uid = _private_uid(user, item.key) if item.key in unnamed else ""
        calendar.add_component(_event(item, zone=zone, show_names=show_names, remind_at=remind_at, stamp=stamp,
                                      uid=uid))
    ical: bytes = calendar.to_ical()
    return ical
