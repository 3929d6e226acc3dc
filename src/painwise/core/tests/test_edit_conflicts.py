"""Edits of the same record from two places: different fields both survive, the same field is a conflict.

Covers check-ins, flares, therapy entries, medications and own factors through the API (409 with
both values) and the edit forms (the conflict box, where the person chooses), plus real races of two
threads with their own database connections (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.services import record_checkin, record_episode, update_checkin
from painwise.testing import make_checkin, make_entry, make_medication, make_user, race, send
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.services import create_factor

# ---------------------------------------------------------------- helpers


def form_data(form: Any) -> dict[str, Any]:
    """What a browser would send back for an unchanged form: every field's shown value."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        if isinstance(value, bool):
            value = "on" if value else ""
            if not value:
                continue
        data[name] = value
    return data


def shown_form(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


def make_episode(user: User) -> PainEpisode:
    started = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    return record_episode(user=user, values={"started_at": started, "intensity": 6, "helped": "heat pad"})


# Record kind -> (make one for a user, API path, two fields with a value each to set them to).
KINDS: dict[str, tuple[Callable[[Any], Any], str, dict[str, Any], dict[str, Any]]] = {
    "checkin": (lambda u: make_checkin(u), "/api/v1/checkins/{}", {"pain_now": 8}, {"notes": "from the phone"}),
    "episode": (make_episode, "/api/v1/episodes/{}", {"intensity": 9}, {"notes": "from the phone"}),
    "entry": (lambda u: make_entry(u), "/api/v1/entries/{}", {"effect": 2}, {"notes": "from the phone"}),
    "medication": (lambda u: make_medication(u), "/api/v1/medications/{}", {"dose": 200.0},
                   {"schedule": "twice daily"}),
    "factor": (lambda u: create_factor(user=u, name="Walk", kind="yes_no"), "/api/v1/factors/{}",
               {"name": "Long walk"}, {"kind": "count"}),
}


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("kind", KINDS)
def test_api_edits_of_different_fields_from_the_same_version_both_survive(
    alice_client: Client, alice: User, kind: str,
) -> None:
    make, path, first, second = KINDS[kind]
    record = make(alice)
    url = path.format(record.pk)
    assert send(alice_client, "patch", url, {**first, "version": 1}).status_code == 200
    response = send(alice_client, "patch", url, {**second, "version": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 3
    for name, value in {**first, **second}.items():
        assert body[name] == value


@pytest.mark.parametrize("kind", KINDS)
def test_api_edit_of_a_field_changed_meanwhile_answers_409_with_both_values_and_saves_nothing(
    alice_client: Client, alice: User, kind: str
) -> None:
    make, path, first, second = KINDS[kind]
    record = make(alice)
    url = path.format(record.pk)
    (name, theirs), = first.items()
    assert send(alice_client, "patch", url, {name: theirs, "version": 1}).status_code == 200
    mine = {"pain_now": 2, "intensity": 3, "effect": -1, "dose": 600.0, "name": "Short walk"}[name]
    response = send(alice_client, "patch", url, {name: mine, **second, "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert (body["field"], body["yours"], body["current"], body["version"]) == (name, mine, theirs, 2)
    assert body["conflicts"] == [{"field": name, "yours": mine, "current": theirs}]
    assert "Nothing was saved" in body["detail"]
    saved = type(record).objects.get(pk=record.pk)
    assert getattr(saved, next(iter(second))) != next(iter(second.values()))
    assert saved.version == 2


def test_api_edit_that_sets_the_same_value_someone_else_did_is_no_conflict(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    url = f"/api/v1/checkins/{checkin.pk}"
    assert send(alice_client, "patch", url, {"pain_now": 8, "version": 1}).status_code == 200
    assert send(alice_client, "patch", url, {"pain_now": 8, "version": 1}).status_code == 200


def test_api_edit_with_the_current_version_overwrites(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    url = f"/api/v1/checkins/{checkin.pk}"
    assert send(alice_client, "patch", url, {"pain_now": 8}).json()["version"] == 2
    response = send(alice_client, "patch", url, {"pain_now": 3, "version": 2})
    assert response.status_code == 200
    assert response.json()["pain_now"] == 3


def test_api_edit_without_a_version_changes_only_the_fields_sent(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_now=4, notes="first")
    response = send(alice_client, "patch", f"/api/v1/checkins/{checkin.pk}", {"pain_now": 6})
    assert response.status_code == 200
    assert (response.json()["pain_now"], response.json()["notes"]) == (6, "first")


def test_a_bad_version_is_refused_naming_the_field(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    response = send(alice_client, "patch", f"/api/v1/checkins/{checkin.pk}", {"pain_now": 6, "version": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "version"


def test_an_unchanged_save_keeps_the_version(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_now=4)
    response = send(alice_client, "patch", f"/api/v1/checkins/{checkin.pk}", {"pain_now": 4})
    assert response.json()["version"] == 1


def test_other_person_cannot_edit_a_factor_and_it_stays(bob_client: Client, alice: User) -> None:
    factor = create_factor(user=alice, name="Walk", kind="yes_no")
    response = send(bob_client, "patch", f"/api/v1/factors/{factor.pk}", {"name": "Mine now"})
    assert response.status_code == 404
    assert CustomFactor.objects.get(pk=factor.pk).name == "Walk"


def test_anonymous_visitor_cannot_edit_a_factor(anon_client: Client, alice: User) -> None:
    factor = create_factor(user=alice, name="Walk", kind="yes_no")
    assert send(anon_client, "patch", f"/api/v1/factors/{factor.pk}", {"name": "x"}).status_code == 401
    assert CustomFactor.objects.get(pk=factor.pk).name == "Walk"


def test_a_factor_cannot_take_the_name_of_another_one_of_the_same_person(alice_client: Client, alice: User) -> None:
    create_factor(user=alice, name="Walk", kind="yes_no")
    swim = create_factor(user=alice, name="Swim", kind="yes_no")
    response = send(alice_client, "patch", f"/api/v1/factors/{swim.pk}", {"name": "walk"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    assert CustomFactor.objects.get(pk=swim.pk).name == "Swim"


def test_a_used_factor_keeps_its_kind(alice_client: Client, alice: User) -> None:
    factor = create_factor(user=alice, name="Walk", kind="yes_no")
    make_entry(alice, modality="custom", factor=factor)
    response = send(alice_client, "patch", f"/api/v1/factors/{factor.pk}", {"kind": "count"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


# ---------------------------------------------------------------- forms (two browser tabs)


def test_two_tabs_changing_different_fields_of_a_checkin_both_keep_their_change(
    alice_client: Client, alice: User,
) -> None:
    checkin = make_checkin(alice, pain_now=4, notes="first")
    url = f"/checkin/{checkin.day.isoformat()}/"
    tab_one, tab_two = shown_form(alice_client, url), shown_form(alice_client, url)
    assert alice_client.post(url, {**tab_one, "pain_now": 7}).status_code == 302
    assert alice_client.post(url, {**tab_two, "notes": "second tab"}).status_code == 302
    saved = CheckIn.objects.get(pk=checkin.pk)
    assert (saved.pain_now, saved.notes, saved.version) == (7, "second tab", 3)


def test_two_tabs_changing_the_same_field_show_both_values_and_the_person_chooses(
    alice_client: Client, alice: User,
) -> None:
    checkin = make_checkin(alice, pain_now=4, mood=5, notes="first")
    url = f"/checkin/{checkin.day.isoformat()}/"
    tab_one, tab_two = shown_form(alice_client, url), shown_form(alice_client, url)
    assert alice_client.post(url, {**tab_one, "notes": "written on the phone"}).status_code == 302
    response = alice_client.post(url, {**tab_two, "notes": "written on the laptop", "mood": 8})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "written on the phone" in page
    assert "written on the laptop" in page
    assert CheckIn.objects.get(pk=checkin.pk).mood == 5  # nothing half-saved
    again = form_data(response.context["form"])
    assert (again["mood"], again["notes"]) == (8, "written on the laptop")  # the person's edits are kept
    assert alice_client.post(url, {**again, "keep_notes": "current"}).status_code == 302
    saved = CheckIn.objects.get(pk=checkin.pk)
    assert (saved.notes, saved.mood) == ("written on the phone", 8)


def test_choosing_your_own_value_in_the_conflict_box_saves_it(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, notes="first")
    url = f"/checkin/{checkin.day.isoformat()}/"
    tab_one, tab_two = shown_form(alice_client, url), shown_form(alice_client, url)
    alice_client.post(url, {**tab_one, "notes": "phone"})
    again = form_data(alice_client.post(url, {**tab_two, "notes": "laptop"}).context["form"])
    assert alice_client.post(url, {**again, "keep_notes": "yours"}).status_code == 302
    assert CheckIn.objects.get(pk=checkin.pk).notes == "laptop"


def test_a_tampered_form_base_is_refused_and_nothing_saved(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_now=4)
    url = f"/checkin/{checkin.day.isoformat()}/"
    data = shown_form(alice_client, url)
    response = alice_client.post(url, {**data, "base": data["base"] + "x", "pain_now": 9})
    assert response.status_code == 422
    assert "reload the page" in response.content.decode()
    assert CheckIn.objects.get(pk=checkin.pk).pain_now == 4


def test_two_tabs_editing_a_flare_keep_both_changes(alice_client: Client, alice: User) -> None:
    episode = make_episode(alice)
    url = f"/episodes/{episode.pk}/"
    tab_one, tab_two = shown_form(alice_client, url), shown_form(alice_client, url)
    assert alice_client.post(url, {**tab_one, "intensity": 9}).status_code == 302
    assert alice_client.post(url, {**tab_two, "notes": "second tab"}).status_code == 302
    saved = PainEpisode.objects.get(pk=episode.pk)
    assert (saved.intensity, saved.notes, saved.helped) == (9, "second tab", "heat pad")


def test_two_tabs_editing_a_therapy_entry_keep_both_changes_and_conflict_on_the_same_field(
    alice_client: Client, alice: User,
) -> None:
    entry = make_entry(alice)
    url = f"/entries/{entry.pk}/"
    tab_one, tab_two, tab_three = (shown_form(alice_client, url) for _ in range(3))
    assert alice_client.post(url, {**tab_one, "effect": 2}).status_code == 302
    assert alice_client.post(url, {**tab_two, "notes": "second tab"}).status_code == 302
    response = alice_client.post(url, {**tab_three, "effect": -1})
    assert response.status_code == 409
    saved = TherapyEntry.objects.get(pk=entry.pk)
    assert (saved.effect, saved.notes, saved.duration_minutes) == (2, "second tab", 20)


def test_two_tabs_editing_a_medication_keep_both_changes_and_conflict_on_the_same_field(
    alice_client: Client, alice: User,
) -> None:
    medication = make_medication(alice)
    url = f"/medications/{medication.pk}/"
    tab_one, tab_two, tab_three = (shown_form(alice_client, url) for _ in range(3))
    assert alice_client.post(url, {**tab_one, "dose": "200"}).status_code == 302
    assert alice_client.post(url, {**tab_two, "schedule": "at night"}).status_code == 302
    response = alice_client.post(url, {**tab_three, "dose": "600"})
    assert response.status_code == 409
    assert "Saved meanwhile: 200" in response.content.decode()
    saved = Medication.objects.get(pk=medication.pk)
    assert (saved.dose, saved.schedule, saved.name) == (200.0, "at night", "Ibuprofen")


def test_other_person_cannot_post_to_an_edit_form(bob_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_now=4)
    response = bob_client.post(f"/medications/{make_medication(alice).pk}/", {"name": "x", "unit": "mg"})
    assert response.status_code == 404
    assert CheckIn.objects.get(pk=checkin.pk).pain_now == 4


# ---------------------------------------------------------------- races of two connections

ROUNDS = 12




@pytest.mark.django_db(transaction=True)
def test_two_clients_patching_different_fields_at_once_lose_nothing() -> None:
    alice = make_user("alice")
    lost = 0
    for round_number in range(ROUNDS):
        checkin = make_checkin(alice, day=local_today(alice) - dt.timedelta(days=round_number), pain_now=1)
        url = f"/api/v1/checkins/{checkin.pk}"
        phone, laptop = Client(), Client()
        phone.force_login(alice)
        laptop.force_login(alice)
        answers = race(partial(send, phone, "patch", url, {"pain_now": 9, "version": 1}),
                        partial(send, laptop, "patch", url, {"notes": f"round {round_number}", "version": 1}))
        assert [a.status_code for a in answers] == [200, 200], answers
        saved = CheckIn.objects.get(pk=checkin.pk)
        lost += saved.pain_now != 9 or saved.notes != f"round {round_number}"
    assert lost == 0


@pytest.mark.django_db(transaction=True)
def test_two_stale_copies_saved_at_once_through_the_service_lose_nothing() -> None:
    alice = make_user("alice")
    checkin = make_checkin(alice, pain_now=None, mood=None)
    for round_number in range(ROUNDS):
        score = round_number % 10
        one, two = CheckIn.objects.get(pk=checkin.pk), CheckIn.objects.get(pk=checkin.pk)
        answers = race(partial(update_checkin, checkin=one, values={"pain_now": score}),
                        partial(update_checkin, checkin=two, values={"mood": score}))
        assert not [a for a in answers if isinstance(a, Exception)], answers
        saved = CheckIn.objects.get(pk=checkin.pk)
        assert (saved.pain_now, saved.mood) == (score, score)


@pytest.mark.django_db(transaction=True)
def test_two_clients_creating_the_same_day_at_once_get_one_201_and_one_422_never_a_500() -> None:
    alice = make_user("alice")
    for round_number in range(ROUNDS):
        day = (local_today(alice) - dt.timedelta(days=round_number)).isoformat()
        phone, laptop = Client(), Client()
        phone.force_login(alice)
        laptop.force_login(alice)
        answers = race(partial(send, phone, "post", "/api/v1/checkins", {"day": day, "pain_now": 3}),
                        partial(send, laptop, "post", "/api/v1/checkins", {"day": day, "mood": 6}))
        assert sorted(a.status_code for a in answers) == [201, 422], answers
        refused = next(a for a in answers if a.status_code == 422)
        assert refused.json()["detail"][0]["loc"][-1] == "day"
        assert CheckIn.objects.filter(user=alice, day=day).count() == 1


def test_a_same_day_checkin_slipping_past_the_check_is_refused_as_422_and_the_transaction_goes_on(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day)
    # Simulate the race on PostgreSQL: the other request's row appears after this one's check.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda self: False)
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        with pytest.raises(ValidationError) as refused:
            record_checkin(user=alice, day=day, values={"pain_now": 3})
        assert "already a check-in" in str(refused.value.message_dict["day"])
        assert CheckIn.objects.filter(user=alice).count() == 1  # the outer transaction is still usable
