"""PHQ-9 item 9 above zero, or left blank, brings up a crisis screen that cannot be skipped."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, BrowserContext
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_phq9(page: ConsolePage, answers: list[int | None]) -> None:
    page.goto("/questionnaires/phq9/")
    for number, value in enumerate(answers, start=1):
        if value is not None:
            page.locator(f"input[name=phq9_{number}][value='{value}']").locator("xpath=..").click()
    page.click("button[name=finish]")


def test_item9_above_zero_shows_the_crisis_screen_that_needs_acknowledgement(alice_page: ConsolePage) -> None:
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


def test_item9_left_blank_shows_the_crisis_screen(alice_page: ConsolePage) -> None:
    page = alice_page
    fill_phq9(page, [1, 1, 1, 1, 1, 1, 1, 1, None])
    page.wait_for_url(re.compile(r"/safety/crisis/\d+/"))
    assert "You don't have to face this alone" in page.locator("h1").inner_text()
    page.locator("input[name=acknowledged]").check()
    page.click("form button.primary")
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Question 9 not answered." in page.content()


def test_item9_not_at_all_shows_no_crisis_screen(alice_page: ConsolePage) -> None:
    page = alice_page
    fill_phq9(page, [3, 3, 3, 3, 3, 3, 3, 3, 0])
    page.wait_for_url(re.compile(r"/questionnaires/responses/\d+/"))
    assert "Severe" in page.content()


def test_a_red_flag_ticked_in_the_browser_gives_emergency_guidance(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/safety/red-flags/?context=any_pain")
    page.locator("input[name=checked][value=thunderclap_headache]").check()
    page.click("form button.primary")
    page.wait_for_url(re.compile(r"/safety/events/\d+/"))
    assert "Get emergency help now" in page.locator("h1").inner_text()


# --- Issue 8: a crisis screen always shows a number to call --------------------------------------------


def _context_page(
    browser: Browser, live_server: LiveServer, **options: Any,
) -> tuple[BrowserContext, ConsolePage]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, **options)
    page = cast("ConsolePage", context.new_page())
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    return context, page


def test_someone_without_a_country_gets_112_and_911_and_is_asked_for_it(alice_page: ConsolePage, alice: User) -> None:
    from painwise.accounts.services import update_profile

    update_profile(user=alice, values={"country": "ZZ"})
    page = alice_page
    fill_phq9(page, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    page.wait_for_url(re.compile(r"/safety/crisis/\d+/"))
    assert page.locator("a[href='tel:112']").count() == 1
    assert page.locator("a[href='tel:911']").count() == 1
    assert "findahelpline.com" in page.content()
    page.click("text=Set my country")
    page.wait_for_url(re.compile(r"/settings/profile/"))
    assert page.console_errors == []


def test_a_french_profile_gets_3114_on_the_crisis_screen(alice_page: ConsolePage, alice: User) -> None:
    from painwise.accounts.services import update_profile

    update_profile(user=alice, values={"country": "FR"})
    fill_phq9(alice_page, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    alice_page.wait_for_url(re.compile(r"/safety/crisis/\d+/"))
    assert alice_page.locator("a[href='tel:3114']").count() == 1


def test_a_checkin_note_about_self_harm_saves_and_shows_the_lines_once(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/checkin/")
    page.click("summary:text('Activities and notes')")
    page.fill("textarea[name=notes]", "Rough night. I just want to end it all.")
    page.click("form.checkin button.primary >> nth=0")
    messages = page.locator("ul.messages").inner_text()
    assert "Saved your check-in" in messages
    assert "If things feel too much" in messages
    assert "988" in messages
    page.goto("/")
    assert "If things feel too much" not in page.content()
    assert page.console_errors == []


def test_signup_prefills_the_country_from_the_time_zone(browser: Browser, live_server: LiveServer) -> None:
    context, page = _context_page(browser, live_server, timezone_id="Europe/Paris", locale="fr-FR")
    page.goto("/accounts/signup/")
    page.wait_for_function("document.querySelector('select[name=country]').value !== ''")
    assert page.locator("select[name=country]").input_value() == "FR"
    assert page.locator("#country-guess").is_visible()
    page.fill("input[name=username]", "dora")
    page.fill("input[name=password1]", "a long enough passphrase 9")
    page.fill("input[name=password2]", "a long enough passphrase 9")
    page.click("form.signup button[type=submit]")
    page.wait_for_url(re.compile(r"/welcome/"))  # sign-up now leads to the three-step welcome
    page.goto("/safety/help/")
    assert page.locator("a[href='tel:3114']").count() == 1
    assert page.console_errors == []
    context.close()


def test_signup_without_javascript_asks_for_the_country(browser: Browser, live_server: LiveServer) -> None:
    context, page = _context_page(browser, live_server, java_script_enabled=False, timezone_id="UTC", locale="en")
    page.goto("/accounts/signup/")
    assert page.locator("select[name=country]").input_value() == ""
    page.fill("input[name=username]", "eli")
    page.fill("input[name=password1]", "a long enough passphrase 9")
    page.fill("input[name=password2]", "a long enough passphrase 9")
    page.click("form.signup button[type=submit]")
    assert "Please choose your country" in page.content()
    page.select_option("select[name=country]", "NZ")
    page.fill("input[name=password1]", "a long enough passphrase 9")
    page.fill("input[name=password2]", "a long enough passphrase 9")
    page.click("form.signup button[type=submit]")
    page.wait_for_url(re.compile(r"/welcome/"))  # sign-up now leads to the three-step welcome
    context.close()
