"""A person fills in validated questionnaires on a phone-sized screen and reads their score."""

from __future__ import annotations

import re

import pytest

from painwise.instruments.catalog import catalogue
from tests.browser.pages import ConsolePage, attribute_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELF_REPORT = sorted(key for key, i in catalogue().items() if i.audience == "self_report")


def choose(page: ConsolePage, item_id: str, value: int) -> None:
    """Tap the answer (its label) with weight ``value`` for question ``item_id``."""
    page.locator(f"input[name={item_id}][value='{value}']").locator("xpath=..").click()


def answer_every_question(page: ConsolePage, instrument_id: str) -> None:
    instrument = catalogue()[instrument_id]
    for item in instrument.items:
        # The highest weight: it opens a gate question (PC-PTSD-5, AUDIT-C) rather than closing it.
        choose(page, item.id, max(item.values) if instrument.gate else item.values[0])


def test_each_shipped_questionnaire_can_be_completed_and_scored(alice_page: ConsolePage) -> None:
    page = alice_page
    for instrument_id in SELF_REPORT:
        instrument = catalogue()[instrument_id]
        page.goto(f"/questionnaires/{instrument_id}/")
        assert instrument.licence.notice in page.locator("p.licence").inner_text()
        answer_every_question(page, instrument_id)
        page.click("button[name=finish]")
        page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
        assert "Your score:" in page.locator("section.score h2").inner_text(), instrument_id
    assert page.console_errors == []


def test_peg_score_band_trend_chart_and_change_since_last_time(alice_page: ConsolePage) -> None:
    page = alice_page
    for values in ((8, 7, 6), (5, 4, 3)):
        page.goto("/questionnaires/peg/")
        for item_id, value in zip(("peg_pain", "peg_enjoyment", "peg_activity"), values, strict=True):
            choose(page, item_id, value)
        page.click("button[name=finish]")
        page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Your score: 4" in page.locator("section.score h2").inner_text()
    assert "From 7 to 4: -3 points (-42.9 %), better." in page.content()
    chart = page.request.get(attribute_of(page.locator("figure.chart img"), "src"))
    assert chart.headers["content-type"] == "image/svg+xml"
    assert page.locator("table.list tbody tr").count() == 2


def test_a_half_finished_questionnaire_is_kept_as_a_draft_without_a_score(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/questionnaires/gad7/")
    choose(page, "gad7_1", 2)
    page.click("button[name=save_draft]")
    assert "It has no score yet" in page.content()
    page.goto("/questionnaires/gad7/")
    assert "Continuing your draft" in page.content()
    assert page.locator("input[name=gad7_1][value='2']").is_checked()


def test_a_skipped_question_gives_no_total_and_the_reason(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/questionnaires/gad2/")
    choose(page, "gad2_1", 1)
    page.click("button[name=finish]")
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "No total for these answers" in page.content()
    assert "Question 2 not answered." in page.content()


def test_the_home_page_lists_questionnaires_due_and_the_schedule_can_switch_one_off(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/")
    due = page.locator("section.due")
    assert "PHQ-9" in due.inner_text()
    page.click("text=Change or switch off reminders")
    page.locator("input[name=phq9-enabled]").uncheck()
    page.click("form button.primary")
    assert "Saved your questionnaire schedule" in page.content()
    page.goto("/")
    assert "PHQ-9" not in page.locator("section.due").inner_text()


def test_cows_appears_only_in_clinician_mode(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/questionnaires/")
    assert "COWS" not in page.content()
    page.goto("/questionnaires/schedule/")
    page.locator("input[name=clinician_mode]").check()
    page.click("form button.primary")
    page.goto("/questionnaires/cows/")
    answer_every_question(page, "cows")
    page.click("button[name=finish]")
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Below the mild range" in page.content()
