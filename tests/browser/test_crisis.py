"""PHQ-9 item 9 above zero, or left blank, brings up a crisis screen that cannot be skipped."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_phq9(page: Any, answers: list[int | None]) -> None:
    page.goto("/questionnaires/phq9/")
    for number, value in enumerate(answers, start=1):
        if value is not None:
            page.locator(f"input[name=phq9_{number}][value='{value}']").locator("xpath=..").click()
    page.click("button[name=finish]")


def test_item9_above_zero_shows_the_crisis_screen_that_needs_acknowledgement(alice_page):
    page = alice_page
    fill_phq9(page, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    page.wait_for_url(re.compile(r"/safety/crisis/\d+/"))
    crisis = page.locator("[role=alertdialog]")
    assert "You don't have to face this alone" in crisis.inner_text()
    assert page.locator("a[href='tel:988']").count() == 1
    assert "tell your own doctor" in crisis.inner_text()
    assert page.console_errors == []

    page.click("form button.primary")  # Continue without ticking the box
    assert "Please tick the box to continue." in page.content()
    page.goto("/questionnaires/")
    assert re.search(r"/safety/crisis/\d+/", page.url)

    page.locator("input[name=acknowledged]").check()
    page.click("form button.primary")
    page.wait_for_url(re.compile(r"/questionnaires/"))
    page.goto("/safety/events/")
    assert "Crisis screen" in page.locator("table.list").inner_text()


def test_item9_left_blank_shows_the_crisis_screen(alice_page):
    page = alice_page
    fill_phq9(page, [1, 1, 1, 1, 1, 1, 1, 1, None])
    page.wait_for_url(re.compile(r"/safety/crisis/\d+/"))
    assert "You don't have to face this alone" in page.locator("h1").inner_text()
    page.locator("input[name=acknowledged]").check()
    page.click("form button.primary")
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Question 9 not answered." in page.content()


def test_item9_not_at_all_shows_no_crisis_screen(alice_page):
    page = alice_page
    fill_phq9(page, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Severe" in page.content()


def test_a_red_flag_ticked_in_the_browser_gives_emergency_guidance(alice_page):
    page = alice_page
    page.goto("/safety/red-flags/?context=any_pain")
    page.locator("input[name=checked][value=thunderclap_headache]").check()
    page.click("form button.primary")
    page.wait_for_url(re.compile(r"/safety/events/\d+/"))
    assert "Get emergency help now" in page.locator("h1").inner_text()
