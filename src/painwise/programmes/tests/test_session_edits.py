"""Correcting and deleting a logged programme session, as the owner, another person and an anonymous visitor."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.programmes import services
from painwise.programmes.models import ProgrammeSession
from painwise.therapies.models import TherapyEntry

pytestmark = pytest.mark.django_db

CALM = {"size": "1", "minutes": "15", "discomfort": "2", "anxiety": "1", "lubricant": "on"}


def _entry_id(session: ProgrammeSession) -> int:
    assert session.therapy_entry_id is not None, "a logged session has its therapy entry"
    return session.therapy_entry_id


def _logged(client: Client, user: User) -> ProgrammeSession:
    client.post("/programmes/dilators/start/")
    client.post("/programmes/dilators/log/", CALM)
    return ProgrammeSession.objects.get(user=user)


def test_the_programme_page_links_each_session_to_its_correction(alice_client: Client, alice: User) -> None:
    session = _logged(alice_client, alice)
    page = alice_client.get("/programmes/dilators/").content.decode()
    assert f'href="/programmes/dilators/sessions/{session.pk}/"' in page


def test_the_owner_corrects_a_session_and_its_therapy_entry_follows(alice_client: Client, alice: User) -> None:
    session = _logged(alice_client, alice)
    form = alice_client.get(f"/programmes/dilators/sessions/{session.pk}/").content.decode()
    assert 'value="15"' in form  # the saved minutes, not the defaults
    response = alice_client.post(f"/programmes/dilators/sessions/{session.pk}/",
                                 {**CALM, "minutes": "20", "discomfort": "6"}, follow=True)
    assert "Corrected your session" in response.content.decode()
    session.refresh_from_db()
    assert session.values["minutes"] == 20
    assert session.values["discomfort"] == 6
    entry = TherapyEntry.objects.get(pk=_entry_id(session))
    assert entry.duration_minutes == 20
    assert entry.details["discomfort"] == 6
    assert services.progress_of(enrolment=session.enrolment).sessions == 1


def test_a_bad_correction_names_the_field_and_changes_nothing(alice_client: Client, alice: User) -> None:
    session = _logged(alice_client, alice)
    response = alice_client.post(f"/programmes/dilators/sessions/{session.pk}/", {**CALM, "minutes": "500"})
    assert response.status_code == 422
    assert "Minutes" in response.content.decode()
    session.refresh_from_db()
    assert session.values["minutes"] == 15
    assert TherapyEntry.objects.get(pk=_entry_id(session)).duration_minutes == 15


def test_the_owner_deletes_a_session_and_the_therapy_entry_logged_with_it(alice_client: Client, alice: User) -> None:
    session = _logged(alice_client, alice)
    response = alice_client.post(f"/programmes/dilators/sessions/{session.pk}/delete/", follow=True)
    assert "Deleted your session" in response.content.decode()
    assert not ProgrammeSession.objects.filter(user=alice).exists()
    assert not TherapyEntry.objects.filter(pk=_entry_id(session)).exists()


def test_another_person_can_neither_see_correct_nor_delete_alices_session(
    alice_client: Client, bob_client: Client, alice: User,
) -> None:
    session = _logged(alice_client, alice)
    bob_client.post("/programmes/dilators/start/")  # bob follows the same programme
    url = f"/programmes/dilators/sessions/{session.pk}/"
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {**CALM, "minutes": "30"}).status_code == 404
    assert bob_client.post(url + "delete/").status_code == 404
    assert alice_client.get(f"/programmes/pacing/sessions/{session.pk}/").status_code == 404  # wrong programme
    session.refresh_from_db()
    assert session.values["minutes"] == 15


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(
    anon_client: Client, alice_client: Client, alice: User,
) -> None:
    session = _logged(alice_client, alice)
    url = f"/programmes/dilators/sessions/{session.pk}/"
    assert "/accounts/login/" in anon_client.get(url)["Location"]
    assert "/accounts/login/" in anon_client.post(url + "delete/")["Location"]
    assert ProgrammeSession.objects.filter(pk=session.pk).exists()
