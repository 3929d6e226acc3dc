"""Two-factor sign-in (allauth MFA): turning on an authenticator app, signing in with its code or a
recovery code, wrong codes, and who may open the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from painwise.audit.models import AuditEntry
from painwise.core.types import User
from painwise.testing import PASSWORD, confirm_password, totp_code

ACTIVATE = "/accounts/2fa/totp/activate/"
CODES = "/accounts/2fa/recovery-codes/"


@pytest.fixture(autouse=True)
def fresh_rate_limits(db: None) -> Iterator[None]:
    """Rate-limit counters live in the cache, which outlives a test: start each test with none."""
    cache.clear()
    yield
    cache.clear()


def turn_on_totp(client: Client) -> str:
    """Turn on the authenticator app as a person would; returns the secret the page showed."""
    confirm_password(client)
    page = client.get(ACTIVATE).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert secret is not None, "the page shows the secret for typing in by hand"
    response = client.post(ACTIVATE, {"code": totp_code(secret.group(1))})
    assert response.status_code == 302
    cache.clear()  # allauth refuses a code twice; the next sign-in would otherwise reuse this one
    return secret.group(1)


def sign_in(client: Client, username: str) -> Any:
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def test_the_activation_page_asks_for_the_password_first(alice_client: Client) -> None:
    response = alice_client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_the_qr_code_is_drawn_on_the_server_as_an_inline_image(alice_client: Client) -> None:
    confirm_password(alice_client)
    page = alice_client.get(ACTIVATE).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    images = re.findall(r'<img[^>]*src="([^"]+)"', page)
    assert images, "the page shows the QR code"
    assert all(src.startswith(("data:", "/")) for src in images), "no image comes from another site"
    assert "<script>" not in page, "no inline script the CSP would block"
    assert 'style="' not in page


def test_after_turning_on_totp_signing_in_asks_for_a_code(alice_client: Client, alice: User) -> None:
    secret = turn_on_totp(alice_client)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    browser = Client()
    response = sign_in(browser, "alice")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in browser.session  # the password alone does not sign in
    response = browser.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(alice.pk)


def test_a_wrong_code_is_refused_clearly_and_logged(alice_client: Client, alice: User) -> None:
    turn_on_totp(alice_client)
    browser = Client()
    sign_in(browser, "alice")
    response = browser.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in browser.session
    assert AuditEntry.objects.filter(user=alice, event="mfa_failed").count() == 1


def test_wrong_codes_count_towards_the_sign_in_rate_limit(alice_client: Client, alice: User) -> None:
    secret = turn_on_totp(alice_client)
    browser = Client()
    sign_in(browser, "alice")
    for _ in range(6):
        response = browser.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Too many failed" in response.content.decode()
    response = browser.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert "_auth_user_id" not in browser.session, "even the right code waits once the limit is reached"


def test_a_recovery_code_signs_in_once_and_never_again(alice_client: Client, alice: User) -> None:
    turn_on_totp(alice_client)
    codes = re.findall(r"\b\d{8}\b", alice_client.get(CODES).content.decode())
    assert len(set(codes)) == 10
    first = Client()
    sign_in(first, "alice")
    first.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert first.session["_auth_user_id"] == str(alice.pk)
    again = Client()
    sign_in(again, "alice")
    response = again.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert "_auth_user_id" not in again.session
    assert "Incorrect code" in response.content.decode()


def test_turning_two_factor_on_shows_in_the_activity_log(
    alice_client: Client, alice: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # allauth announces it once the change is committed
        turn_on_totp(alice_client)
    events = set(AuditEntry.objects.filter(user=alice).values_list("event", flat=True))
    assert "mfa_added" in events


@pytest.mark.parametrize("url", ["/accounts/2fa/", ACTIVATE, CODES])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_person_sees_only_their_own_two_factor_settings(
    alice_client: Client, bob_client: Client, alice: User,
) -> None:
    turn_on_totp(alice_client)
    assert "<strong>On.</strong>" in alice_client.get("/accounts/2fa/").content.decode()
    page = bob_client.get("/accounts/2fa/").content.decode()
    assert "<strong>Off.</strong>" in page
    assert bob_client.get(CODES).status_code in (302, 404)  # nothing to show: bob has no codes
