"""Plan API as the owner, another person and anonymous."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.plan.models import PlanPart, PlanTick
from painwise.plan.tests.helpers import part
from painwise.testing import make_medication

pytestmark = pytest.mark.django_db

WALKING = {"kind": "therapy", "choice": "exercise", "schedule": "weekdays", "weekdays": [0, 1, 2, 3, 4, 5, 6],
           "time_of_day": "18:00", "suggested_by": "physiotherapist", "note": "ten minutes"}


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def _fields(answer: Any) -> set[str]:
    return {item["loc"][-1] for item in answer.json()["detail"]}


def test_building_a_plan_and_ticking_today_through_the_api(alice_client: Client, alice: User) -> None:
    assert _send(alice_client, "post", "/api/v1/plan/goals", {"text": "walk to the shop"}).status_code == 201
    assert "therapy" in alice_client.get("/api/v1/plan/kinds").json()
    choices = alice_client.get("/api/v1/plan/kinds/therapy/choices").json()
    assert "exercise" in {c["value"] for c in choices}
    assert "kratom" not in {c["value"] for c in choices}
    answer = _send(alice_client, "post", "/api/v1/plan/parts", WALKING)
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["when"] == "every day at 18:00"
    today = [i for i in alice_client.get("/api/v1/plan/agenda").json() if i["part_id"] == created["id"]]
    assert [i["status"] for i in today] == ["due"]
    tick = _send(alice_client, "post", f"/api/v1/plan/parts/{created['id']}/ticks", {"status": "partly"})
    assert tick.json()["status"] == "partly"
    again = _send(alice_client, "post", f"/api/v1/plan/parts/{created['id']}/ticks", {"status": "partly"})
    assert again.status_code == 200
    assert PlanTick.objects.count() == 1
    plan = alice_client.get("/api/v1/plan").json()
    assert plan["goals"][0]["text"] == "walk to the shop"
    assert plan["parts"][0]["suggested_by"] == "physiotherapist"


@pytest.mark.parametrize(("change", "field"), [
    ({"weekdays": []}, "weekdays"),
    ({"schedule": "every", "every_days": 0}, "every_days"),
    ({"schedule": "every", "every_days": 400}, "every_days"),
    ({"kind": "programme", "choice": "no_such_programme"}, "choice"),
    ({"kind": "recipe", "choice": "soup"}, "kind"),
    ({"kind": "medication", "choice": "12345"}, "choice"),
])
def test_bad_parts_are_refused_with_the_field_named_and_nothing_saved(
    alice_client: Client, change: dict[str, Any], field: str,
) -> None:
    answer = _send(alice_client, "post", "/api/v1/plan/parts", {**WALKING, **change})
    assert answer.status_code == 422
    assert field in _fields(answer)
    assert not PlanPart.objects.exists()


def test_changing_a_part_keeps_it_whole_when_the_change_is_refused(alice_client: Client, alice: User) -> None:
    walking = part(alice)
    answer = _send(alice_client, "put", f"/api/v1/plan/parts/{walking.pk}", {**WALKING, "weekdays": []})
    assert answer.status_code == 422
    walking.refresh_from_db()
    assert walking.weekdays == "0123456"
    answer = _send(alice_client, "put", f"/api/v1/plan/parts/{walking.pk}", {**WALKING, "weekdays": [5, 6]})
    assert answer.json()["when"] == "Sat, Sun at 18:00"


def test_a_medication_part_and_an_asked_for_dose_log(alice_client: Client, alice: User) -> None:
    ibuprofen = make_medication(alice)
    answer = _send(alice_client, "post", "/api/v1/plan/parts",
                   {**WALKING, "kind": "medication", "choice": str(ibuprofen.pk)})
    assert answer.json()["label"] == "Ibuprofen"
    _send(alice_client, "post", f"/api/v1/plan/parts/{answer.json()['id']}/ticks", {"status": "done", "log_dose": True})
    from painwise.therapies.models import TherapyEntry

    assert TherapyEntry.objects.filter(user=alice, medication=ibuprofen).count() == 1


def test_another_person_gets_404_for_the_owners_parts_and_goals(bob_client: Client, alice: User) -> None:
    walking = part(alice)
    assert bob_client.get(f"/api/v1/plan/parts/{walking.pk}").status_code == 404
    assert _send(bob_client, "post", f"/api/v1/plan/parts/{walking.pk}/ticks", {"status": "done"}).status_code == 404
    assert bob_client.delete(f"/api/v1/plan/parts/{walking.pk}").status_code == 404
    assert bob_client.get("/api/v1/plan").json()["parts"] == []
    assert not PlanTick.objects.exists()


@pytest.mark.parametrize("url", ["/api/v1/plan", "/api/v1/plan/agenda", "/api/v1/plan/reminders",
                                 "/api/v1/plan/calendar.ics"])
def test_anonymous_callers_get_401(anon_client: Client, url: str) -> None:
    assert anon_client.get(url).status_code == 401


def test_a_token_reads_the_calendar_and_a_read_token_cannot_tick(client: Client, alice: User) -> None:
    walking = part(alice)
    _token, raw = create_api_token(user=alice, name="phone", scope="read")
    headers = {"Authorization": f"Bearer {raw}"}
    ics = client.get("/api/v1/plan/calendar.ics", headers=headers)
    assert ics.status_code == 200
    assert list(Calendar.from_ical(ics.content).walk("VEVENT"))
    answer = client.post(f"/api/v1/plan/parts/{walking.pk}/ticks", data=json.dumps({"status": "done"}),
                         content_type="application/json", headers=headers)
    assert answer.status_code == 403


def test_an_agenda_range_that_is_too_long_is_refused_naming_end(alice_client: Client) -> None:
    answer = alice_client.get("/api/v1/plan/agenda?start=2026-01-01&end=2027-01-01")
    assert answer.status_code == 422
    assert _fields(answer) == {"end"}
