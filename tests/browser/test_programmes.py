"""The issue's done-means walk: a new person chooses the vaginismus programme, starts graduated dilators, logs
three comfortable sessions and is offered the next size, logs a painful one and is guided a step back with the
warning signs and kind words, finishes a timed pelvic-floor down-training routine that logs itself, schedules the
dilator sessions in the plan and subscribes to the calendar, whose feed parses with icalendar and holds the next
sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_dilator_session(page: ConsolePage, *, discomfort: str, anxiety: str, painful: bool = False) -> None:
    form = page.locator("form.programme-log")
    form.locator("select[name=size]").select_option("1")
    form.locator("input[name=minutes]").fill("15")
    form.locator("select[name=discomfort]").select_option(discomfort)
    form.locator("select[name=anxiety]").select_option(anxiety)
    if painful:
        form.locator("input[name=pain_quality][value=sharp]").check()
        form.locator("input[name=stopped_early]").check()
        form.locator("select[name=stop_reason]").select_option("pain")
    form.locator("button.primary").click()
    page.wait_for_selector("ul.messages li:has-text('Session saved.')")


def test_vaginismus_programme_dilators_and_a_timed_down_training_routine(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/programmes/")
    page.click("summary:has-text('More: pelvic and sexual health')")  # folded: alice did not choose them yet
    page.click("a:has-text('Vaginismus and pelvic-pain start')")
    page.click("button:has-text('Start this programme')")
    assert "You started Vaginismus and pelvic-pain start" in page.locator("ul.messages").inner_text()
    assert "Be examined by a clinician" in page.content()
    assert page.locator("section.red-flags li").count() >= 3  # the checklist is offered before dilators

    page.click("a:has-text('Open graduated dilators')")
    page.click("button:has-text('Start this programme')")
    for _ in range(3):
        log_dilator_session(page, discomfort="2", anxiety="1")
    suggestion = page.locator("p.suggestion")
    assert suggestion.get_attribute("data-move") == "step_up"
    assert "You could try size 2 next time" in suggestion.inner_text()

    log_dilator_session(page, discomfort="7", anxiety="6", painful=True)
    assert page.locator("p.suggestion").get_attribute("data-move") == "step_back"
    assert "Go back to size 1" in page.locator("p.suggestion").inner_text()
    assert "Bleeding after sex" in page.locator("section.red-flags").inner_text()
    assert "Going back a size is progress too" in page.locator("section.setback").inner_text()

    # The painful session was logged by mistake as size 1: it can be deleted, and the step back goes with it.
    page.locator("section[aria-labelledby=sessions-h] a:has-text('Correct or delete')").first.click()
    assert page.locator("select[name=discomfort]").input_value() == "7"
    page.once("dialog", lambda dialog: dialog.accept())  # "Delete this? It cannot be undone."
    page.click("button:has-text('Delete this session')")
    assert "Deleted your session" in page.locator("ul.messages").inner_text()
    assert page.locator("p.suggestion").get_attribute("data-move") == "step_up"

    page.goto("/programmes/pelvic_floor/")
    page.click("button:has-text('Start this programme')")
    page.goto("/programmes/pelvic_floor/routine/?phase_seconds=1")
    routine = page.locator("[data-routine]")
    assert routine.is_visible()  # the script un-hides it; without JavaScript the written steps remain
    page.click("button[data-routine-toggle]")
    page.wait_for_function("document.querySelector('.routine-phase').textContent.startsWith('Step')")
    page.wait_for_url("**/programmes/pelvic_floor/", timeout=15000)  # logged by itself when it ends
    assert "Session saved." in page.locator("ul.messages").inner_text()
    assert "1 routine finished" in page.locator("p.current-step").inner_text()

    # Schedule the dilator sessions in the plan and subscribe to the calendar.
    page.goto("/programmes/dilators/")
    page.click("a:has-text('Schedule sessions in my plan')")
    assert page.locator("#id_choice").input_value() == "dilators"
    page.fill("#id_time_of_day", "20:00")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/$"))
    page.goto("/")
    today = page.locator("li.today-item", has_text="Graduated dilators")
    assert today.locator(".tick-status").inner_text() == "Done"  # today's sessions are logged already
    page.goto("/programmes/dilators/")
    assert "Next in your plan:" in page.locator("p.plan-link").inner_text()
    page.goto("/plan/calendar/")
    page.click("text=Make a private address")
    feed = page.context.request.get(page.locator("#feed-url").input_value())  # what a calendar app fetches
    assert feed.status == 200
    events = [e for e in Calendar.from_ical(feed.body()).walk("VEVENT") if str(e["uid"]).startswith("plan:")]
    assert len(events) == 42  # every day for six weeks
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0].date() == dt.datetime.now(dt.UTC).date()  # alice's time zone is UTC
    assert {s.strftime("%H:%M") for s in starts} == {"20:00"}
    assert {str(e["summary"]) for e in events} == {"Painwise: 1 session due"}  # no sensitive name
    assert page.console_errors == []


def test_programme_titles_are_targets_of_at_least_24_px_on_a_phone(alice_page: ConsolePage) -> None:
    alice_page.set_viewport_size({"width": 390, "height": 844})
    alice_page.goto("/programmes/")
    titles = alice_page.locator("section.programme-card h2 > a:visible")
    assert titles.count() >= 2
    for index in range(titles.count()):
        box = titles.nth(index).bounding_box()
        assert box is not None
        assert box["height"] >= 24, (titles.nth(index).inner_text(), box)


def test_a_routine_finished_offline_is_saved_when_the_connection_is_back(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/programmes/pelvic_floor/")
    page.click("button:has-text('Start this programme')")
    page.goto("/programmes/pelvic_floor/routine/?phase_seconds=1")
    page.context.set_offline(True)
    page.click("button[data-routine-toggle]")
    page.wait_for_selector(".pacer-label:has-text('You are offline')", timeout=15000)
    assert "/routine/" in page.url  # nothing was posted while offline
    page.context.set_offline(False)
    page.wait_for_url("**/programmes/pelvic_floor/", timeout=15000)
    assert "Session saved." in page.locator("ul.messages").inner_text()
    assert "1 routine finished" in page.locator("p.current-step").inner_text()
