"""The activity log: what gets recorded, who can read it, and how long it is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django.fixtures import Settings

from painwise.audit import services as audit
from painwise.audit.models import AuditEntry
from painwise.core.types import User
from painwise.exchange.tests.files import json_file
from painwise.testing import PASSWORD, confirm_password, send

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def events(user: User) -> list[str]:
    return list(AuditEntry.objects.filter(user=user).order_by("pk").values_list("event", flat=True))


def test_signing_in_and_out_is_recorded_with_address_and_browser(alice: User) -> None:
    browser = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.9")
    browser.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    browser.post("/accounts/logout/")
    assert events(alice) == ["login", "logout"]
    entry = AuditEntry.objects.get(user=alice, event="login")
    assert (entry.ip, entry.user_agent) == ("203.0.113.9", "Firefox on Linux")


def test_a_wrong_password_against_my_name_is_in_my_log_only(alice: User, bob: User) -> None:
    Client().post("/accounts/login/", {"login": "alice", "password": "guess 1234567"})
    Client().post("/accounts/login/", {"login": "nobody-here", "password": "guess 1234567"})
    assert events(alice) == ["login_failed"]
    assert events(bob) == []
    assert not AuditEntry.objects.filter(user=None).exists()


def test_exports_and_imports_are_recorded(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    alice_client.get("/data/export/csv/")
    upload = SimpleUploadedFile("diary.json", json_file(checkins=[{"day": "2026-01-05", "pain_average": 3}]))
    assert alice_client.post("/data/", {"file": upload, "format": "auto"}).status_code == 302
    recorded = events(alice)
    assert "export" in recorded
    assert "import" in recorded
    assert AuditEntry.objects.get(user=alice, event="export").details == {"format": "csv"}


def test_an_api_export_is_recorded(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    assert alice_client.get("/api/v1/export?format=json").status_code == 200
    assert "export" in events(alice)


def test_the_activity_page_shows_my_entries_newest_first(alice_client: Client, alice: User, bob: User) -> None:
    audit.record(user=alice, event=audit.Event.EXPORT, details={"format": "json"})
    audit.record(user=alice, event=audit.Event.TOKEN_CREATED, details={"token": "laptop (pw_abc…)"})
    audit.record(user=bob, event=audit.Event.EXPORT, details={"format": "bob-only-format"})
    response = alice_client.get("/settings/activity/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("API token created") < page.index("Data exported")
    assert "laptop (pw_abc…)" in page
    assert "bob-only-format" not in page


def test_server_wide_key_rotation_shows_in_everyones_log(alice_client: Client, bob_client: Client) -> None:
    audit.record(user=None, event=audit.Event.KEYS_ROTATED, details={"rows": 12})
    for client in (alice_client, bob_client):
        assert "Encryption keys rotated" in client.get("/settings/activity/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client) -> None:
    response = anon_client.get("/settings/activity/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_lists_my_activity_and_nobody_elses(
    alice_client: Client, bob_client: Client, alice: User, bob: User,
) -> None:
    audit.record(user=alice, event=audit.Event.EXPORT, details={"format": "json"})
    body = send(alice_client, "get", "/api/v1/activity").json()
    newest = body["items"][0]
    assert (newest["event"], newest["label"], newest["server_wide"]) == ("export", "Data exported", False)
    assert "export" not in [item["event"] for item in send(bob_client, "get", "/api/v1/activity").json()["items"]]


def test_the_api_answers_anonymous_callers_with_401(anon_client: Client) -> None:
    assert send(anon_client, "get", "/api/v1/activity").status_code == 401


def test_recording_an_unknown_event_is_a_programming_error(alice: User) -> None:
    with pytest.raises(ValueError, match="Unknown audit event"):
        audit.record(user=alice, event="teleported")


def test_the_address_comes_from_the_connection_and_junk_is_dropped() -> None:
    factory = RequestFactory()
    assert audit.client_ip(factory.get("/", REMOTE_ADDR="2001:db8::1")) == "2001:db8::1"
    assert audit.client_ip(factory.get("/", REMOTE_ADDR="not an address")) is None
    forged = factory.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert audit.client_ip(forged) == "198.51.100.7"


@pytest.mark.parametrize(("agent", "summary"), [
    (FIREFOX, "Firefox on Linux"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605 Version/17.0 Mobile Safari/604.1",
     "Safari on iPhone"),
    ("curl/8.5.0", "curl"),
    ("", ""),
])
def test_the_browser_is_summed_up_in_a_few_words(agent: str, summary: str) -> None:
    assert audit.user_agent_summary(RequestFactory().get("/", HTTP_USER_AGENT=agent)) == summary


def test_pruning_deletes_only_entries_older_than_the_retention_period(alice: User, settings: Settings) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    old = audit.record(user=alice, event=audit.Event.LOGIN)
    recent = audit.record(user=alice, event=audit.Event.LOGOUT)
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    AuditEntry.objects.filter(pk=recent.pk).update(at=timezone.now() - dt.timedelta(days=29))
    assert audit.prune() == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_prune_command_reports_what_it_deleted(alice: User) -> None:
    from painwise.cli import cli

    old = audit.record(user=alice, event=audit.Event.LOGIN)
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))
    result = CliRunner().invoke(cli, ["audit", "prune"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 activity entries older than 365 days" in result.output
    assert not AuditEntry.objects.exists()


def test_the_prune_command_refuses_zero_days() -> None:
    from painwise.cli import cli

    result = CliRunner().invoke(cli, ["audit", "prune", "--days", "0"])
    assert result.exit_code == 2


def test_details_read_as_a_short_phrase(alice: User) -> None:
    entry = audit.record(user=alice, event=audit.Event.TOKEN_REVOKED,
                         details={"token": "laptop (pw_abc…)", "reason": "password changed", "empty": ""})
    assert entry.details_text == "laptop (pw_abc…) · because password changed"


def test_signing_in_clears_my_own_entries_past_the_retention_period(alice: User, bob: User) -> None:
    mine = audit.record(user=alice, event=audit.Event.EXPORT)
    theirs = audit.record(user=bob, event=audit.Event.EXPORT)
    long_ago = timezone.now() - dt.timedelta(days=366)
    AuditEntry.objects.filter(pk__in=[mine.pk, theirs.pk]).update(at=long_ago)
    Client().post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    assert not AuditEntry.objects.filter(pk=mine.pk).exists()
    assert AuditEntry.objects.filter(pk=theirs.pk).exists()


def test_an_export_from_the_server_command_line_shows_in_the_persons_log(alice: User) -> None:
    from painwise.cli import cli

    result = CliRunner().invoke(cli, ["export", "--user", "alice", "--format", "json"])
    assert result.exit_code == 0, result.output
    entry = AuditEntry.objects.get(user=alice, event="export")
    assert entry.details_text == "format json · via command line"


def test_key_rotations_from_the_command_line_are_logged_for_everyone(own_key_files: Path, alice: User,
                                                                    bob: User) -> None:
    from painwise.cli import cli

    for command in (["keys", "rotate"], ["keys", "rotate-index"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
    rotations = AuditEntry.objects.filter(user=None, event="keys_rotated").order_by("pk")
    assert [e.details["which"] for e in rotations] == ["encryption key", "search index key"]
    assert set(audit.entries_for(bob).filter(event="keys_rotated")) == set(rotations)
