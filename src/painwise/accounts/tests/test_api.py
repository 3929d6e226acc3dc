"""The account API: who I am, my profile, my personal tokens, and how scripts and browsers sign in."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from painwise.accounts.models import ApiToken
from painwise.accounts.services import create_api_token, profile_of, revoke_api_token
from painwise.core.types import User
from painwise.testing import PASSWORD, confirm_password, fields_named, send

ME = "/api/v1/me"
PROFILE = "/api/v1/me/profile"
TOKENS = "/api/v1/tokens"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_shows_my_username_and_profile_settings(alice_client: Client, alice: User) -> None:
    body = send(alice_client, "get", ME).json()
    assert body["username"] == "alice"
    assert body["profile"]["country"] == "US"
    assert body["profile"]["timezone"] == "UTC"
    assert {"region", "conditions", "track_cycle", "mcid_mode", "mcid_points"} <= set(body["profile"])


def test_profile_patch_changes_only_the_fields_sent(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "patch", PROFILE, {"timezone": "Europe/Berlin", "track_cycle": True})
    assert response.status_code == 200
    alice.profile.refresh_from_db()
    profile = profile_of(alice)
    assert (profile.timezone, profile.track_cycle, profile.country) == ("Europe/Berlin", True, "US")


def test_profile_patch_with_unknown_time_zone_names_the_field_and_saves_nothing(
    alice_client: Client, alice: User,
) -> None:
    response = send(alice_client, "patch", PROFILE, {"timezone": "Mars/Olympus", "track_cycle": True})
    assert response.status_code == 422
    assert fields_named(response) == {"timezone"}
    profile = profile_of(alice)
    assert (profile.timezone, profile.track_cycle) == ("UTC", False)


def test_profile_patch_refuses_a_difference_that_matters_outside_half_to_five_points(
    alice_client: Client, alice: User,
) -> None:
    response = send(alice_client, "patch", PROFILE, {"mcid_points": 9})
    assert response.status_code == 422
    assert "mcid_points" in fields_named(response)
    assert profile_of(alice).mcid_points == 1.0


def test_profile_patch_refuses_unknown_fields(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "patch", PROFILE, {"favourite_colour": "blue"})
    assert response.status_code == 422
    assert fields_named(response) == {"favourite_colour"}


def test_creating_a_token_shows_the_secret_once_and_never_lists_it(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    created = send(alice_client, "post", TOKENS, {"name": "laptop script"})
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("pw_")
    listed = send(alice_client, "get", TOKENS).json()
    assert [t["name"] for t in listed] == ["laptop script"]
    assert raw not in json.dumps(listed)


def test_a_token_without_a_name_is_refused(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    response = send(alice_client, "post", TOKENS, {"name": "  "})
    assert response.status_code == 422
    assert fields_named(response) == {"name"}
    assert not ApiToken.objects.exists()


def test_a_new_token_lets_a_script_read_my_account(anon_client: Client, alice: User) -> None:
    _, raw = create_api_token(user=alice, name="script")
    response = send(anon_client, "get", ME, **bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_a_revoked_token_is_refused_with_401(alice_client: Client, alice: User, anon_client: Client) -> None:
    token, raw = create_api_token(user=alice, name="script")
    assert send(alice_client, "delete", f"{TOKENS}/{token.pk}").status_code == 204
    assert send(anon_client, "get", ME, **bearer(raw)).status_code == 401


def test_an_unknown_token_is_refused_with_401(anon_client: Client, alice: User) -> None:
    assert send(anon_client, "get", ME, **bearer("pw_not-a-real-token")).status_code == 401


def test_a_token_can_neither_list_nor_mint_nor_revoke_tokens(anon_client: Client, alice: User) -> None:
    token, raw = create_api_token(user=alice, name="script")
    assert send(anon_client, "get", TOKENS, **bearer(raw)).status_code == 401
    assert send(anon_client, "post", TOKENS, {"name": "escalated"}, **bearer(raw)).status_code == 401
    assert send(anon_client, "delete", f"{TOKENS}/{token.pk}", **bearer(raw)).status_code == 401
    assert ApiToken.objects.filter(user=alice).count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_person_cannot_see_or_revoke_my_token(bob_client: Client, alice: User) -> None:
    token, _ = create_api_token(user=alice, name="script")
    assert send(bob_client, "get", TOKENS).json() == []
    assert send(bob_client, "delete", f"{TOKENS}/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_person_sees_only_their_own_account(bob_client: Client, alice: User) -> None:
    send(bob_client, "patch", PROFILE, {"country": "DE"})
    assert send(bob_client, "get", ME).json()["username"] == "bob"
    assert profile_of(alice).country == "US"


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", ME, None),
        ("patch", PROFILE, {"country": "DE"}),
        ("get", TOKENS, None),
        ("post", TOKENS, {"name": "x"}),
        ("delete", f"{TOKENS}/1", None),
    ],
)
def test_anonymous_visitors_get_401_from_every_account_route(
    anon_client: Client, alice: User, method: str, url: str, body: dict[str, Any] | None,
) -> None:
    assert send(anon_client, method, url, body).status_code == 401
    assert profile_of(alice).country == "US"
    assert not ApiToken.objects.exists()


def test_a_browser_post_without_the_csrf_token_is_refused(alice: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = send(browser, "post", TOKENS, {"name": "forged"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_browser_post_with_the_csrf_token_is_accepted(alice: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    secret = "a" * 32
    browser.cookies["csrftoken"] = secret
    browser.post("/accounts/reauthenticate/", {"password": PASSWORD, "csrfmiddlewaretoken": secret})
    response = send(browser, "post", TOKENS, {"name": "laptop"}, HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_a_revoked_token_stays_refused_even_for_reading(anon_client: Client, alice: User) -> None:
    token, raw = create_api_token(user=alice, name="old")
    revoke_api_token(token=token)
    assert send(anon_client, "get", "/api/v1/checkins", **bearer(raw)).status_code == 401


def test_openapi_document_lists_the_account_routes(anon_client: Client) -> None:
    response = anon_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/me", "/api/v1/me/profile", "/api/v1/tokens", "/api/v1/tokens/{token_id}"} <= set(paths)
    assert set(paths["/api/v1/tokens/{token_id}"]) == {"delete"}


def test_profile_patch_with_null_values_names_the_fields_and_saves_nothing(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "patch", PROFILE, {"mcid_points": None, "region": None, "track_cycle": True})

    assert fields_named(response) == {"mcid_points", "region"}
    profile = profile_of(alice)
    assert profile.mcid_points == 1.0
    assert profile.track_cycle is False
