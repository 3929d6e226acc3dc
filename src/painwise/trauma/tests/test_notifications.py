"""Nothing of the track in a notification: reminders and the calendar feed never name the track's plan part or,
while the track is on, the questionnaires it schedules, even for people who allow names in reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from painwise.accounts.services import local_today, user_zone
from painwise.core.types import User
from painwise.plan import services as plan
from painwise.plan.ics import plan_calendar
from painwise.trauma import services

pytestmark = pytest.mark.django_db

TELLING = ("PCL", "PTSD", "trauma", "Intimacy")


@pytest.fixture(autouse=True)
def _mail_configured(settings: Settings) -> None:
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _names_allowed(user: User) -> None:
    """Names allowed in reminders; only the track's questionnaires keep a schedule (no PHQ-9 and the like)."""
    from painwise.instruments.models import Schedule

    others = [s.pk for s in Schedule.objects.filter(user=user) if s.instrument not in ("pcl5", "pcptsd5")]
    Schedule.objects.filter(pk__in=others).update(enabled=False)
    plan.update_reminder_settings(user=user, values={"email": True, "remind_at": dt.time(8), "show_names": True})


def _track_part(user: User) -> None:
    plan.add_part(
        user=user, values={"kind": "track", "choice": "trauma", "schedule": "weekdays", "weekdays": "0123456"}
    )


def _uids(feed: str) -> list[str]:
    return [line.removeprefix("UID:") for line in feed.splitlines() if line.startswith("UID:")]


def _at_nine(user: User) -> dt.datetime:
    return dt.datetime.combine(local_today(user), dt.time(9), tzinfo=user_zone(user))


def test_a_reminder_never_names_the_track_or_its_questionnaires_even_with_names_allowed(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)  # schedules the PCL-5 and PC-PTSD-5, due today
    _track_part(alice)
    _names_allowed(alice)
    assert plan.send_due_reminders(now=_at_nine(alice)) == 3
    [message] = mail.outbox
    assert message.subject == "Painwise: 3 items due"
    assert not any(word.lower() in (message.subject + message.body).lower() for word in TELLING)


def test_other_items_keep_their_names_beside_the_tracks_counted_ones(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    plan.add_part(
        user=alice, values={"kind": "therapy", "choice": "exercise", "schedule": "weekdays", "weekdays": "0123456"}
    )
    _names_allowed(alice)
    plan.send_due_reminders(now=_at_nine(alice))
    [message] = mail.outbox
    assert message.subject.startswith("Painwise: ")
    assert message.subject.endswith("; 2 more due")
    assert not any(word.lower() in message.subject.lower() for word in TELLING)


def test_the_calendar_feed_never_names_the_track_or_its_questionnaires(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    _track_part(alice)
    _names_allowed(alice)
    feed = plan_calendar(user=alice, days=3).decode()
    assert "SUMMARY:Painwise: 1 questionnaire due" in feed
    assert not any(word.lower() in feed.lower() for word in TELLING)
    assert "pcptsd5" not in feed  # nor in an event's UID
    assert _uids(feed) == _uids(plan_calendar(user=alice, days=3).decode())  # stable: updated, not duplicated


def test_with_the_track_off_a_questionnaire_the_person_scheduled_is_named_as_they_allowed(alice: User) -> None:
    from painwise.instruments import services as instruments

    pcl5 = instruments.instrument_for(user=alice, instrument_id="pcl5")
    instruments.update_schedule(user=alice, instrument=pcl5, every_days=30, enabled=True)
    _names_allowed(alice)
    plan.send_due_reminders(now=_at_nine(alice))
    assert mail.outbox[0].subject == "Painwise: PTSD Checklist for DSM-5"
