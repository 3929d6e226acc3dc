"""Experiment API as the owner, another person and anonymous."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.experiments.models import AdherenceDay, Experiment
from painwise.experiments.tests.helpers import HEAT, started, write_days

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_designing_starting_and_reading_through_the_api(alice_client: Client, alice: User) -> None:
    answer = _post(alice_client, "/api/v1/experiments", HEAT)
    assert answer.status_code == 201
    pk = answer.json()["id"]
    assert answer.json()["status"] == "draft"
    precision = alice_client.get(f"/api/v1/experiments/{pk}/precision").json()
    assert precision["simulations"] == 200
    started_json = _post(alice_client, f"/api/v1/experiments/{pk}/start", {}).json()
    assert len(started_json["fingerprint"]) == 64
    assert started_json["today"]["condition"] in {"A", "B"}
    assert _post(alice_client, f"/api/v1/experiments/{pk}/adherence", {"followed": True}).status_code == 200
    result = alice_client.get(f"/api/v1/experiments/{pk}/result").json()
    assert result["interim"] is True
    assert result["followed"] == 1


def test_a_finished_experiment_result_has_the_trialist_probabilities(alice_client: Client, alice: User) -> None:
    experiment = started(alice, days_ago=40)
    write_days(experiment, effect=-2.5)
    result = alice_client.get(f"/api/v1/experiments/{experiment.pk}/result").json()
    assert result["interim"] is False
    assert result["result"]["verdict"] == "a_better"
    assert 0 <= result["result"]["randomisation_p"] <= 1
    assert set(result["result"]) >= {"p_better", "p_better_mcid", "p_same", "p_worse", "p_worse_mcid"}


def test_a_bad_design_is_a_422_naming_the_field(alice_client: Client) -> None:
    answer = _post(alice_client, "/api/v1/experiments", {**HEAT, "label_a": "oxycodone"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "label_a"
    assert not Experiment.objects.exists()


def test_a_bearer_token_works(alice: User) -> None:
    from django.test import Client

    _, raw = create_api_token(user=alice, name="script")
    answer = Client().get("/api/v1/experiments", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200


def test_another_person_gets_404_and_changes_nothing(bob_client: Client, alice: User) -> None:
    experiment = started(alice)
    pk = experiment.pk
    assert bob_client.get(f"/api/v1/experiments/{pk}").status_code == 404
    assert bob_client.get(f"/api/v1/experiments/{pk}/result").status_code == 404
    assert bob_client.get(f"/api/v1/experiments/{pk}/precision").status_code == 404
    assert _post(bob_client, f"/api/v1/experiments/{pk}/adherence", {"followed": True}).status_code == 404
    assert _post(bob_client, f"/api/v1/experiments/{pk}/status", {"status": "stopped"}).status_code == 404
    assert _post(bob_client, f"/api/v1/experiments/{pk}/start", {}).status_code == 404
    assert bob_client.get("/api/v1/experiments").json() == []
    experiment.refresh_from_db()
    assert experiment.status == "running"
    assert not AdherenceDay.objects.exists()


def test_anonymous_gets_401(anon_client: Client, alice: User) -> None:
    experiment = started(alice)
    assert anon_client.get("/api/v1/experiments").status_code == 401
    assert anon_client.get(f"/api/v1/experiments/{experiment.pk}/result").status_code == 401
    assert _post(anon_client, "/api/v1/experiments", HEAT).status_code == 401
    assert _post(anon_client, f"/api/v1/experiments/{experiment.pk}/adherence", {"followed": True}).status_code == 401
    assert Experiment.objects.count() == 1
