"""A person with a simulated year of diary opens "What helps me" and reads what goes with better days."""

from __future__ import annotations

import re

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import sign_in
from tests.browser.pages import ConsolePage, attribute_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long demo passphrase 7"


def test_a_person_with_a_diary_reads_sentences_in_points_sees_the_chart_and_sets_a_meaningful_difference(
    page: ConsolePage, live_server: LiveServer
) -> None:
    from painwise.demo_account import create_demo_account

    create_demo_account(username="dana", password=PASSWORD, days=365, seed=7)
    sign_in(page, "dana", PASSWORD)
    page.click("nav[aria-label=Main] a:text-is('What helps me')")
    page.wait_for_url(re.compile(r"/insights/"))
    assert page.locator("h1").inner_text() == "What helps me"
    assert "A pattern in your diary, not proof." in page.content()

    section = page.locator("section.insights").first
    assert section.locator("h2").inner_text() == "Your average pain"
    section.locator("details.outcome > summary").click()
    section.locator("summary:has-text('Probably little difference for you')").click()
    rows = section.locator("ul.findings li, ul.little-difference li")
    assert rows.last.is_visible()
    sentences = rows.all_inner_texts()
    assert sentences
    assert all(re.search(r"\d\.\d points", s) and "likely between" in s for s in sentences)

    chart = page.request.get(attribute_of(section.locator("figure.chart img"), "src"))
    assert chart.status == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    section.locator("figure.chart img").scroll_into_view_if_needed()  # loaded lazily, once the fold is open
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=section.locator("figure.chart img").element_handle())

    page.goto("/insights/?outcome=pain_average")
    page.check("input[name=mode][value=points]")
    page.select_option("select[name=points]", "0.5")
    page.click("section.meaningful-difference button.primary")
    assert "Saved your meaningful difference" in page.content()
    assert "which is 0.5 points of average pain" in page.content()
    page.locator("section.insights").first.locator("details.outcome > summary").click()
    assert "strong sign it helps" in page.locator("section.insights").first.inner_text().lower()
    assert page.console_errors == []
