from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from painwise.core.hooks import Notice, registry
from painwise.core.types import User
from painwise.testing import make_entry, make_medication
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/log/", "/log/heat_cold/", "/medications/", "/factors/"])
def test_anonymous_visitor_is_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_person_logs_a_dilator_session_with_its_details(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/log/dilator/", {"taken_at": "2026-11-21T08:30", "duration_minutes": "15",
                                                   "detail_size": "2", "detail_discomfort": "3",
                                                   "detail_lubricant": "yes", "effect": "1"})
    assert response.status_code == 302
    entry = TherapyEntry.objects.get(user=alice)
    assert entry.details == {"size": 2, "discomfort": 3, "lubricant": True}
    assert entry.duration_minutes == 15
    assert entry.effect == 1


def test_missing_required_detail_is_named_and_nothing_saved(alice_client: Client) -> None:
    response = alice_client.post("/log/dilator/", {"taken_at": "2026-11-21T08:30", "duration_minutes": "15"})
    assert response.status_code == 422
    assert "Dilator size" in response.content.decode()
    assert not TherapyEntry.objects.exists()


def test_absurd_or_negative_amounts_are_refused(alice_client: Client) -> None:
    for amount in ("200", "-1"):
        response = alice_client.post("/log/kratom/", {"taken_at": "2026-11-21T08:30", "amount": amount, "unit": "g",
                                                      "detail_form": "capsule"})
        assert response.status_code == 422
    assert not TherapyEntry.objects.exists()


def test_unknown_modality_is_not_found(alice_client: Client) -> None:
    assert alice_client.get("/log/unicorn-dust/").status_code == 404


def test_log_again_repeats_an_entry_in_one_tap(alice_client: Client, alice: User) -> None:
    first = make_entry(alice, modality="heat_cold")
    page = alice_client.get("/log/").content.decode()
    assert f"/entries/{first.pk}/again/" in page
    assert alice_client.post(f"/entries/{first.pk}/again/").status_code == 302
    again = TherapyEntry.objects.exclude(pk=first.pk).get()
    assert (again.modality, again.duration_minutes, again.details) == ("heat_cold", 20, {"kind": "heat"})


def test_notices_from_safety_checks_are_shown_at_once(alice_client: Client, alice: User) -> None:
    def warn(entry: Any) -> Any:
        return [Notice(level="serious", title="Test interaction", body="talk to your pharmacist")]

    registry.entry_checks.append(warn)
    try:
        response = alice_client.post("/log/heat_cold/", {"taken_at": "2026-11-21T08:30", "detail_kind": "cold"},
                                     follow=True)
    finally:
        registry.entry_checks.remove(warn)
    page = response.content.decode()
    assert '<div role="alert">' in page  # a serious notice is announced at once, as a card
    assert "<strong>Test interaction</strong>" in page
    assert "talk to your pharmacist" in page


def test_medication_dose_is_logged_from_the_persons_list(alice_client: Client, alice: User) -> None:
    medication = make_medication(alice)
    form = alice_client.get(f"/log/medication/?medication={medication.pk}").content.decode()
    assert "Ibuprofen" in form
    response = alice_client.post("/log/medication/", {"taken_at": "2026-11-21T08:30", "medication": medication.pk,
                                                      "amount": "400", "unit": "mg"})
    assert response.status_code == 302
    assert TherapyEntry.objects.get(user=alice).factor_slug == "medication:Ibuprofen"


def test_other_person_cannot_use_see_or_change_someone_elses_therapies(
    bob_client: Client, alice: User, bob: User,
) -> None:
    entry = make_entry(alice)
    medication = make_medication(alice)
    factor = CustomFactor.objects.create(user=alice, name="Gluten-free", kind="yes_no")
    assert bob_client.get(f"/entries/{entry.pk}/").status_code == 404
    assert bob_client.post(f"/entries/{entry.pk}/delete/").status_code == 404
    assert bob_client.post(f"/entries/{entry.pk}/again/").status_code == 404
    assert bob_client.get(f"/medications/{medication.pk}/").status_code == 404
    assert bob_client.post(f"/medications/{medication.pk}/delete/").status_code == 404
    assert bob_client.get(f"/log/medication/?medication={medication.pk}").status_code == 404
    assert bob_client.get(f"/log/custom/?factor={factor.pk}").status_code == 404
    response = bob_client.post("/log/medication/", {"taken_at": "2026-11-21T08:30", "medication": medication.pk,
                                                    "amount": "1", "unit": "mg"})
    assert response.status_code == 422  # not one of bob's choices
    assert TherapyEntry.objects.count() == 1
    assert Medication.objects.filter(pk=medication.pk, active=True).exists()
    assert "Ibuprofen" not in bob_client.get("/medications/").content.decode()


def test_owner_edits_and_deletes_an_entry(alice_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    response = alice_client.post(f"/entries/{entry.pk}/", {"taken_at": "2026-11-21T09:00", "duration_minutes": "30",
                                                           "detail_kind": "cold"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.duration_minutes, entry.details) == (30, {"kind": "cold"})
    assert alice_client.post(f"/entries/{entry.pk}/delete/").status_code == 302
    assert not TherapyEntry.objects.exists()


def test_medication_with_logged_doses_is_kept_as_stopped_when_removed(alice_client: Client, alice: User) -> None:
    medication = make_medication(alice)
    make_entry(alice, modality="medication", medication=medication, amount=400, unit="mg")
    alice_client.post(f"/medications/{medication.pk}/delete/")
    medication.refresh_from_db()
    assert medication.active is False


def test_person_adds_an_own_factor_and_logs_it(alice_client: Client, alice: User) -> None:
    assert alice_client.post("/factors/", {"name": "Gluten-free day", "kind": "yes_no"}).status_code == 302
    factor = CustomFactor.objects.get(user=alice)
    assert alice_client.post("/log/custom/", {"taken_at": "2026-11-21T08:30", "factor": factor.pk}).status_code == 302
    entry = TherapyEntry.objects.get(user=alice)
    assert (entry.factor_slug, entry.amount, entry.unit) == ("custom:Gluten-free day", 1.0, "yes")
    duplicate = alice_client.post("/factors/", {"name": "gluten-free day", "kind": "yes_no"})
    assert duplicate.status_code == 422


def test_anonymous_visitor_cannot_change_anything(anon_client: Client, alice: User) -> None:
    entry = make_entry(alice)
    medication = make_medication(alice)
    for url in (f"/entries/{entry.pk}/delete/", f"/entries/{entry.pk}/again/", f"/medications/{medication.pk}/delete/",
                f"/entries/{entry.pk}/"):
        response = anon_client.post(url, {"taken_at": "2026-11-21T09:00", "detail_kind": "cold"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert TherapyEntry.objects.count() == 1
    assert TherapyEntry.objects.get().details == {"kind": "heat"}
    assert Medication.objects.filter(pk=medication.pk).exists()


def test_catalog_and_log_form_link_to_the_evidence_cards(alice_client: Client) -> None:
    assert "/evidence/acupuncture/" in alice_client.get("/log/").content.decode()
    assert "/evidence/kratom/" in alice_client.get("/log/kratom/").content.decode()


def test_person_marks_an_own_factor_as_used_when_pain_is_bad(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/factors/", {"name": "Lying down", "kind": "yes_no", "as_needed": "on"})
    assert response.status_code == 302
    factor = CustomFactor.objects.get(user=alice)
    assert factor.as_needed
    assert "I use this when pain is bad" in alice_client.get("/factors/").content.decode()
    assert alice_client.post(f"/factors/{factor.pk}/as-needed/", {}).status_code == 302
    factor.refresh_from_db()
    assert not factor.as_needed
    alice_client.post(f"/factors/{factor.pk}/as-needed/", {"as_needed": "on"})
    factor.refresh_from_db()
    assert factor.as_needed


def test_another_person_cannot_mark_my_factor_and_a_visitor_is_sent_to_sign_in(
    bob_client: Client, anon_client: Client, alice: User,
) -> None:
    factor = CustomFactor.objects.create(user=alice, name="Lying down")
    assert bob_client.post(f"/factors/{factor.pk}/as-needed/", {"as_needed": "on"}).status_code == 404
    response = anon_client.post(f"/factors/{factor.pk}/as-needed/", {"as_needed": "on"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    factor.refresh_from_db()
    assert not factor.as_needed
