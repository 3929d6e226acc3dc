"""API token rules: scope, expiry, last-used time, death on password change, and the password check
before a new token is made."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from painwise.accounts.models import ApiToken
from painwise.accounts.services import LAST_USED_RESOLUTION, create_api_token
from painwise.audit.models import AuditEntry
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.testing import PASSWORD, confirm_password, make_checkin, send

CHECKINS = "/api/v1/checkins"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def a_day(alice: User) -> dict[str, object]:
    return {"day": timezone.now().date().isoformat(), "pain_now": 5}


def test_a_new_token_is_read_only_unless_asked_otherwise(alice: User) -> None:
    token, _ = create_api_token(user=alice, name="script")
    assert token.scope == "read"


def test_a_read_token_reads_but_any_write_gets_403_naming_the_scope(anon_client: Client, alice: User) -> None:
    _, raw = create_api_token(user=alice, name="reader")
    assert send(anon_client, "get", CHECKINS, **bearer(raw)).status_code == 200
    response = send(anon_client, "post", CHECKINS, a_day(alice), **bearer(raw))
    assert response.status_code == 403
    assert "'read' scope" in response.json()["detail"]
    assert "read-write" in response.json()["detail"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(("method", "url"), [
    ("patch", "/api/v1/me/profile"),
    ("put", "/api/v1/questionnaires/schedules/phq9"),
    ("delete", "/api/v1/checkins/{checkin}"),
])
def test_a_read_token_is_refused_for_every_changing_method(
    anon_client: Client, alice: User, method: str, url: str,
) -> None:
    checkin = make_checkin(alice)
    _, raw = create_api_token(user=alice, name="reader")
    response = send(anon_client, method, url.format(checkin=checkin.pk), {"country": "DE"}, **bearer(raw))
    assert response.status_code == 403
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    assert alice.profile.country == "US"


def test_a_read_write_token_can_write(anon_client: Client, alice: User) -> None:
    _, raw = create_api_token(user=alice, name="writer", scope="read-write")
    assert send(anon_client, "post", CHECKINS, a_day(alice), **bearer(raw)).status_code == 201


def test_an_expired_token_gets_401_saying_it_expired(anon_client: Client, alice: User) -> None:
    token, raw = create_api_token(user=alice, name="short", expires_at=timezone.now() + dt.timedelta(hours=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = send(anon_client, "get", CHECKINS, **bearer(raw))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_cannot_be_made_already_expired(alice: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        create_api_token(user=alice, name="past", expires_at=timezone.now() - dt.timedelta(days=1))
    assert "expires_at" in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_revoked_token_gets_401_saying_it_was_revoked(alice_client: Client, anon_client: Client, alice: User) -> None:
    token, raw = create_api_token(user=alice, name="script")
    send(alice_client, "delete", f"/api/v1/tokens/{token.pk}")
    response = send(anon_client, "get", CHECKINS, **bearer(raw))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_last_used_is_written_at_most_once_a_minute(anon_client: Client, alice: User) -> None:
    token, raw = create_api_token(user=alice, name="busy")
    send(anon_client, "get", CHECKINS, **bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    send(anon_client, "get", CHECKINS, **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    earlier = first - LAST_USED_RESOLUTION
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    send(anon_client, "get", CHECKINS, **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_the_first_use_each_day_is_in_the_activity_log(anon_client: Client, alice: User) -> None:
    _, raw = create_api_token(user=alice, name="busy")
    for _ in range(3):
        send(anon_client, "get", CHECKINS, **bearer(raw))
    used = AuditEntry.objects.filter(user=alice, event="token_used")
    assert used.count() == 1
    assert "busy" in used.get().details["token"]


def test_changing_the_password_in_the_browser_kills_every_token(
    alice_client: Client, anon_client: Client, alice: User,
) -> None:
    _, raw = create_api_token(user=alice, name="script", scope="read-write")
    response = alice_client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "a brand new passphrase 7", "password2": "a brand new passphrase 7"})
    assert response.status_code == 302
    refused = send(anon_client, "get", CHECKINS, **bearer(raw))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    events = list(AuditEntry.objects.filter(user=alice).values_list("event", flat=True))
    assert "password_changed" in events
    assert AuditEntry.objects.get(user=alice, event="token_revoked").details["reason"] == "password changed"


def test_setting_a_password_outside_the_browser_kills_every_token_too(alice: User) -> None:
    create_api_token(user=alice, name="script")
    user = get_user_model().objects.get(pk=alice.pk)
    user.set_password("another new passphrase 8")
    user.save()
    assert not ApiToken.objects.filter(user=alice, revoked_at=None).exists()


def test_other_saves_of_the_account_leave_tokens_alone(alice: User) -> None:
    create_api_token(user=alice, name="script")
    alice.email = "alice@example.org"
    alice.save()
    alice.last_login = timezone.now()
    alice.save(update_fields=["last_login"])
    assert ApiToken.objects.filter(user=alice, revoked_at=None).count() == 1


def test_the_token_page_asks_for_the_password_before_making_a_token(alice_client: Client, alice: User) -> None:
    assert alice_client.get("/settings/tokens/").status_code == 200  # looking needs no password
    response = alice_client.post("/settings/tokens/", {"name": "backup", "scope": "read", "lifetime": "30"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not ApiToken.objects.exists()


def test_after_confirming_the_password_the_page_makes_a_token_with_scope_and_expiry(
    alice_client: Client, alice: User,
) -> None:
    confirm_password(alice_client)
    response = alice_client.post("/settings/tokens/", {"name": "backup", "scope": "read", "lifetime": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    assert token.scope == "read"
    assert token.expires_at is not None
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    page = response.content.decode()
    assert "Read only" in page
    assert "shown only once" in page


def test_the_token_page_lists_only_my_tokens(alice_client: Client, alice: User, bob: User) -> None:
    create_api_token(user=bob, name="bobs secret script")
    page = alice_client.get("/settings/tokens/").content.decode()
    assert "bobs secret script" not in page


def test_anonymous_visitors_are_sent_to_sign_in_from_the_token_page(anon_client: Client) -> None:
    response = anon_client.get("/settings/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_refuses_to_make_a_token_without_a_recent_password(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "post", "/api/v1/tokens", {"name": "quick"})
    assert response.status_code == 403
    assert "Confirm your password" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_the_api_makes_a_scoped_expiring_token_after_the_password_check(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    expires = (timezone.now() + dt.timedelta(days=7)).isoformat()
    response = send(alice_client, "post", "/api/v1/tokens",
                    {"name": "sync", "scope": "read-write", "expires_at": expires})
    assert response.status_code == 201
    body = response.json()
    assert (body["scope"], body["expires_at"] is not None) == ("read-write", True)


def test_the_api_refuses_an_unknown_scope(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    response = send(alice_client, "post", "/api/v1/tokens", {"name": "x", "scope": "admin"})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_a_password_check_in_one_browser_does_not_count_for_another(alice: User, alice_client: Client) -> None:
    confirm_password(alice_client)
    other = Client()
    other.force_login(alice)
    assert send(other, "post", "/api/v1/tokens", {"name": "x"}).status_code == 403
