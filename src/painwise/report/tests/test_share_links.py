"""The share-link matrix: owner, another person, anonymous with and without the link, after expiry,
after revoke, after account deletion, and the PIN lock."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from painwise.core.types import User
from painwise.report.models import ShareLink, ShareOpening
from painwise.report.services import MAX_PIN_ATTEMPTS, create_share
from painwise.report.tests.factories import END, START, fill_diary
from painwise.testing import fields_named, send


def _link(user: User, **extra: Any) -> Any:
    values = {"start": START, "end": END, "sections": ["pain", "medications"], "expires_in_hours": 24, **extra}
    link, token = create_share(user=user, **values)
    return link, f"/s/{token}/"


def test_owner_creates_a_link_in_the_browser_and_sees_it_once(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/report/shares/", {
        "start": "2026-01-01", "end": "2026-01-28", "sections": ["pain"], "expires_in_hours": 24, "label": "Dr P"})
    assert response.status_code == 200
    assert b"/s/" in response.content
    assert ShareLink.objects.get(user=alice).label == "Dr P"


def test_clinician_without_account_opens_the_link_and_the_opening_is_logged(
    alice: User, anon_client: Client, alice_client: Client,
) -> None:
    fill_diary(alice)
    link, url = _link(alice)
    page = anon_client.get(url, REMOTE_ADDR="203.0.113.7")
    assert page.status_code == 200
    assert "Pain and PEG over the period" in page.text
    assert "Medications and interactions" in page.text
    assert "Where it hurts" not in page.text  # outside the link's scope
    assert page["Cache-Control"].startswith("max-age=0")
    assert anon_client.get(url + "report.pdf").content.startswith(b"%PDF")
    assert anon_client.get(url + "fhir.json").status_code == 200
    assert anon_client.get(url + "chart/pain.svg").status_code == 200
    assert list(link.openings.values_list("what", flat=True).order_by("opened_at")) == ["page", "pdf", "fhir"]
    assert "203.0.113.7" in alice_client.get("/report/").text


def test_the_fhir_bundle_holds_only_the_links_period(alice: User, anon_client: Client) -> None:
    from painwise.testing import make_checkin

    fill_diary(alice)
    make_checkin(alice, day=END + dt.timedelta(days=3), pain_average=9)
    _, url = _link(alice)
    bundle = json.loads(anon_client.get(url + "fhir.json").content)
    days = sorted(e["resource"].get("effectiveDateTime", "") for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "Observation")
    assert len(days) == 28
    assert days[-1] <= END.isoformat()


def test_the_token_is_long_random_and_only_its_hash_is_stored(alice: User) -> None:
    link, url = _link(alice)
    token = url.split("/")[2]
    assert len(token) >= 43
    stored = ShareLink.objects.filter(pk=link.pk).values().get()
    assert token not in json.dumps(stored, default=str)


def test_anonymous_without_the_link_finds_nothing(alice: User, anon_client: Client) -> None:
    _link(alice)
    assert anon_client.get("/s/not-a-real-token-but-long-enough-to-look-like-one/").status_code == 404
    assert anon_client.get("/report/").status_code == 302
    assert anon_client.get("/api/v1/shares").status_code == 401


def test_another_person_cannot_see_or_revoke_the_link(alice: User, bob_client: Client) -> None:
    link, url = _link(alice)
    assert bob_client.post(f"/report/shares/{link.pk}/revoke/").status_code == 404
    assert send(bob_client, "post", f"/api/v1/shares/{link.pk}/revoke").status_code == 404
    assert send(bob_client, "get", f"/api/v1/shares/{link.pk}").status_code == 404
    assert send(bob_client, "get", "/api/v1/shares").json() == []
    link.refresh_from_db()
    assert link.revoked_at is None
    assert bob_client.get(url).status_code == 200  # the link itself works for whoever holds it, by design


def test_the_link_stops_working_at_expiry(alice: User, anon_client: Client) -> None:
    link, url = _link(alice)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for suffix in ("", "report.pdf", "fhir.json", "chart/pain.svg"):
        assert anon_client.get(url + suffix).status_code == 404


def test_the_link_stops_working_when_revoked(alice: User, alice_client: Client, anon_client: Client) -> None:
    link, url = _link(alice)
    assert anon_client.get(url).status_code == 200
    assert alice_client.post(f"/report/shares/{link.pk}/revoke/").status_code == 302
    for suffix in ("", "report.pdf", "fhir.json"):
        assert anon_client.get(url + suffix).status_code == 404
    assert "revoked" in alice_client.get("/report/").text


def test_the_link_stops_working_when_the_account_is_deleted(alice: User, anon_client: Client) -> None:
    _, url = _link(alice)
    alice.delete()
    assert anon_client.get(url).status_code == 404
    assert not ShareLink.objects.exists()


def test_a_pin_is_asked_before_anything_is_shown(alice: User, anon_client: Client) -> None:
    link, url = _link(alice, pin="4821")
    page = anon_client.get(url)
    assert "needs a PIN" in page.text
    assert "Pain and PEG" not in page.text
    assert anon_client.get(url + "report.pdf").status_code == 404
    assert anon_client.post(url, {"pin": "4821"}).status_code == 302
    assert "Pain and PEG" in anon_client.get(url).text
    assert anon_client.get(url + "report.pdf").status_code == 200
    assert ShareOpening.objects.filter(link=link, what="page").count() == 1  # the PIN form is not an opening


def test_five_wrong_pins_lock_the_link_and_the_person_is_told(
    alice: User, alice_client: Client, anon_client: Client,
) -> None:
    link, url = _link(alice, pin="4821")
    for _ in range(MAX_PIN_ATTEMPTS - 1):
        assert anon_client.post(url, {"pin": "0000"}).status_code == 403
    assert anon_client.post(url, {"pin": "0000"}).status_code == 404
    assert anon_client.post(url, {"pin": "4821"}).status_code == 404  # the right PIN is too late
    link.refresh_from_db()
    assert link.locked_at is not None
    assert "locked itself after five wrong PINs" in alice_client.get("/report/").text
    assert send(alice_client, "get", f"/api/v1/shares/{link.pk}").json()["state"] == "locked"


@pytest.mark.parametrize(("body", "field"), [
    ({"expires_in_hours": 24 * 90 + 1}, "expires_in_hours"),
    ({"expires_in_hours": 0}, "expires_in_hours"),
    ({"end": "2025-12-01"}, "end"),
    ({"sections": ["pain", "astrology"]}, "sections"),
    ({"pin": "12ab"}, "pin"),
])
def test_bad_share_requests_are_refused_by_field_and_nothing_is_saved(
    alice_client: Client, body: dict[str, Any], field: str,
) -> None:
    payload = {"start": "2026-01-01", "end": "2026-01-28", **body}
    assert fields_named(send(alice_client, "post", "/api/v1/shares", payload)) == {field}
    assert not ShareLink.objects.exists()


def test_expiry_beyond_ninety_days_is_refused_in_the_browser(alice_client: Client) -> None:
    response = alice_client.post("/report/shares/", {
        "start": "2026-01-01", "end": "2026-01-28", "expires_in_hours": 24 * 91})
    assert response.status_code == 422
    assert not ShareLink.objects.exists()


def test_owner_manages_links_through_the_api(alice: User, alice_client: Client) -> None:
    created = send(alice_client, "post", "/api/v1/shares", {
        "start": "2026-01-01", "end": "2026-01-28", "sections": ["pain"], "expires_in_hours": 2, "pin": "1234"})
    assert created.status_code == 201
    body = created.json()
    assert body["url"].endswith(f"/s/{body['token']}/")
    assert body["has_pin"] is True
    listed = send(alice_client, "get", "/api/v1/shares").json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert "token" not in listed[0]
    revoked = send(alice_client, "post", f"/api/v1/shares/{body['id']}/revoke").json()
    assert revoked["state"] == "revoked"
