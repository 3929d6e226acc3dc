"""The calendar: the .ics parses back with icalendar and holds the next sessions; the private feed URL works
only with its current token and leaks nothing without it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.plan import services
from painwise.plan.ics import plan_calendar
from painwise.plan.tests.helpers import part

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_the_calendar_holds_the_next_sessions_with_private_titles(alice: User) -> None:
    start = local_today(alice)
    dilators = part(alice, choice="dilator", schedule="every", every_days=3, start_date=start,
                    time_of_day=dt.time(19, 0))
    events = [e for e in _events(plan_calendar(user=alice)) if str(e["uid"]).startswith("plan:")]
    assert [e.decoded("dtstart").date() for e in events] == [start + dt.timedelta(days=3 * k) for k in range(14)]
    assert {str(e["uid"]) for e in events} == {services.item_key(dilators, e.decoded("dtstart").date())
                                               for e in events}
    assert {str(e["summary"]) for e in events} == {"Painwise: 1 session due"}
    assert b"ilator" not in plan_calendar(user=alice)
    alarm = next(iter(events[0].walk("VALARM")))
    assert str(alarm["action"]) == "DISPLAY"


def test_names_show_in_the_calendar_only_when_allowed(alice: User) -> None:
    dilators = part(alice, choice="dilator")
    services.update_reminder_settings(user=alice, values={"show_names": True})
    summaries = {str(e["summary"]) for e in _events(plan_calendar(user=alice))}
    assert str(dilators.label) in summaries
    assert "Painwise: 1 session due" not in summaries


def test_an_untimed_part_is_an_all_day_event(alice: User) -> None:
    part(alice)
    event = next(e for e in _events(plan_calendar(user=alice)) if str(e["uid"]).startswith("plan:"))
    assert event.decoded("dtstart") == local_today(alice)


def test_the_feed_url_works_until_regenerated_or_revoked(client: Client, alice: User) -> None:
    part(alice)
    token = services.new_feed_token(user=alice)
    url = reverse("plan:feed", args=[token])
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    assert _events(answer.content)

    newer = services.new_feed_token(user=alice)
    old = client.get(url)
    assert (old.status_code, old.content) == (404, b"Not found.")
    assert client.get(reverse("plan:feed", args=[newer])).status_code == 200
    services.revoke_feed(user=alice)
    assert client.get(reverse("plan:feed", args=[newer])).status_code == 404


@pytest.mark.parametrize("token", ["cal_nope", "nope", "cal_" + "x" * 200, ""])
def test_an_unknown_feed_token_is_a_bare_404(client: Client, alice: User, token: str) -> None:
    part(alice, note="Zq note")
    services.new_feed_token(user=alice)
    url = f"/plan/feed/{token}.ics"
    answer = client.get(url)
    assert answer.status_code == 404
    assert b"VEVENT" not in answer.content
    assert b"Zq" not in answer.content


def test_only_the_hash_of_the_feed_token_is_stored(alice: User) -> None:
    token = services.new_feed_token(user=alice)
    from painwise.plan.models import CalendarFeed

    assert token not in CalendarFeed.objects.get().token_hash


def test_the_calendar_page_shows_a_new_address_once(alice_client: Client) -> None:
    alice_client.post(reverse("plan:calendar_new"))
    first = alice_client.get(reverse("plan:calendar")).content.decode()
    assert "/plan/feed/cal_" in first
    assert "/plan/feed/cal_" not in alice_client.get(reverse("plan:calendar")).content.decode()
    alice_client.post(reverse("plan:calendar_revoke"))
    assert "Make a private address" in alice_client.get(reverse("plan:calendar")).content.decode()


def test_the_download_is_an_ics_attachment(alice_client: Client, alice: User) -> None:
    part(alice)
    answer = alice_client.get(reverse("plan:calendar_download"))
    assert answer["Content-Disposition"] == 'attachment; filename="painwise-plan.ics"'
    assert _events(answer.content)
