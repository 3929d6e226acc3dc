"""A person who lists PTSD turns the trauma-aware track on, answers today's brief check, logs closeness that
did not feel safe and is met with support (never a nudge to try again), uses the breathing pacer with
distress rated before and after and sees the change in her tool summary, then fills in the PCL-5 the track
scheduled, and a positive score leads her to the trauma-focused therapy page."""

from __future__ import annotations

import re

import pytest

from painwise.core.types import User
from painwise.instruments.catalog import catalogue
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_pcl5_positively(page: ConsolePage) -> None:
    """"Quite a bit" (3) to every PCL-5 question but item 16 (2: above it opens the crisis screen): 59 points."""
    for item in catalogue()["pcl5"].items:
        value = 2 if item.id == "pcl5_16" else 3
        page.locator(f"input[name={item.id}][value='{value}']").locator("xpath=..").click()


def test_the_track_from_switching_on_to_the_breathing_tool(alice_page: ConsolePage, alice: User) -> None:
    from painwise.accounts.services import update_profile

    update_profile(user=alice, values={"conditions": ["ptsd"]})
    page = alice_page
    page.goto("/")
    page.click("a:has-text('Read about it')")
    assert "No study shows that sex or intimacy prevents or treats PTSD" in page.content()
    page.click("button:has-text('Turn the track on')")
    assert "The track is on." in page.locator("ul.messages").inner_text()
    page.goto("/")
    due = page.content()
    assert "PCL-5" in due  # the track scheduled both, due at once
    assert "PC-PTSD-5" in due
    page.click("a:has-text(\"Today's brief check\")")

    page.select_option("select[name=intrusions]", "2")
    page.select_option("select[name=nightmare_sleep]", "3")
    page.click("button:has-text(\"Save today's check\")")
    assert "Today's check is saved." in page.locator("ul.messages").inner_text()

    page.goto("/checkin/")  # the same items, folded inside the check-in form
    page.click("summary:has-text('Your own track (optional)')")
    assert page.locator("select[name='trauma-intrusions']").input_value() == "2"
    page.select_option("select[name='trauma-avoidance']", "1")
    page.click("form.checkin button:has-text('Save')")
    saved = page.locator("ul.messages").inner_text()
    assert "Saved your check-in" in saved
    assert "brief check" not in saved  # the form asked; no pointer to ask again elsewhere

    page.goto("/log/intimacy/")
    page.select_option("select[name=detail_kind]", "cuddling")
    page.select_option("select[name=detail_felt_wanted_safe]", "no")
    page.click("form button.primary")
    notice = page.locator("ul.messages li.caution")
    assert "Thank you for noting this" in notice.inner_text()
    assert "again" not in page.locator("ul.messages").inner_text().lower()
    notice.locator("a:has-text('Read more')").click()
    page.wait_for_url("**/trauma/support/")
    assert page.locator("a.button.call").count() >= 1  # a crisis line, one tap away
    assert "Prolonged Exposure (PE)" in page.content()

    page.goto("/trauma/tools/paced_breathing/")
    pacer = page.locator("[data-pacer]")
    assert pacer.is_visible()  # the script un-hides it; without JavaScript the written steps remain
    page.click("button[data-pacer-toggle]")
    page.wait_for_function("document.querySelector('.pacer-label').textContent.startsWith('Breathe')")
    page.click("button[data-pacer-toggle]")
    page.select_option("select[name=before]", "8")
    page.select_option("select[name=after]", "5")
    page.click("form.trauma-tool button.primary")
    page.wait_for_url("**/trauma/tools/")
    row = page.locator("tr:has-text('Paced breathing')")
    assert "-3.0" in row.inner_text()

    page.goto("/questionnaires/pcl5/")
    answer_pcl5_positively(page)
    page.click("button[name=finish]")
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Your score: 59" in page.locator("section.score h2").inner_text()
    page.goto("/trauma/")
    assert "Your last PCL-5 suggests PTSD symptoms" in page.locator("section.notice").inner_text()
    page.click("a:has-text('What helps and how to find it')")
    page.wait_for_url("**/trauma/support/")
    for therapy in ("Prolonged Exposure (PE)", "Cognitive Processing Therapy (CPT)", "EMDR"):
        assert therapy in page.content()

    page.goto("/settings/profile/")
    assert page.locator("button:has-text('Turn the track off')").is_visible()
    assert page.console_errors == []
