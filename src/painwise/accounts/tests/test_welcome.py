"""The three-step welcome after sign-up: where you live, what you live with, what to log and why."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.accounts.services import profile_of, update_profile
from painwise.core.types import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 9"
STEPS = ("/welcome/", "/welcome/conditions/", "/welcome/logging/")


def test_signing_up_leads_to_the_first_welcome_step_not_a_settings_form(anon_client: Client) -> None:
    response = anon_client.post("/accounts/signup/", {"username": "carol", "password1": PASSWORD,
                                                      "password2": PASSWORD, "country": "FR"})
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    page = anon_client.get("/welcome/").content.decode()
    assert "step 1 of 3" in page
    assert "accounts/country_guess.js" in page
    assert "<script>" not in page  # no inline script under the CSP


def test_the_first_step_leaves_the_default_utc_empty_for_the_browser_to_fill(alice_client: Client) -> None:
    page = alice_client.get("/welcome/").content.decode()
    assert '<option value="" selected>Choose your time zone</option>' in page


def test_the_first_step_saves_country_and_time_zone_and_goes_on(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/welcome/", {"country": "DE", "timezone": "Europe/Berlin"})
    assert response.status_code == 302
    assert response["Location"] == "/welcome/conditions/"
    profile = profile_of(type(alice).objects.get(pk=alice.pk))
    assert (profile.country, profile.timezone) == ("DE", "Europe/Berlin")


def test_the_first_step_without_a_time_zone_names_the_field_and_saves_nothing(
    alice_client: Client, alice: User,
) -> None:
    before = profile_of(alice).country
    response = alice_client.post("/welcome/", {"country": "DE", "timezone": ""})
    assert response.status_code == 422
    assert "Your time zone: Please choose your time zone." in response.content.decode()
    assert profile_of(type(alice).objects.get(pk=alice.pk)).country == before


def test_an_unknown_time_zone_is_refused(alice_client: Client) -> None:
    response = alice_client.post("/welcome/", {"country": "DE", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Your time zone" in response.content.decode()


def test_choosing_sexual_health_therapies_lists_them_with_the_others(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/welcome/conditions/", {"conditions": ["pelvic_pain"], "show_sexual_health": "on"})
    assert response["Location"] == "/welcome/logging/"
    catalog = alice_client.get("/log/").content.decode()
    assert "<h2>Pelvic and sexual health</h2>" in catalog
    assert "More: pelvic and sexual health" not in catalog


def test_without_the_choice_sexual_health_therapies_are_folded_at_the_end_not_first(
        alice_client: Client, alice: User) -> None:
    alice_client.post("/welcome/conditions/", {"conditions": ["back_neck"]})
    catalog = alice_client.get("/log/").content.decode()
    folded = catalog.index("More: pelvic and sexual health")
    assert catalog.index("/log/exercise/") < folded < catalog.index("/log/sexual_activity/")
    assert catalog.index("/log/dilator/") > folded


def test_the_last_step_explains_what_to_log_and_sends_the_person_to_log_today(
    alice_client: Client, alice: User,
) -> None:
    page = alice_client.get("/welcome/logging/").content.decode()
    assert "What helps me" in page
    assert "PEG" in page
    response = alice_client.post("/welcome/logging/", {"track_cycle": "on"})
    assert response["Location"] == "/checkin/"
    assert profile_of(type(alice).objects.get(pk=alice.pk)).track_cycle is True


def test_each_step_changes_only_the_person_who_is_signed_in(alice_client: Client, alice: User, bob: User) -> None:
    update_profile(user=bob, values={"country": "GB", "timezone": "Europe/London"})
    alice_client.post("/welcome/", {"country": "DE", "timezone": "Europe/Berlin"})
    alice_client.post("/welcome/conditions/", {"show_sexual_health": "on"})
    bob_profile = profile_of(type(bob).objects.get(pk=bob.pk))
    assert (bob_profile.country, bob_profile.timezone, bob_profile.show_sexual_health) == (
        "GB", "Europe/London", False)


@pytest.mark.parametrize("path", STEPS)
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(anon_client: Client, path: str) -> None:
    for method in (anon_client.get, anon_client.post):
        response = method(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_choice_is_in_settings_and_the_api(alice_client: Client) -> None:
    assert 'name="show_sexual_health"' in alice_client.get("/settings/profile/").content.decode()
    assert alice_client.get("/api/v1/me").json()["profile"]["show_sexual_health"] is False
