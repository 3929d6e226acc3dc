"""A person protects their account with an authenticator app, signs in with its code, and keeps a
recovery code for the day the phone is lost."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from painwise.testing import PASSWORD, totp_code
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: ConsolePage) -> None:
    page.click("details.more summary")
    # Wait for the sign-out to finish: the page it starts on also ends with "/", so waiting for a URL
    # shape would return at once and the next visit would abort the sign-out half-way.
    with page.expect_navigation():
        page.click("text=Sign out")
    assert "Sign out" not in page.content()


def enter_password(page: ConsolePage) -> None:
    page.fill("input[name=login]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")


def test_alice_turns_on_an_authenticator_signs_in_with_it_and_uses_a_recovery_code(alice_page: ConsolePage) -> None:
    page = alice_page
    page.goto("/settings/profile/")
    page.click("text=Two-factor authentication")
    page.click("text=Activate")
    # Turning it on needs the password again (someone at an unlocked laptop cannot do it).
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.count() == 1, "the QR code is drawn by the server, not fetched from elsewhere"
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", "123456" if totp_code(secret) != "123456" else "654321")
    page.click("form button[type=submit]")
    assert "Incorrect code" in page.content()
    page.fill("input[name=code]", totp_code(secret))
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    codes = page.input_value("#recovery_codes").split()
    assert len(set(codes)) == 10
    cache.clear()  # a code is accepted only once; signing in within the same 30 seconds needs a fresh one

    sign_out(page)
    page.goto("/accounts/login/")
    enter_password(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", totp_code(secret))
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert "Sign out" in page.content()

    sign_out(page)
    page.goto("/accounts/login/")
    enter_password(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", codes[0])
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)

    page.goto("/settings/activity/")
    log = page.locator("main").inner_text()
    for label in ("Two-factor method turned on", "Two-factor code used", "Signed in",
                  "Signed out"):
        assert label in log
    assert "Recovery codes" in log
    page.goto("/accounts/2fa/")
    assert "9 out of 10 recovery codes left" in page.locator("main").inner_text()
    assert page.console_errors == []
