"""A new person on a phone: sign up, the welcome fills country and time zone from the browser, then the check-in."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.pages import ConsolePage, open_console_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 9"


@pytest.fixture
def berlin_page(browser: Browser, live_server: LiveServer) -> Iterator[ConsolePage]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url,
                                  locale="de-DE", timezone_id="Europe/Berlin")
    page = open_console_page(context)
    yield page
    page.wait_for_load_state("networkidle")
    context.close()


def test_a_new_person_is_welcomed_in_three_steps_with_their_place_guessed(berlin_page: ConsolePage) -> None:
    from django.contrib.auth import get_user_model

    from painwise.accounts.services import profile_of

    page = berlin_page
    page.goto("/accounts/signup/")
    assert page.locator("select[name=country]").input_value() == "DE"  # from the browser's time zone
    page.fill("input[name=username]", "dana")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url("**/welcome/")
    assert page.locator("select[name=timezone]").input_value() == "Europe/Berlin"
    assert page.locator("#country-guess").is_visible()
    page.click("button:has-text('Next')")

    page.wait_for_url("**/welcome/conditions/")
    page.check("input[value=pelvic_pain]")
    page.check("input[name=show_sexual_health]")
    page.click("button:has-text('Next')")

    page.wait_for_url("**/welcome/logging/")
    assert "What helps me" in page.locator("main").inner_text()
    page.click("button:has-text('Finish and log today')")
    page.wait_for_url(re.compile(r"/checkin/"))

    profile = profile_of(get_user_model().objects.get(username="dana"))
    assert (profile.country, profile.timezone, profile.conditions, profile.show_sexual_health) == (
        "DE", "Europe/Berlin", ["pelvic_pain"], True)
    page.goto("/log/")
    assert page.locator("h2:has-text('Pelvic and sexual health')").is_visible()
    assert page.console_errors == []


def test_the_welcome_works_without_javascript(browser: Browser, live_server: LiveServer, alice: User) -> None:
    from painwise.testing import PASSWORD as ALICE_PASSWORD
    from tests.browser.conftest import sign_in

    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    sign_in(page, alice.username, ALICE_PASSWORD)
    page.goto("/welcome/")
    assert page.locator("select[name=timezone]").input_value() == ""  # nothing guessed: the person picks
    page.select_option("select[name=country]", "GB")
    page.select_option("select[name=timezone]", "Europe/London")
    page.click("button:has-text('Next')")
    page.wait_for_url("**/welcome/conditions/")
    context.close()
