"""The country (for crisis lines) is asked at sign-up and by `painwise user create`."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client

from painwise.accounts.services import profile_of
from painwise.cli import cli

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PASSWORD = "a long enough passphrase 9"


def _signup(client: Client, **extra: str) -> Any:
    data = {"username": "carol", "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(SIGNUP, data)


def test_the_signup_page_asks_for_the_country_and_loads_the_guess_script(anon_client: Client) -> None:
    page = anon_client.get(SIGNUP).content.decode()
    assert '<select name="country"' in page
    assert "Choose your country" in page
    assert "accounts/country_guess.js" in page
    assert "<script>" not in page  # no inline script under the CSP


def test_signing_up_stores_the_chosen_country(anon_client: Client) -> None:
    response = _signup(anon_client, country="FR")
    assert response.status_code == 302
    user = get_user_model().objects.get(username="carol")
    assert profile_of(user).country == "FR"


def test_signing_up_without_a_country_is_refused_with_a_message(anon_client: Client) -> None:
    response = _signup(anon_client)
    assert response.status_code == 200
    assert "Please choose your country" in response.content.decode()
    assert not get_user_model().objects.filter(username="carol").exists()


def test_another_country_is_accepted(anon_client: Client) -> None:
    _signup(anon_client, country="ZZ")
    assert profile_of(get_user_model().objects.get(username="carol")).country == "ZZ"


def test_user_create_takes_the_country_option() -> None:
    result = CliRunner().invoke(cli, ["user", "create", "dan", "--password", PASSWORD, "--country", "nz"])
    assert result.exit_code == 0, result.output
    assert profile_of(get_user_model().objects.get(username="dan")).country == "NZ"


def test_user_create_reads_the_country_from_the_environment() -> None:
    result = CliRunner().invoke(
        cli, ["user", "create", "erin", "--password", PASSWORD], env={"PAINWISE_USER_CREATE_COUNTRY": "IN"}
    )
    assert result.exit_code == 0, result.output
    assert profile_of(get_user_model().objects.get(username="erin")).country == "IN"


def test_user_create_without_a_country_says_what_that_means() -> None:
    result = CliRunner().invoke(cli, ["user", "create", "fay", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "No country set" in result.output
    assert profile_of(get_user_model().objects.get(username="fay")).country == "ZZ"


def test_user_create_refuses_an_unknown_country_and_creates_nothing() -> None:
    result = CliRunner().invoke(cli, ["user", "create", "gus", "--password", PASSWORD, "--country", "XX"])
    assert result.exit_code == 1
    assert "Unknown country code 'XX'" in result.output
    assert not get_user_model().objects.filter(username="gus").exists()
