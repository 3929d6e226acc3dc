"""Failed sign-ins and failed API tokens lock out, counted in the database cache that every process shares."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from pytest_django.fixtures import Settings

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.exchange.tests.files import json_file
from painwise.testing import confirm_password

LOGIN = "/accounts/login/"
PASSWORD = "correct horse battery"


def _sign_in(client: Client, username: str, password: str, **meta: Any) -> Any:
    return client.post(LOGIN, {"login": username, "password": password}, **meta)


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


@pytest.fixture
def carol(db: None) -> User:
    from painwise.accounts.services import create_user

    return create_user(username="carol", password=PASSWORD)


def test_five_wrong_passwords_lock_the_account_for_every_client_and_process(carol: User) -> None:
    first, second = Client(), Client()
    for _ in range(5):
        assert not _signed_in(_sign_in(first, "carol", "wrong password", REMOTE_ADDR="203.0.113.1"))

    # Another browser from another address, the right password: still refused for now.
    response = _sign_in(second, "carol", PASSWORD, REMOTE_ADDR="203.0.113.2")
    assert not _signed_in(response)
    assert "Too many failed login attempts" in response.content.decode()
    # The counts live in the shared table: a cache object of its own (as in another process) reads them.
    other_process = DatabaseCache("painwise_cache", {})
    failures = [other_process.get(key) for key in _stored_keys() if ":login_failed:" in key]
    # Five for the first address and five for the account name; the refused try of the second address once.
    assert sorted(len(history) for history in failures) == [1, 5, 5]


def _stored_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM painwise_cache")
        return [row[0].removeprefix(":1:") for row in cursor.fetchall()]


def test_a_right_password_before_the_limit_still_signs_in(carol: User) -> None:
    client = Client()
    for _ in range(4):
        _sign_in(client, "carol", "wrong password")
    assert _signed_in(_sign_in(client, "carol", PASSWORD))


def test_a_made_up_x_forwarded_for_does_not_give_a_fresh_count(carol: User, settings: Settings) -> None:
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.5"),)
    client = Client()
    # Ten failures against ten different accounts use up the per-address limit (10 a minute).
    for number in range(10):
        _sign_in(client, f"nobody{number}", "guess", REMOTE_ADDR="203.0.113.9")

    spoofed = _sign_in(client, "carol", PASSWORD, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert not _signed_in(spoofed)
    # The same header from the trusted proxy is believed: that visitor has a count of their own.
    proxied = _sign_in(Client(), "carol", PASSWORD, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _signed_in(proxied)


def test_failed_api_tokens_lock_out_that_address_even_for_a_good_token(alice: User) -> None:
    _, good = create_api_token(user=alice, name="script")
    client = Client()
    answers = [client.get("/api/v1/checkins", HTTP_AUTHORIZATION="Bearer pw_wrong", REMOTE_ADDR="203.0.113.9")
               for _ in range(11)]

    assert [a.status_code for a in answers] == [401] * 10 + [429]
    assert client.get("/api/v1/checkins", HTTP_AUTHORIZATION=f"Bearer {good}",
                      REMOTE_ADDR="203.0.113.9").status_code == 429
    assert Client().get("/api/v1/checkins", HTTP_AUTHORIZATION=f"Bearer {good}",
                        REMOTE_ADDR="203.0.113.10").status_code == 200


def test_imports_and_exports_are_limited_per_person(
    alice_client: Client, bob_client: Client, settings: Settings,
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "import": "2/h/user", "export": "2/h/user"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(day: str) -> Any:
        return SimpleUploadedFile("d.json", json_file(checkins=[{"day": day}]), "application/json")

    imports = [alice_client.post("/api/v1/import", data={"file": upload(f"2026-01-0{n}")}) for n in (1, 2, 3)]
    confirm_password(alice_client)
    confirm_password(bob_client)
    exports = [alice_client.get("/data/export/json/") for _ in range(3)]

    assert [r.status_code for r in imports] == [200, 200, 429]
    assert [r.status_code for r in exports] == [200, 200, 429]
    assert "Please wait a little" in exports[-1].content.decode()
    assert bob_client.get("/api/v1/export").status_code == 200


def test_a_good_token_is_not_refused_while_the_failed_token_count_is_locked(alice: User) -> None:
    # A process killed with SIGKILL while counting leaves allauth's short cache lock behind for seconds; a
    # good token's request only looks at the count and must not wait for that lock or be refused.
    from allauth.core.internal import ratelimit
    from django.core.cache import cache
    from django.test import RequestFactory

    _, good = create_api_token(user=alice, name="script")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.20")
    for rate in ratelimit.get_rates(app="allauth.account", action="api_token_failed"):
        key = ratelimit.get_cache_key(request, app="allauth.account", action="api_token_failed", rate=rate)
        cache.set(f"{key}:lock", True, timeout=30)

    answer = Client().get("/api/v1/checkins", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="203.0.113.20")
    assert answer.status_code == 200
