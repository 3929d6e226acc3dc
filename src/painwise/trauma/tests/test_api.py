"""The trauma track through the API: as owner, as another person (404, nothing changed) and anonymous (401)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.testing import fields_named, send
from painwise.trauma import services
from painwise.trauma.models import BoundariesPlan, DailyCheck, GroundingUse, Trigger

pytestmark = pytest.mark.django_db


def test_the_owner_turns_the_track_on_and_answers_the_daily_items(alice_client: Client) -> None:
    assert send(alice_client, "get", "/api/v1/trauma/track").json() == {"enabled": False, "offered": False}
    assert send(alice_client, "put", "/api/v1/trauma/track", {"enabled": True}).json()["enabled"] is True
    body = send(alice_client, "put", "/api/v1/trauma/daily", {"answers": {"intrusions": 2, "hyperarousal": 4}}).json()
    assert body["answers"] == {"intrusions": 2, "hyperarousal": 4}
    assert send(alice_client, "get", "/api/v1/trauma/daily").json()["count"] == 1


def test_bad_daily_answers_are_a_422_naming_the_item(alice_client: Client) -> None:
    response = send(alice_client, "put", "/api/v1/trauma/daily", {"answers": {"intrusions": 9}})
    assert fields_named(response) == {"intrusions"}
    assert not DailyCheck.objects.exists()


def test_the_owner_records_a_tool_use_and_reads_the_summary(alice_client: Client) -> None:
    use = {"tool": "paced_breathing", "before": 8, "after": 4}
    response = send(alice_client, "post", "/api/v1/trauma/grounding", use)
    assert response.status_code == 201
    summary = {row["slug"]: row for row in send(alice_client, "get", "/api/v1/trauma/grounding/summary").json()}
    assert summary["paced_breathing"]["average_change"] == -4.0


def test_an_unknown_tool_and_an_out_of_range_rating_are_named_and_nothing_is_saved(alice_client: Client) -> None:
    response = send(alice_client, "post", "/api/v1/trauma/grounding", {"tool": "cold_plunge", "before": 11})
    assert fields_named(response) == {"tool", "before"}
    assert not GroundingUse.objects.exists()


def test_triggers_are_created_listed_and_deleted_only_by_their_owner(alice_client: Client, bob_client: Client) -> None:
    response = send(alice_client, "post", "/api/v1/trauma/triggers",
                    {"kind": "sound", "what": "sirens", "intensity": 6, "helped": "headphones"})
    assert response.status_code == 201
    trigger_id = response.json()["id"]
    assert send(bob_client, "get", "/api/v1/trauma/triggers").json() == {"items": [], "count": 0}
    assert send(bob_client, "delete", f"/api/v1/trauma/triggers/{trigger_id}").status_code == 404
    assert Trigger.objects.filter(pk=trigger_id).exists()
    assert send(alice_client, "delete", f"/api/v1/trauma/triggers/{trigger_id}").status_code == 204
    assert not Trigger.objects.exists()


def test_an_unknown_trigger_kind_is_a_422(alice_client: Client) -> None:
    response = send(alice_client, "post", "/api/v1/trauma/triggers", {"kind": "omen", "what": "x", "intensity": 2})
    assert fields_named(response) == {"kind"}


def test_the_boundaries_plan_round_trips_and_an_oversized_field_is_refused_whole(
    alice_client: Client, bob_client: Client, alice: User,
) -> None:
    send(alice_client, "put", "/api/v1/trauma/boundaries", {"okay": "hugs", "stop_signals": "red"})
    assert send(alice_client, "get", "/api/v1/trauma/boundaries").json()["okay"] == "hugs"
    assert send(bob_client, "get", "/api/v1/trauma/boundaries").json()["okay"] == ""
    response = send(alice_client, "put", "/api/v1/trauma/boundaries", {"okay": "fine", "not_okay": "y" * 2001})
    assert fields_named(response) == {"not_okay"}
    assert BoundariesPlan.objects.get(user=alice).okay == "hugs"


def test_another_persons_records_never_show(alice: User, bob_client: Client) -> None:
    services.record_daily(user=alice, answers={"avoidance": 3})
    services.record_grounding(user=alice, tool="safe_place", before=3)
    assert send(bob_client, "get", "/api/v1/trauma/daily").json() == {"items": [], "count": 0}
    assert send(bob_client, "get", "/api/v1/trauma/grounding").json() == {"items": [], "count": 0}
    assert send(bob_client, "get", "/api/v1/trauma/track").json()["enabled"] is False


@pytest.mark.parametrize(("method", "url"), [
    ("get", "/api/v1/trauma/track"), ("put", "/api/v1/trauma/track"), ("get", "/api/v1/trauma/daily"),
    ("put", "/api/v1/trauma/daily"), ("get", "/api/v1/trauma/grounding"), ("post", "/api/v1/trauma/grounding"),
    ("get", "/api/v1/trauma/grounding/summary"), ("get", "/api/v1/trauma/triggers"),
    ("post", "/api/v1/trauma/triggers"), ("delete", "/api/v1/trauma/triggers/1"),
    ("get", "/api/v1/trauma/boundaries"), ("put", "/api/v1/trauma/boundaries")])
def test_anonymous_callers_get_401(anon_client: Client, method: str, url: str) -> None:
    assert send(anon_client, method, url, None if method == "get" else {}).status_code == 401


def test_an_entry_logged_through_the_api_as_not_safe_returns_the_support_notice(alice_client: Client) -> None:
    from django.utils import timezone

    entry = {"modality": "sexual_activity", "taken_at": timezone.now().isoformat(),
             "details": {"kind": "partnered", "felt_wanted_safe": "no"}}
    body = send(alice_client, "post", "/api/v1/entries", entry).json()
    notice = next(n for n in body["notices"] if n["code"] == "trauma:not_safe")
    assert notice["link"] == "/trauma/support/"
    assert "partnered" not in notice["body"]


def test_the_trigger_list_is_paged_at_most_100_a_page(alice: User, alice_client: Client) -> None:
    Trigger.objects.bulk_create([Trigger(user=alice, day=dt.date(2026, 1, 1), kind="sound", what=f"sound {i}",
                                         intensity=3)
                             for i in range(103)])
    first = send(alice_client, "get", "/api/v1/trauma/triggers").json()
    assert (first["count"], len(first["items"])) == (103, 100)
    rest = send(alice_client, "get", "/api/v1/trauma/triggers?offset=100").json()["items"]
    assert len(rest) == 3
    assert {t["id"] for t in first["items"]}.isdisjoint(t["id"] for t in rest)
    assert send(alice_client, "get", "/api/v1/trauma/triggers?limit=101").status_code == 422
