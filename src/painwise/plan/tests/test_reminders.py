"""Reminders: sent once per person and item (also with two workers at once), at the person's local time,
without names unless allowed, and only where e-mail is configured."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import partial
from typing import Any

import pytest
from django.core import mail
from pytest_django.fixtures import Settings

from painwise.accounts.services import local_today, user_zone
from painwise.core.types import User
from painwise.plan import services
from painwise.plan.models import ReminderSent, ReminderSettings
from painwise.plan.tests.helpers import part
from painwise.testing import make_user, race

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_configured(settings: Settings) -> None:
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _switched_on(user: User, **values: Any) -> Any:
    from painwise.instruments.models import Schedule

    Schedule.objects.filter(user=user).update(enabled=False)  # only the plan's items in these tests
    return services.update_reminder_settings(user=user, values={"email": True, "remind_at": dt.time(8), **values})


def _at(user: User, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(local_today(user), dt.time(hour, minute), tzinfo=user_zone(user))


def test_a_reminder_is_sent_once_at_the_remind_time_without_names(alice: User) -> None:
    part(alice, choice="dilator")
    _switched_on(alice)
    assert services.send_due_reminders(now=_at(alice, 7, 59)) == 0
    assert services.send_due_reminders(now=_at(alice, 8, 0)) == 1
    assert services.send_due_reminders(now=_at(alice, 8, 15)) == 0
    [message] = mail.outbox
    assert message.subject == "Painwise: 1 session due"
    assert message.to == ["alice@example.org"]
    assert "ilator" not in message.subject + message.body


def test_names_appear_only_when_the_person_allows_them(alice: User) -> None:
    walking = part(alice)
    _switched_on(alice, show_names=True)
    services.send_due_reminders(now=_at(alice, 9))
    assert mail.outbox[0].subject == f"Painwise: {walking.label}"


def test_a_timed_part_is_reminded_at_its_own_time(alice: User) -> None:
    part(alice, time_of_day=dt.time(19, 0))
    _switched_on(alice)
    assert services.send_due_reminders(now=_at(alice, 12)) == 0
    assert services.send_due_reminders(now=_at(alice, 19)) == 1


def test_a_ticked_part_is_not_reminded(alice: User) -> None:
    walking = part(alice)
    _switched_on(alice)
    services.record_tick(part=walking, status="done")
    assert services.send_due_reminders(now=_at(alice, 9)) == 0
    assert not mail.outbox


def test_several_items_go_out_in_one_message_that_counts_them(alice: User) -> None:
    part(alice)
    part(alice, choice="sleep_practice")
    _switched_on(alice)
    services.send_due_reminders(now=_at(alice, 9))
    assert [m.subject for m in mail.outbox] == ["Painwise: 2 items due"]


def test_the_remind_time_is_the_persons_own_local_time(db: None) -> None:
    tokyo = make_user("kenji", timezone_name="Asia/Tokyo")
    part(tokyo)
    _switched_on(tokyo)
    eight_in_tokyo = dt.datetime.combine(local_today(tokyo), dt.time(8), tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert services.send_due_reminders(now=eight_in_tokyo - dt.timedelta(minutes=1)) == 0
    assert services.send_due_reminders(now=eight_in_tokyo) == 1


def test_no_e_mail_is_sent_when_the_server_has_none(alice: User, settings: Settings) -> None:
    part(alice)
    _switched_on(alice)
    settings.EMAIL_CONFIGURED = False
    assert services.send_due_reminders(now=_at(alice, 9)) == 0
    assert not ReminderSent.objects.exists()


def test_reminders_are_off_until_the_person_switches_them_on(alice: User) -> None:
    part(alice)
    assert services.send_due_reminders(now=_at(alice, 9)) == 0
    assert not ReminderSettings.objects.exists()


def test_the_periodic_schedule_queues_the_reminder_job() -> None:
    from painwise.jobs.services import periodic_jobs

    job = next(j for j in periodic_jobs() if j.name == "send_reminders")
    assert job.every == dt.timedelta(minutes=15)
    assert job.task().name == "send_reminders"


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_e_mail_per_due_item() -> None:
    person = make_user("paula")
    part(person)
    part(person, choice="sleep_practice")
    _switched_on(person)
    now = _at(person, 9)
    for _round in range(5):
        ReminderSent.objects.all().delete()
        mail.outbox.clear()
        answers = race(partial(services.send_due_reminders, now=now), partial(services.send_due_reminders, now=now))
        assert not [a for a in answers if isinstance(a, Exception)], answers
        assert sorted(answers) == [0, 2]
        assert len(mail.outbox) == 1
        assert ReminderSent.objects.count() == 2


class _DownMailServer:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pass

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")


def test_a_reminder_that_failed_to_send_is_sent_on_the_next_run(alice: User, settings: Settings) -> None:
    part(alice, choice="exercise")
    _switched_on(alice)
    settings.EMAIL_BACKEND = f"{__name__}._DownMailServer"
    assert services.send_due_reminders(now=_at(alice, 8, 0)) == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.filter(user=alice).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_due_reminders(now=_at(alice, 8, 15)) == 1
    assert services.send_due_reminders(now=_at(alice, 8, 30)) == 0
    [message] = mail.outbox
    assert message.subject == "Painwise: 1 session due"


def test_something_logged_elsewhere_counts_as_done_and_is_not_reminded(alice: User) -> None:
    """A dilator session logged through its programme, a dose of the planned medication and the day's check-in
    show as done in the today list without a tap, and no reminder goes out for them."""
    from painwise.programmes import services as programmes
    from painwise.testing import make_checkin, make_entry, make_medication

    medication = make_medication(alice)
    walking = part(alice, choice="exercise")
    part(alice, kind="programme", choice="dilators")
    part(alice, kind="medication", choice=str(medication.pk))
    part(alice, kind="checkin", choice="checkin")
    _switched_on(alice)
    programmes.start_programme(user=alice, key="dilators")
    programmes.log_session(user=alice, key="dilators", values={"size": 1, "minutes": 15, "discomfort": 2,
                                                                "anxiety": 1})
    make_entry(alice, modality="medication", medication=medication, amount=400, unit="mg")
    make_checkin(alice)
    statuses = {item.kind: item.status for item in services.today_items(user=alice)
                if item.key.startswith("plan:")}
    assert statuses == {"therapy": "due", "programme": "done", "medication": "done", "checkin": "done"}
    assert services.send_due_reminders(now=_at(alice, 8, 0)) == 1
    assert mail.outbox[0].subject == "Painwise: 1 session due"  # only the walk, not yet logged
    make_entry(alice, modality="exercise", duration_minutes=20, details={"kind": "walking"})
    assert {i.status for i in services.today_items(user=alice) if i.key == services.item_key(walking, i.day)} == {
        "done"}
