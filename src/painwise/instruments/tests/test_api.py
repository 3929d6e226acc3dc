"""Questionnaire API as the owner, another person and an anonymous caller."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

from painwise.core.fields import blind_lookup
from painwise.core.types import User
from painwise.instruments.models import QuestionnaireResponse, Schedule
from painwise.safety.models import SafetyEvent
from painwise.testing import confirm_password, make_checkin

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def test_the_list_shows_self_report_instruments_with_their_licence_notice(alice_client: Client) -> None:
    rows = alice_client.get(f"{API}/questionnaires").json()
    ids = {row["id"] for row in rows}
    assert "phq9" in ids
    assert "cows" not in ids
    assert all(len(row["licence_notice"]) > 20 for row in rows)


def test_an_instrument_comes_with_exact_wording_and_weights(alice_client: Client) -> None:
    body = alice_client.get(f"{API}/questionnaires/phq9").json()
    assert body["items"][8]["text"] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert [o["value"] for o in body["items"][0]["options"]] == [0, 1, 2, 3]


def test_posting_answers_returns_the_score_and_band(alice_client: Client) -> None:
    answer = _post(alice_client, f"{API}/questionnaires/gad7/responses", {"answers": [2, 2, 2, 2, 1, 1, 0]})
    assert answer.status_code == 201
    body = answer.json()
    assert (body["total"], body["band"]) == (10, "Moderate")
    assert body["score"]["cutoffs"][0]["positive"] is True
    assert body["crisis"] is None


@pytest.mark.parametrize(("item9", "flag"), [(1, "phq9_item9_positive"), (None, "phq9_item9_missing")])
def test_item9_positive_or_missing_returns_the_crisis_lines_at_once(
    alice_client: Client, item9: int | None, flag: str,
) -> None:
    body = _post(alice_client, f"{API}/questionnaires/phq9/responses", {"answers": [0] * 8 + [item9]}).json()
    assert body["crisis"]["region"] == "United States"
    assert "988" in [line.get("number") for line in body["crisis"]["lines"]]
    event = SafetyEvent.objects.get(pk=body["crisis"]["event_id"])
    assert event.details["flags"] == [flag]
    assert event.acknowledged_at is None


def test_the_crisis_screen_is_acknowledged_through_the_api(alice_client: Client) -> None:
    body = _post(alice_client, f"{API}/questionnaires/phq9/responses", {"answers": [0] * 8 + [3]}).json()
    url = body["crisis"]["acknowledge_url"]
    refused = _post(alice_client, url, {"acknowledged": False})
    assert refused.status_code == 422
    assert _post(alice_client, url, {"acknowledged": True}).json()["acknowledged_at"] is not None


def test_an_answer_out_of_range_is_refused_naming_the_question_and_nothing_saved(alice_client: Client) -> None:
    answer = _post(alice_client, f"{API}/questionnaires/phq9/responses", {"answers": [0, 0, 5, 0, 0, 0, 0, 0, 0]})
    assert answer.status_code == 422
    assert "question 3 (phq9_3): 5 is not one of 0, 1, 2, 3" in answer.json()["detail"][0]["msg"]
    assert QuestionnaireResponse.objects.count() == 0


def test_the_wrong_number_of_answers_is_refused(alice_client: Client) -> None:
    answer = _post(alice_client, f"{API}/questionnaires/gad2/responses", {"answers": [0, 0, 0]})
    assert answer.status_code == 422
    assert "has 2 questions, got 3 answers" in answer.json()["detail"][0]["msg"]


def test_an_unknown_instrument_is_not_found(alice_client: Client) -> None:
    assert _post(alice_client, f"{API}/questionnaires/bpi/responses", {"answers": [0]}).status_code == 404


def test_a_draft_has_no_score_until_it_is_completed(alice_client: Client) -> None:
    draft = _post(
        alice_client, f"{API}/questionnaires/gad2/responses", {"answers": {"gad2_1": 1}, "draft": True}
    ).json()
    assert (draft["status"], draft["total"], draft["score"]) == ("draft", None, None)
    done = _patch(alice_client, f"{API}/questionnaires/responses/{draft['id']}", {"answers": [1, 2]}).json()
    assert (done["status"], done["total"]) == ("completed", 3)


def test_a_completed_response_cannot_be_rewritten(alice_client: Client) -> None:
    done = _post(alice_client, f"{API}/questionnaires/gad2/responses", {"answers": [1, 1]}).json()
    answer = _patch(alice_client, f"{API}/questionnaires/responses/{done['id']}", {"answers": [3, 3]})
    assert answer.status_code == 422
    assert QuestionnaireResponse.objects.get().total == 2


def test_another_person_can_neither_read_nor_change_the_owners_response(
    alice_client: Client, bob_client: Client,
) -> None:
    draft = _post(alice_client, f"{API}/questionnaires/gad2/responses", {"answers": [1, None], "draft": True}).json()
    url = f"{API}/questionnaires/responses/{draft['id']}"
    assert bob_client.get(url).status_code == 404
    assert _patch(bob_client, url, {"answers": [3, 3]}).status_code == 404
    assert bob_client.get(f"{API}/questionnaires/responses").json() == {"items": [], "count": 0}
    assert QuestionnaireResponse.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/questionnaires"),
        ("get", "/questionnaires/phq9"),
        ("get", "/questionnaires/due"),
        ("get", "/questionnaires/schedules"),
        ("get", "/questionnaires/responses"),
        ("get", "/questionnaires/responses/1"),
        ("post", "/questionnaires/phq9/responses"),
        ("put", "/questionnaires/schedules/phq9"),
    ],
)
def test_anonymous_callers_get_401(anon_client: Client, method: str, url: str) -> None:
    if method == "get":
        answer = anon_client.get(f"{API}{url}")
    else:
        answer = getattr(anon_client, method)(f"{API}{url}", data="{}", content_type="application/json")
    assert answer.status_code == 401
    assert QuestionnaireResponse.objects.count() == 0


def test_due_and_schedules_can_be_read_and_changed(alice_client: Client, alice: User) -> None:
    assert {row["instrument"] for row in alice_client.get(f"{API}/questionnaires/due").json()} == {
        "peg",
        "phq9",
        "gad7",
    }
    answer = alice_client.put(
        f"{API}/questionnaires/schedules/phq9",
        data=json.dumps({"every_days": 28, "enabled": False}),
        content_type="application/json",
    )
    assert answer.json()["enabled"] is False
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="phq9")).every_days == 28
    assert "phq9" not in {row["instrument"] for row in alice_client.get(f"{API}/questionnaires/due").json()}


def test_another_persons_schedule_change_leaves_the_owners_alone(alice: User, bob_client: Client) -> None:
    bob_client.put(
        f"{API}/questionnaires/schedules/phq9", data=json.dumps({"every_days": 3}), content_type="application/json"
    )
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="phq9")).every_days == 14


def _observations(bundle: Bundle) -> list[Observation]:
    """The bundle's Observation resources, each checked to have parsed as one."""
    assert bundle.entry is not None
    found: list[Observation] = []
    for entry in bundle.entry:
        assert entry.resource is not None
        if entry.resource.get_resource_type() == "Observation":
            assert isinstance(entry.resource, Observation)
            found.append(entry.resource)
    return found


def _first_code(observation: Observation) -> str:
    assert observation.code.coding
    code = observation.code.coding[0].code
    assert code is not None
    return code


def test_the_fhir_export_parses_back_and_holds_only_the_owners_data(
    alice_client: Client, alice: User, bob: User,
) -> None:
    _post(alice_client, f"{API}/questionnaires/phq9/responses", {"answers": [1] * 8 + [0]})
    make_checkin(alice, pain_average=6)
    make_checkin(bob, pain_average=2)
    confirm_password(alice_client)
    answer = alice_client.get(f"{API}/export?format=fhir")
    assert answer.status_code == 200
    bundle = Bundle.model_validate_json(answer.content)
    observations = _observations(bundle)
    codes = sorted(_first_code(o) for o in observations)
    assert codes == ["44261-6", "72514-3"]
    pain = next(o for o in observations if _first_code(o) == "72514-3")
    assert pain.valueQuantity is not None
    assert pain.valueQuantity.value is not None
    assert float(pain.valueQuantity.value) == 6
