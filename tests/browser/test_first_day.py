"""The path every new person takes: sign up, log a day and a therapy, see them in the history."""

from __future__ import annotations

import re

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.browser.pages import ConsolePage, attribute_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_person_signs_up_logs_a_day_and_a_therapy_and_sees_them_in_history(
    page: ConsolePage, live_server: LiveServer,
) -> None:
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "carol")
    page.fill("input[name=password1]", "a long enough passphrase 9")
    page.fill("input[name=password2]", "a long enough passphrase 9")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/welcome/"))
    assert "Welcome to Painwise" in page.content()

    page.goto("/checkin/")
    page.click("fieldset:has(legend:text-is('Average pain today')) label:has-text('6')")
    page.click("fieldset:has(legend:text-is('Sleep quality last night')) label:has-text('4')")
    page.click("form.checkin button.primary >> nth=0")
    assert "Saved your check-in" in page.content()

    page.goto("/log/heat_cold/")
    page.select_option("select[name=detail_kind]", "heat")
    page.fill("input[name=duration_minutes]", "20")
    page.click("form button.primary")
    assert "Logged Heat or cold" in page.content()

    page.goto("/history/?days=30")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert "6" in rows.first.inner_text()
    assert "Heat or cold" in page.locator("ul.entries").first.inner_text()
    chart = page.request.get(attribute_of(page.locator("figure.chart img"), "src"))
    assert chart.status == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    assert b"Heat or cold" in chart.body()
    assert page.console_errors == []


def test_a_bad_rating_is_refused_with_the_field_named_and_nothing_saved(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/log/kratom/")
    page.select_option("select[name=detail_form]", "capsule")
    page.fill("input[name=amount]", "500")
    page.select_option("select[name=unit]", "g")
    page.click("form button.primary")
    assert "Nothing was saved" in page.content()
    assert "above the 50 g limit" in page.content()
