"""The whole diary leaves the server only after the password was entered again (or with a token)."""

from __future__ import annotations

import json

from django.test import Client

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.testing import PASSWORD, confirm_password, make_checkin


def test_the_download_asks_for_the_password_then_delivers_the_file(alice_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    asked = alice_client.get("/data/export/json/")
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    delivered = alice_client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    assert delivered["Content-Disposition"].startswith("attachment;")
    assert json.loads(delivered.getvalue())["checkins"][0]["notes"] == "alice's private note"


def test_a_wrong_password_delivers_nothing(alice_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    asked = alice_client.get("/data/export/json/")
    refused = alice_client.post(asked["Location"], {"password": "not my password 123"})
    assert refused.status_code == 200
    assert "private note" not in refused.content.decode()


def test_the_api_export_in_a_browser_session_needs_a_recent_password(alice_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    refused = alice_client.get("/api/v1/export?format=json")
    assert refused.status_code == 403
    assert "Confirm your password" in refused.json()["detail"]
    confirm_password(alice_client)
    assert alice_client.get("/api/v1/export?format=json").status_code == 200


def test_a_read_only_token_may_export(anon_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    _, raw = create_api_token(user=alice, name="backup")
    response = anon_client.get("/api/v1/export?format=json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert "alice's private note" in response.getvalue().decode()
