"""Programmes through the API: as owner, as another person (404, nothing changed) and anonymous (401)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.programmes import services
from painwise.programmes.models import ProgrammeSession
from painwise.testing import fields_named, send
from painwise.therapies.models import TherapyEntry

pytestmark = pytest.mark.django_db

CALM = {"size": 1, "minutes": 15, "discomfort": 2, "anxiety": 1}


def test_anonymous_callers_get_401(client: Client) -> None:
    assert client.get("/api/v1/programmes").status_code == 401
    assert send(client, "post", "/api/v1/programmes/dilators/sessions", {"values": CALM}).status_code == 401


def test_the_owner_starts_logs_and_reads_the_suggestion(alice_client: Client) -> None:
    started = send(alice_client, "post", "/api/v1/programmes/dilators/start", {"setup": {"sizes": 5}})
    assert started.status_code == 201
    assert started.json()["setup"]["sizes"] == 5
    for _ in range(3):
        logged = send(alice_client, "post", "/api/v1/programmes/dilators/sessions", {"values": CALM})
    assert logged.status_code == 201
    assert logged.json()["suggestion"]["move"] == "step_up"
    detail = send(alice_client, "get", "/api/v1/programmes/dilators").json()
    assert detail["sessions"] == 3
    assert detail["current"] == "Next: size 2 of 5"
    assert len(send(alice_client, "get", "/api/v1/programmes/dilators/sessions").json()) == 3


def test_the_jump_from_5_to_8_at_9_and_9_answers_with_a_warning(alice_client: Client) -> None:
    send(alice_client, "post", "/api/v1/programmes/dilators/start", {"setup": {"sizes": 8}})
    send(alice_client, "post", "/api/v1/programmes/dilators/sessions", {"values": {**CALM, "size": 5}})
    body = send(alice_client, "post", "/api/v1/programmes/dilators/sessions",
                {"values": {**CALM, "size": 8, "discomfort": 9, "anxiety": 9}}).json()
    assert any("from size 5 to size 8" in n["body"] for n in body["notices"])


@pytest.mark.parametrize(("values", "field"), [({**CALM, "size": 9}, "size"), ({**CALM, "minutes": 500}, "minutes")])
def test_bad_values_are_a_422_naming_the_field_and_nothing_is_saved(
    alice_client: Client, values: dict[str, Any], field: str,
) -> None:
    send(alice_client, "post", "/api/v1/programmes/dilators/start", {})
    response = send(alice_client, "post", "/api/v1/programmes/dilators/sessions", {"values": values})
    assert response.status_code == 422
    assert fields_named(response) == {field}
    assert not ProgrammeSession.objects.exists()
    assert not TherapyEntry.objects.exists()


def test_an_unknown_step_is_a_422_naming_step(alice_client: Client) -> None:
    send(alice_client, "post", "/api/v1/programmes/vaginismus/start", {})
    response = send(alice_client, "post", "/api/v1/programmes/vaginismus/steps", {"step": "levitate"})
    assert response.status_code == 422
    assert fields_named(response) == {"step"}


def test_an_unknown_programme_is_404(alice_client: Client) -> None:
    assert send(alice_client, "get", "/api/v1/programmes/cold_plunge").status_code == 404


def test_the_acupuncture_evaluation_is_served(alice_client: Client) -> None:
    send(alice_client, "post", "/api/v1/programmes/acupuncture/start", {})
    body = send(alice_client, "get", "/api/v1/programmes/acupuncture/evaluation").json()
    assert [c["outcome"] for c in body["comparisons"]] == ["Average pain", "PEG"]
    assert send(alice_client, "get", "/api/v1/programmes/dilators/evaluation").status_code == 404


def test_another_person_cannot_reach_or_change_the_owners_programme(alice: User, bob_client: Client) -> None:
    services.start_programme(user=alice, key="dilators")
    services.log_session(user=alice, key="dilators", values=CALM)
    assert send(bob_client, "get", "/api/v1/programmes/dilators").json()["enrolled"] is False
    assert send(bob_client, "get", "/api/v1/programmes/dilators/sessions").status_code == 404
    assert send(bob_client, "post", "/api/v1/programmes/dilators/sessions", {"values": CALM}).status_code == 404
    assert send(bob_client, "put", "/api/v1/programmes/dilators/setup", {"setup": {"sizes": 3}}).status_code == 404
    enrolment = services.enrolment_for(user=alice, key="dilators")
    assert enrolment is not None
    assert enrolment.setup["sizes"] == 6
    assert ProgrammeSession.objects.count() == 1
