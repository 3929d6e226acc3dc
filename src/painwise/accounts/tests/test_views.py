from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from painwise.accounts.models import ApiToken
from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.testing import confirm_password

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/settings/profile/", "/settings/tokens/"])
def test_anonymous_visitor_is_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_person_sets_country_timezone_conditions_and_cycle_tracking(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/settings/profile/", {
        "timezone": "Europe/Dublin", "country": "IE", "region": "", "conditions": ["pelvic_pain", "ptsd"],
        "track_cycle": "on", "mcid_mode": "points", "mcid_points": "1.5"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert (alice.profile.timezone, alice.profile.country, alice.profile.track_cycle) == ("Europe/Dublin", "IE", True)
    assert alice.profile.conditions == ["pelvic_pain", "ptsd"]
    assert "Cycle day" in alice_client.get("/checkin/", follow=True).content.decode()


def test_unknown_country_or_timezone_is_refused(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/settings/profile/", {"timezone": "Mars/Olympus", "country": "XX",
                                                        "mcid_mode": "points", "mcid_points": "1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.timezone == "UTC"


def test_token_is_shown_once_and_only_its_hash_is_stored(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    form = {"name": "laptop", "scope": "read", "lifetime": "90"}
    page = alice_client.post("/settings/tokens/", form).content.decode()
    token = ApiToken.objects.get(user=alice)
    assert token.prefix in page
    assert "pw_" in page
    assert token.key_hash not in page
    assert len(token.key_hash) == 64


def test_other_person_cannot_revoke_someone_elses_token(bob_client: Client, alice: User) -> None:
    token, _ = create_api_token(user=alice, name="laptop")
    assert bob_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_owner_revokes_a_token(alice_client: Client, alice: User) -> None:
    token, _ = create_api_token(user=alice, name="laptop")
    assert alice_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_signup_can_be_switched_off(anon_client: Client, settings: Settings) -> None:
    settings.ALLOW_SIGNUP = False
    page = anon_client.get("/accounts/signup/").content.decode()
    assert "closed" in page.lower()
    response = anon_client.post("/accounts/signup/", {"username": "mallory", "password1": "a long passphrase 77",
                                                      "password2": "a long passphrase 77"})
    assert response.status_code in (200, 302)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="mallory").exists()
