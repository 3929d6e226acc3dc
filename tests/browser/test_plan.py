"""Build a plan, see today's list on the home page, tick an item in one tap, download and subscribe to the
calendar (the feed parses with icalendar and holds the next sessions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from painwise.core.types import User
from painwise.plan.models import PlanTick
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_a_plan_tick_today_and_subscribe_to_the_calendar(alice_page: ConsolePage, alice: User) -> None:
    page = alice_page
    page.goto("/plan/")
    page.fill("#id_text", "walk to the shop")
    page.click("text=Add the goal")
    page.wait_for_url(re.compile(r"/plan/$"))
    page.click("text=A therapy or practice")
    page.select_option("#id_choice", label="Exercise or movement")
    page.fill("#id_time_of_day", "18:30")
    page.select_option("#id_suggested_by", "physiotherapist")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/$"))
    plan = page.locator("main").inner_text()
    assert "walk to the shop" in plan
    assert "every day at 18:30" in plan

    page.goto("/")
    item = page.locator("li.today-item", has_text="Exercise or movement")
    assert "Today in your plan" in page.locator("main").inner_text()
    item.get_by_role("button", name="Done", exact=True).click()  # htmx swaps the item in place
    done = page.locator("li.today-item", has_text="Exercise or movement")
    done.locator(".tick-status").wait_for()
    assert done.locator(".tick-status").inner_text() == "Done"
    assert page.url.endswith("/")
    assert PlanTick.objects.get().status == "done"

    page.goto("/plan/calendar/")
    with page.expect_download() as download:
        page.click("text=Download the next six weeks")
    downloaded = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert len([e for e in downloaded.walk("VEVENT") if str(e["uid"]).startswith("plan:")]) == 42

    page.click("text=Make a private address")
    feed_url = page.locator("#feed-url").input_value()
    assert "/plan/feed/cal_" in feed_url
    feed = page.context.request.get(feed_url)  # what a calendar app fetches (the token is the key; see test_calendar)
    assert feed.status == 200
    events = [e for e in Calendar.from_ical(feed.body()).walk("VEVENT") if str(e["uid"]).startswith("plan:")]
    assert events[0].decoded("dtstart").strftime("%H:%M") == "18:30"  # alice's time zone is UTC
    assert {str(e["summary"]) for e in events} == {"Painwise: 1 session due"}
    page.click("text=Turn the address off")
    assert page.context.request.get(feed_url).status == 404
    assert page.console_errors == []
