"""The therapy API: catalog, entries, medications and own factors, for their owner only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from painwise.accounts.services import create_api_token, revoke_api_token
from painwise.core.hooks import Notice, registry
from painwise.core.types import User
from painwise.testing import fields_named, make_entry, make_medication, send
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.services import create_factor

ENTRIES = "/api/v1/entries"
MEDICATIONS = "/api/v1/medications"
FACTORS = "/api/v1/factors"


def an_hour_ago() -> str:
    return (timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0).isoformat()


def heat(**values: Any) -> dict[str, Any]:
    return {"modality": "heat_cold", "taken_at": an_hour_ago(), "duration_minutes": 20,
            "details": {"kind": "heat"}, **values}


# --- the catalog


def test_the_catalog_lists_each_modality_with_its_detail_fields(alice_client: Client) -> None:
    modalities = {m["slug"]: m for m in send(alice_client, "get", "/api/v1/modalities").json()}
    assert {"dilator", "kratom", "acupuncture", "medication", "custom", "sexual_activity"} <= set(modalities)
    size = next(f for f in modalities["dilator"]["fields"] if f["name"] == "size")
    assert (size["type"], size["required"], size["min"], size["max"]) == ("int", True, 1, 8)
    assert modalities["kratom"]["amount"]["units"]["g"] == 50


# --- entries as their owner


def test_logging_an_entry_answers_with_the_entry_and_its_notices(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "entry_checks", [])
    response = send(alice_client, "post", ENTRIES, heat(effect=1, notes="on the lower back"))
    assert response.status_code == 201
    body = response.json()
    assert (body["modality"], body["label"], body["effect"], body["notices"]) == ("heat_cold", "Heat or cold", 1, [])
    assert TherapyEntry.objects.get(user=alice).notes == "on the lower back"


def test_safety_notices_from_registered_checks_come_back_at_once(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def warn(entry: TherapyEntry) -> list[Notice]:
        return [Notice(level="serious", title="Check this", body="A test warning.", sources=("doi:10.1/x",))]

    monkeypatch.setattr(registry, "entry_checks", [warn])
    notices = send(alice_client, "post", ENTRIES, heat()).json()["notices"]
    assert notices == [{"level": "serious", "title": "Check this", "body": "A test warning.",
                        "sources": ["doi:10.1/x"], "link": "", "code": ""}]


def test_an_entry_without_a_time_is_taken_as_now(alice_client: Client, alice: User) -> None:
    body = send(alice_client, "post", ENTRIES, {"modality": "heat_cold", "details": {"kind": "cold"}}).json()
    taken_at = dt.datetime.fromisoformat(body["taken_at"])
    assert abs((timezone.now() - taken_at).total_seconds()) < 60


def test_a_dilator_session_keeps_its_details(alice_client: Client, alice: User) -> None:
    entry = {"modality": "dilator", "taken_at": an_hour_ago(), "duration_minutes": 15,
             "details": {"size": 3, "discomfort": 4, "lubricant": True}}
    body = send(alice_client, "post", ENTRIES, entry).json()
    assert body["details"] == {"size": 3, "discomfort": 4, "lubricant": True}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"modality": "moonbathing"}, "modality"),
        ({"duration_minutes": -5}, "duration_minutes"),
        ({"duration_minutes": 5000}, "duration_minutes"),
        ({"effect": 3}, "effect"),
        ({"details": {"kind": "lava"}}, "kind"),
        ({"details": {"kind": "heat", "colour": "red"}}, "colour"),
        ({"taken_at": "2025-03-01T10:00:00"}, "taken_at"),
        ({"taken_at": (timezone.now() + dt.timedelta(days=3)).isoformat()}, "taken_at"),
        ({"favourite": True}, "favourite"),
    ],
)
def test_bad_entry_input_is_refused_naming_the_field_and_nothing_saved(
    alice_client: Client, alice: User, change: dict[str, Any], field: str,
) -> None:
    assert fields_named(send(alice_client, "post", ENTRIES, heat(**change))) == {field}
    assert TherapyEntry.objects.count() == 0


@pytest.mark.parametrize(("amount", "reason"), [(-2, "more than zero"), (200, "limit")])
def test_negative_or_absurd_kratom_doses_are_refused(
    alice_client: Client, alice: User, amount: int, reason: str,
) -> None:
    entry = {"modality": "kratom", "taken_at": an_hour_ago(), "amount": amount, "unit": "g",
             "details": {"form": "leaf_powder"}}
    response = send(alice_client, "post", ENTRIES, entry)
    assert fields_named(response) == {"amount"}
    assert reason in response.json()["detail"][0]["msg"]
    assert TherapyEntry.objects.count() == 0


def test_a_dose_of_my_own_medication_is_logged_with_its_unit(alice_client: Client, alice: User) -> None:
    medication = make_medication(alice, "Ibuprofen")
    body = send(alice_client, "post", ENTRIES, {"modality": "medication", "medication": medication.pk,
                                                "amount": 400, "taken_at": an_hour_ago()}).json()
    assert (body["medication"], body["unit"], body["label"]) == (medication.pk, "mg", str(medication))


def test_another_persons_medication_id_is_refused_and_never_linked(
    alice_client: Client, alice: User, bob: User,
) -> None:
    theirs = make_medication(bob, "Tramadol")
    response = send(alice_client, "post", ENTRIES, {"modality": "medication", "medication": theirs.pk,
                                                    "amount": 50, "taken_at": an_hour_ago()})
    assert fields_named(response) == {"medication"}
    assert "Tramadol" not in response.content.decode()
    assert TherapyEntry.objects.count() == 0


def test_another_persons_factor_id_is_refused_and_never_linked(alice_client: Client, alice: User, bob: User) -> None:
    theirs = create_factor(user=bob, name="Gluten", kind="yes_no")
    response = send(alice_client, "post", ENTRIES, {"modality": "custom", "factor": theirs.pk})
    assert fields_named(response) == {"factor"}
    assert TherapyEntry.objects.count() == 0


def test_a_yes_no_factor_of_my_own_is_logged_as_one(alice_client: Client, alice: User) -> None:
    factor = create_factor(user=alice, name="Gluten", kind="yes_no")
    body = send(alice_client, "post", ENTRIES, {"modality": "custom", "factor": factor.pk}).json()
    assert (body["factor"], body["amount"], body["unit"], body["label"]) == (factor.pk, 1.0, "yes", "Gluten")


def test_patch_adds_the_effect_later_and_keeps_the_rest(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    response = send(alice_client, "patch", f"{ENTRIES}/{entry.pk}", {"effect": 2, "side_effects": "red skin"})
    assert response.status_code == 200
    assert isinstance(response.json()["notices"], list)
    entry.refresh_from_db()
    assert (entry.effect, entry.side_effects, entry.duration_minutes) == (2, "red skin", 20)


def test_a_bad_patch_changes_nothing(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    response = send(alice_client, "patch", f"{ENTRIES}/{entry.pk}", {"effect": 1, "duration_minutes": 0})
    assert fields_named(response) == {"duration_minutes"}
    entry.refresh_from_db()
    assert (entry.effect, entry.duration_minutes) == (None, 20)


def test_get_and_delete_my_entry(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    assert send(alice_client, "get", f"{ENTRIES}/{entry.pk}").json()["details"] == {"kind": "heat"}
    assert send(alice_client, "delete", f"{ENTRIES}/{entry.pk}").status_code == 204
    assert not TherapyEntry.objects.exists()


def test_the_entry_list_filters_by_local_day_and_modality(alice_client: Client, alice: User) -> None:
    now = timezone.now()
    old = make_entry(alice, taken_at=now - dt.timedelta(days=10))
    recent = make_entry(alice, taken_at=now - dt.timedelta(hours=1))
    meditation = make_entry(alice, modality="meditation", taken_at=now - dt.timedelta(hours=2), duration_minutes=10)
    assert [e["id"] for e in send(alice_client, "get", ENTRIES).json()["items"]] == [recent.pk, meditation.pk, old.pk]
    since = (now - dt.timedelta(days=2)).date()
    assert [e["id"] for e in send(alice_client, "get", f"{ENTRIES}?since={since}").json()["items"]] == [recent.pk,
                                                                                               meditation.pk]
    until = (now - dt.timedelta(days=5)).date()
    assert [e["id"] for e in send(alice_client, "get", f"{ENTRIES}?until={until}").json()["items"]] == [old.pk]
    meditations = send(alice_client, "get", f"{ENTRIES}?modality=meditation").json()["items"]
    assert [e["id"] for e in meditations] == [meditation.pk]


def test_log_again_repeats_the_entry_without_its_effect_or_notes(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice, effect=2, notes="lovely", taken_at=timezone.now() - dt.timedelta(days=1))
    response = send(alice_client, "post", f"{ENTRIES}/{entry.pk}/log-again")
    assert response.status_code == 201
    again = response.json()
    assert again["id"] != entry.pk
    assert (again["modality"], again["duration_minutes"], again["details"]) == ("heat_cold", 20, {"kind": "heat"})
    assert (again["effect"], again["notes"]) == (None, "")
    assert TherapyEntry.objects.filter(user=alice).count() == 2


def test_log_again_takes_an_optional_time(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    when = an_hour_ago()
    response = send(alice_client, "post", f"{ENTRIES}/{entry.pk}/log-again", {"taken_at": when})
    assert dt.datetime.fromisoformat(response.json()["taken_at"]) == dt.datetime.fromisoformat(when)


def test_frequent_entries_offer_the_latest_of_each_habit(alice_client: Client, alice: User) -> None:
    now = timezone.now()
    for hours in (30, 20, 10):
        latest_heat = make_entry(alice, taken_at=now - dt.timedelta(hours=hours))
    meditation = make_entry(alice, modality="meditation", taken_at=now - dt.timedelta(hours=5), duration_minutes=10)
    frequent = [e["id"] for e in send(alice_client, "get", f"{ENTRIES}/frequent").json()]
    assert frequent == [latest_heat.pk, meditation.pk]


# --- medications and own factors as their owner


def test_adding_a_medication_answers_with_it_and_its_notices(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "medication_checks", [])
    response = send(alice_client, "post", MEDICATIONS,
                    {"name": " Amitriptyline ", "strength": "10 mg tablet", "dose": 10, "schedule": "at night"})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["unit"], body["active"], body["notices"]) == ("Amitriptyline", "mg", True, [])
    assert [m["name"] for m in send(alice_client, "get", MEDICATIONS).json()] == ["Amitriptyline"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"dose": -10}, "dose"),
        ({"dose": 0}, "dose"),
        ({"dose": 400_000}, "dose"),
        ({"unit": "buckets"}, "unit"),
        ({"name": ""}, "name"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_medication_input_is_refused_naming_the_field(
    alice_client: Client, alice: User, change: dict[str, Any], field: str,
) -> None:
    response = send(alice_client, "post", MEDICATIONS, {"name": "Ibuprofen", "dose": 400, **change})
    assert fields_named(response) == {field}
    assert Medication.objects.count() == 0


def test_an_absurd_dose_in_a_patch_changes_nothing(alice_client: Client, alice: User) -> None:
    medication = make_medication(alice)
    response = send(alice_client, "patch", f"{MEDICATIONS}/{medication.pk}", {"dose": 40_000, "schedule": "hourly"})
    assert fields_named(response) == {"dose"}
    assert "typo" in response.json()["detail"][0]["msg"]
    medication.refresh_from_db()
    assert (medication.dose, medication.schedule) == (400, "")


def test_patch_and_get_my_medication(alice_client: Client, alice: User) -> None:
    medication = make_medication(alice, schedule="as needed")
    response = send(alice_client, "patch", f"{MEDICATIONS}/{medication.pk}", {"dose": 200})
    assert response.status_code == 200
    body = send(alice_client, "get", f"{MEDICATIONS}/{medication.pk}").json()
    assert (body["dose"], body["schedule"]) == (200, "as needed")


def test_medication_notices_from_registered_checks_come_back_at_once(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interaction(medication: Medication) -> list[Notice]:
        return [Notice(level="caution", title="Interaction", body="A test caution.", code="test")]

    monkeypatch.setattr(registry, "medication_checks", [interaction])
    notices = send(alice_client, "post", MEDICATIONS, {"name": "Tramadol", "dose": 50}).json()["notices"]
    assert [(n["level"], n["title"], n["code"]) for n in notices] == [("caution", "Interaction", "test")]


def test_a_medication_with_logged_doses_is_kept_inactive_when_deleted(alice_client: Client, alice: User) -> None:
    used, unused = make_medication(alice, "Ibuprofen"), make_medication(alice, "Naproxen")
    make_entry(alice, modality="medication", medication=used, amount=400)
    assert send(alice_client, "delete", f"{MEDICATIONS}/{used.pk}").status_code == 204
    assert send(alice_client, "delete", f"{MEDICATIONS}/{unused.pk}").status_code == 204
    used.refresh_from_db()
    assert used.active is False
    assert not Medication.objects.filter(pk=unused.pk).exists()


def test_factors_are_created_listed_and_deleted(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "post", FACTORS, {"name": "Cups of coffee", "kind": "count"})
    assert response.status_code == 201
    factor = response.json()
    assert (factor["kind"], factor["unit"]) == ("count", "count")
    assert send(alice_client, "get", f"{FACTORS}/{factor['id']}").json()["name"] == "Cups of coffee"
    assert [f["name"] for f in send(alice_client, "get", FACTORS).json()] == ["Cups of coffee"]
    assert send(alice_client, "delete", f"{FACTORS}/{factor['id']}").status_code == 204
    assert not CustomFactor.objects.exists()


def test_a_duplicate_or_unknown_kind_of_factor_is_refused(alice_client: Client, alice: User) -> None:
    create_factor(user=alice, name="Gluten", kind="yes_no")
    assert fields_named(send(alice_client, "post", FACTORS, {"name": "gluten"})) == {"name"}
    assert fields_named(send(alice_client, "post", FACTORS, {"name": "Stairs", "kind": "maybe"})) == {"kind"}
    assert CustomFactor.objects.count() == 1


def test_a_factor_with_logged_entries_cannot_be_deleted(alice_client: Client, alice: User) -> None:
    factor = create_factor(user=alice, name="Gluten", kind="yes_no")
    make_entry(alice, modality="custom", factor=factor)
    response = send(alice_client, "delete", f"{FACTORS}/{factor.pk}")
    assert fields_named(response) == {"factor"}
    assert CustomFactor.objects.filter(pk=factor.pk).exists()


# --- another person and the anonymous visitor


def _alices_records(alice: User) -> tuple[TherapyEntry, Medication, CustomFactor]:
    medication = make_medication(alice, "Ibuprofen")
    return make_entry(alice, effect=1), medication, create_factor(user=alice, name="Gluten", kind="yes_no")


def _record_routes(entry: TherapyEntry, medication: Medication, factor: CustomFactor) -> list[tuple[str, str, Any]]:
    return [
        ("get", f"{ENTRIES}/{entry.pk}", None),
        ("patch", f"{ENTRIES}/{entry.pk}", {"effect": -2}),
        ("delete", f"{ENTRIES}/{entry.pk}", None),
        ("post", f"{ENTRIES}/{entry.pk}/log-again", None),
        ("get", f"{MEDICATIONS}/{medication.pk}", None),
        ("patch", f"{MEDICATIONS}/{medication.pk}", {"dose": 800}),
        ("delete", f"{MEDICATIONS}/{medication.pk}", None),
        ("get", f"{FACTORS}/{factor.pk}", None),
        ("delete", f"{FACTORS}/{factor.pk}", None),
    ]


def _unchanged(entry: TherapyEntry, medication: Medication, factor: CustomFactor) -> bool:
    entry.refresh_from_db()
    medication.refresh_from_db()
    factor.refresh_from_db()
    counts = (TherapyEntry.objects.count(), Medication.objects.count(), CustomFactor.objects.count())
    return (entry.effect, medication.dose, medication.active, counts) == (1, 400, True, (1, 1, 1))


def test_another_person_gets_404_for_every_record_route_and_nothing_changes(bob_client: Client, alice: User) -> None:
    records = _alices_records(alice)
    for method, url, body in _record_routes(*records):
        assert send(bob_client, method, url, body).status_code == 404, (method, url)
    assert _unchanged(*records)


def test_another_person_sees_none_of_my_therapies_in_lists(bob_client: Client, alice: User) -> None:
    _alices_records(alice)
    assert send(bob_client, "get", ENTRIES).json() == {"items": [], "count": 0}
    for url in (f"{ENTRIES}/frequent", MEDICATIONS, FACTORS):
        assert send(bob_client, "get", url).json() == [], url


def test_the_anonymous_visitor_gets_401_from_every_therapy_route(anon_client: Client, alice: User) -> None:
    records = _alices_records(alice)
    collection_routes = [
        ("get", "/api/v1/modalities", None),
        ("get", ENTRIES, None), ("post", ENTRIES, heat()), ("get", f"{ENTRIES}/frequent", None),
        ("get", MEDICATIONS, None), ("post", MEDICATIONS, {"name": "Aspirin"}),
        ("get", FACTORS, None), ("post", FACTORS, {"name": "Stairs"}),
    ]
    for method, url, body in [*collection_routes, *_record_routes(*records)]:
        assert send(anon_client, method, url, body).status_code == 401, (method, url)
    assert _unchanged(*records)


def test_a_script_with_a_token_logs_a_therapy_and_loses_access_once_revoked(alice: User) -> None:
    token, raw = create_api_token(user=alice, name="script", scope="read-write")
    script = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert send(script, "post", ENTRIES, heat(), **auth).status_code == 201
    revoke_api_token(token=token)
    assert send(script, "post", ENTRIES, heat(), **auth).status_code == 401
    assert send(script, "get", ENTRIES, **auth).status_code == 401
    assert TherapyEntry.objects.count() == 1


def test_a_browser_post_without_the_csrf_token_logs_nothing(alice: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert send(browser, "post", ENTRIES, heat()).status_code == 403
    assert send(browser, "post", MEDICATIONS, {"name": "Aspirin"}).status_code == 403
    assert not TherapyEntry.objects.exists()
    assert not Medication.objects.exists()


def test_openapi_document_lists_the_therapy_routes(anon_client: Client) -> None:
    paths = anon_client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/modalities": {"get"},
        "/api/v1/entries": {"get", "post"},
        "/api/v1/entries/frequent": {"get"},
        "/api/v1/entries/{entry_id}": {"get", "patch", "delete"},
        "/api/v1/entries/{entry_id}/log-again": {"post"},
        "/api/v1/medications": {"get", "post"},
        "/api/v1/medications/{medication_id}": {"get", "patch", "delete"},
        "/api/v1/factors": {"get", "post"},
        "/api/v1/factors/{factor_id}": {"get", "patch", "delete"},
    }
    assert {path: set(paths.get(path, {})) for path in expected} == expected


def test_an_own_factor_can_be_created_and_marked_as_used_when_pain_is_bad(alice_client: Client, alice: User) -> None:
    created = send(alice_client, "post", FACTORS, {"name": "Lying down", "as_needed": True}).json()
    assert created["as_needed"] is True
    changed = send(alice_client, "patch", f"{FACTORS}/{created['id']}", {"as_needed": False})
    assert changed.status_code == 200
    assert changed.json()["as_needed"] is False
    assert CustomFactor.objects.get(user=alice).as_needed is False


def test_nobody_else_can_mark_my_factor_as_used_when_pain_is_bad(
    bob_client: Client, anon_client: Client, alice: User,
) -> None:
    factor = create_factor(user=alice, name="Lying down", kind="yes_no")
    assert send(bob_client, "patch", f"{FACTORS}/{factor.pk}", {"as_needed": True}).status_code == 404
    assert send(anon_client, "patch", f"{FACTORS}/{factor.pk}", {"as_needed": True}).status_code == 401
    factor.refresh_from_db()
    assert factor.as_needed is False
