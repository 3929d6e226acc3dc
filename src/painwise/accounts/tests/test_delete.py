"""Deleting an account: after the password and the typed username, nothing of the person is left,
on either database, and nobody else's rows are touched. Page, API and command line."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client

from painwise.accounts.services import create_api_token, delete_account
from painwise.cli import cli
from painwise.core.ownership import owned_models, rows_of
from painwise.core.types import User
from painwise.exchange.tests.diaries import build_rich_diary
from painwise.testing import PASSWORD, make_checkin, send

URL = "/settings/delete/"
API = "/api/v1/me"


def rows_left(user: User) -> dict[str, int]:
    """Rows of every table that holds a person's rows (found from the models), non-zero only."""
    counts = {m._meta.label: rows_of(m, user).count() for m in owned_models(include_auto_created=True)}
    return {label: n for label, n in counts.items() if n}


@pytest.fixture
def full_accounts(alice: User, bob: User) -> tuple[User, User]:
    """alice and bob, each with one of everything (diary, questionnaires, safety, tokens, e-mail)."""
    from allauth.account.models import EmailAddress, EmailConfirmation
    from django.contrib.auth.models import Group, Permission

    from painwise.diary.models import SyntheticTruth
    from painwise.plan.models import ReminderSent
    from painwise.plan.services import new_feed_token

    group = Group.objects.create(name="testers")
    permission = Permission.objects.first()
    assert permission is not None
    for person in (alice, bob):
        build_rich_diary(person)
        create_api_token(user=person, name="laptop")
        address = EmailAddress.objects.create(user=person, email=f"{person.username}@example.org", primary=True)
        EmailConfirmation.create(address)
        SyntheticTruth.objects.create(user=person, truth={"seed": 1})
        new_feed_token(user=person)  # the plan's calendar feed and a reminder sent: not exported, still deleted
        ReminderSent.objects.create(user=person, key=f"plan:1:{person.username}")
        person.groups.add(group)
        person.user_permissions.add(permission)
    return alice, bob


def assert_gone_and_other_untouched(alice: User, bob: User, bob_before: dict[str, int]) -> None:
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    assert rows_left(alice) == {}
    assert rows_left(bob) == bob_before


# ---------------------------------------------------------------- the service


def test_deleting_removes_every_row_of_every_table_and_leaves_the_other_person_alone(
    full_accounts: tuple[User, User],
) -> None:
    alice, bob = full_accounts
    bob_before = rows_left(bob)
    every_table = {m._meta.label for m in owned_models(include_auto_created=True)}
    # The fixture fills every table that holds a person's rows, except those of domains that landed after
    # it was written (checked for zero rows after deletion all the same).
    newer = {label for label in every_table if label.startswith(("trauma.", "mfa.", "report."))}
    assert set(rows_left(alice)) >= every_table - newer

    removed = delete_account(user=alice)

    assert removed["therapies.TherapyEntry"] == 7  # six logged, and the rich diary's dilator programme session
    assert_gone_and_other_untouched(alice, bob, bob_before)


# ---------------------------------------------------------------- the page


def test_owner_deletes_the_account_with_password_and_username_and_is_signed_out(
    full_accounts: tuple[User, User], alice_client: Client,
) -> None:
    alice, bob = full_accounts
    bob_before = rows_left(bob)
    page = alice_client.get(URL)
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()

    response = alice_client.post(URL, {"password": PASSWORD, "confirmation": "alice"})

    assert response.status_code == 302
    assert_gone_and_other_untouched(alice, bob, bob_before)
    assert alice_client.get("/checkin/").status_code == 302  # signed out: sent to sign in


@pytest.mark.parametrize(("password", "confirmation", "blamed"), [
    ("wrong password", "alice", "password"),
    (PASSWORD, "Alice ", "confirmation"),
    (PASSWORD, "", "confirmation"),
    ("", "alice", "password"),
])
def test_a_wrong_password_or_username_deletes_nothing_and_names_the_field(
    alice: User, alice_client: Client, password: str, confirmation: str, blamed: str
) -> None:
    make_checkin(alice)
    response = alice_client.post(URL, {"password": password, "confirmation": confirmation})
    assert response.status_code == 422
    assert blamed in response.context["form"].errors
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    assert alice.checkins.count() == 1


def test_another_person_cannot_delete_someone_elses_account(alice: User, bob: User, bob_client: Client) -> None:
    make_checkin(alice)
    response = bob_client.post(URL, {"password": PASSWORD, "confirmation": "alice"})
    assert response.status_code == 422  # the page only ever deletes the signed-in person, and bob typed alice
    assert alice.checkins.count() == 1
    assert get_user_model().objects.filter(pk=bob.pk).exists()


def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_deleted(alice: User, anon_client: Client) -> None:
    make_checkin(alice)
    assert anon_client.post(URL, {"password": PASSWORD, "confirmation": "alice"}).status_code == 302
    assert alice.checkins.count() == 1


def test_the_settings_page_links_to_deletion(alice_client: Client) -> None:
    assert URL in alice_client.get("/settings/profile/").content.decode()


# ---------------------------------------------------------------- the API


def test_owner_deletes_the_account_through_the_api(full_accounts: tuple[User, User], alice_client: Client) -> None:
    alice, bob = full_accounts
    bob_before = rows_left(bob)
    response = send(alice_client, "delete", API, {"password": PASSWORD, "confirmation": "alice"})
    assert response.status_code == 204
    assert_gone_and_other_untouched(alice, bob, bob_before)


def test_a_token_alone_cannot_delete_the_account_without_the_password(alice: User) -> None:
    make_checkin(alice)
    _, raw = create_api_token(user=alice, name="script", scope="read-write")
    response = send(Client(), "delete", API, {"password": "guess", "confirmation": "alice"},
                    HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    assert [d["loc"][-1] for d in response.json()["detail"]] == ["password"]
    assert alice.checkins.count() == 1


def test_a_read_only_token_cannot_delete_the_account_even_with_the_password(alice: User) -> None:
    _, raw = create_api_token(user=alice, name="script")
    response = send(Client(), "delete", API, {"password": PASSWORD, "confirmation": "alice"},
                    HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_a_read_write_token_with_the_password_deletes_the_account(alice: User) -> None:
    _, raw = create_api_token(user=alice, name="script", scope="read-write")
    response = send(Client(), "delete", API, {"password": PASSWORD, "confirmation": "alice"},
                    HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 204
    assert rows_left(alice) == {}


def test_api_deletion_without_the_confirmation_is_refused_naming_the_field(alice: User, alice_client: Client) -> None:
    response = send(alice_client, "delete", API, {"password": PASSWORD})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "confirmation"
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_another_person_deleting_through_the_api_only_ever_reaches_their_own_account(
    alice: User, bob: User, bob_client: Client,
) -> None:
    make_checkin(alice)
    response = send(bob_client, "delete", API, {"password": PASSWORD, "confirmation": "alice"})
    assert response.status_code == 422
    assert alice.checkins.count() == 1


def test_anonymous_api_deletion_is_401(alice: User, anon_client: Client) -> None:
    assert send(anon_client, "delete", API, {"password": PASSWORD, "confirmation": "alice"}).status_code == 401
    assert get_user_model().objects.filter(pk=alice.pk).exists()


# ---------------------------------------------------------------- the command line


def run(*args: str, stdin: str = "") -> Any:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_the_command_deletes_after_the_username_is_typed(full_accounts: tuple[User, User]) -> None:
    alice, bob = full_accounts
    bob_before = rows_left(bob)
    result = run("user", "delete", "alice", stdin="alice\n")
    assert result.exit_code == 0, result.output
    assert "Deleted account 'alice'" in result.output
    assert_gone_and_other_untouched(alice, bob, bob_before)


def test_the_command_keeps_the_account_when_the_username_is_not_typed(alice: User) -> None:
    make_checkin(alice)
    result = run("user", "delete", "alice", stdin="no\n")
    assert result.exit_code == 1
    assert "confirmation" in result.output
    assert alice.checkins.count() == 1


def test_the_command_deletes_without_asking_with_yes(alice: User) -> None:
    make_checkin(alice)
    assert run("user", "delete", "alice", "--yes").exit_code == 0
    assert rows_left(alice) == {}


def test_the_command_names_an_unknown_account(db: None) -> None:
    result = CliRunner().invoke(cli, ["user", "delete", "nobody", "--yes"])
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output
