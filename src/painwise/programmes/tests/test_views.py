"""Programme pages as the owner, another person and an anonymous visitor."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.programmes import services
from painwise.programmes.models import ProgrammeSession

pytestmark = pytest.mark.django_db

CALM = {"size": "1", "minutes": "15", "discomfort": "2", "anxiety": "1", "lubricant": "on"}


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    for url in ("/programmes/", "/programmes/dilators/", "/programmes/pelvic_floor/routine/"):
        assert "/accounts/login/" in client.get(url)["Location"]
    assert "/accounts/login/" in client.post("/programmes/dilators/start/")["Location"]


def test_the_list_shows_every_programme(alice_client: Client) -> None:
    page = alice_client.get("/programmes/").content.decode()
    assert "Vaginismus and pelvic-pain start" in page
    assert "Kratom taper with your clinician" in page


def test_pelvic_programmes_are_folded_at_the_end_for_people_who_did_not_choose_them(
    alice_client: Client, alice: User,
) -> None:
    from painwise.accounts.services import update_profile

    page = alice_client.get("/programmes/").content.decode()
    before_fold, folded = page.split("More: pelvic and sexual health")
    assert "Exercise pacing" in before_fold
    assert "Graduated dilators" not in before_fold
    assert "Vaginismus and pelvic-pain start" in folded
    update_profile(user=alice, values={"show_sexual_health": True})
    page = alice_client.get("/programmes/").content.decode()
    assert "More: pelvic and sexual health" not in page
    assert page.index("Graduated dilators") < page.index("Exercise pacing")


def test_a_pelvic_programme_i_follow_is_never_folded(alice_client: Client) -> None:
    alice_client.post("/programmes/dilators/start/")
    page = alice_client.get("/programmes/").content.decode()
    assert "More: pelvic and sexual health" not in page
    assert "You follow this." in page


def test_an_unknown_programme_is_404(alice_client: Client) -> None:
    assert alice_client.get("/programmes/cold_plunge/").status_code == 404


def test_the_owner_starts_dilators_logs_three_calm_sessions_and_is_offered_the_next_size(
    alice_client: Client, alice: User,
) -> None:
    alice_client.post("/programmes/dilators/start/")
    for _ in range(3):
        response = alice_client.post("/programmes/dilators/log/", CALM, follow=True)
    page = response.content.decode()
    assert "Session saved." in page
    assert 'data-move="step_up"' in page
    assert "You could try size 2 next time" in page


def test_a_painful_session_shows_step_back_guidance_red_flags_and_kindness(alice_client: Client) -> None:
    alice_client.post("/programmes/dilators/start/")
    page = alice_client.post("/programmes/dilators/log/", {**CALM, "bleeding": "on"}, follow=True).content.decode()
    assert 'data-move="step_back"' in page
    assert "Warning signs" in page
    assert "Be kind to yourself" in page


def test_500_minutes_is_refused_naming_the_field_and_nothing_is_saved(alice_client: Client) -> None:
    alice_client.post("/programmes/dilators/start/")
    response = alice_client.post("/programmes/dilators/log/", {**CALM, "minutes": "500"})
    assert response.status_code == 422
    assert "Minutes must be a whole number from 1 to 60." in response.content.decode()
    assert not ProgrammeSession.objects.exists()


def test_the_goal_ladder_is_edited_on_the_page(alice_client: Client, alice: User) -> None:
    alice_client.post("/programmes/vaginismus/start/")
    response = alice_client.post("/programmes/vaginismus/setup/", {
        "ladder": "Tampon\nFinger", "reached": ["Tampon"], "examined": "yes"}, follow=True)
    assert "Saved." in response.content.decode()
    enrolment = services.enrolment_for(user=alice, key="vaginismus")
    assert enrolment is not None
    assert enrolment.setup["ladder"][0] == {"text": "Tampon",
                                                                                       "reached": True}
    alice_client.post("/programmes/vaginismus/step/", {"step": "examined"})
    enrolment = services.enrolment_for(user=alice, key="vaginismus")
    assert enrolment is not None
    assert enrolment.setup["done_steps"] == ["examined"]


def test_the_routine_page_carries_the_phases_and_a_shorter_version_on_request(alice_client: Client) -> None:
    alice_client.post("/programmes/pelvic_floor/start/")
    page = alice_client.get("/programmes/pelvic_floor/routine/?phase_seconds=2").content.decode()
    assert page.count('data-seconds="2"') == 4
    assert "programmes/routine-1.3.0" in page
    assert page.index("painwise/pacer-1.0.0.js") < page.index("programmes/routine-1.3.0")  # its breathing pacer
    assert "<script>" not in page
    assert 'action="/programmes/pelvic_floor/log/"' in page


def test_another_person_sees_only_their_own_empty_programme_and_cannot_touch_the_owners(
    alice: User, bob_client: Client,
) -> None:
    services.start_programme(user=alice, key="dilators")
    services.log_session(user=alice, key="dilators", values={"size": 1, "minutes": 15, "discomfort": 2,
                                                             "anxiety": 1})
    page = bob_client.get("/programmes/dilators/").content.decode()
    assert "Start this programme" in page
    assert "sessions logged" not in page
    for action in ("log", "setup", "stop", "step", "evaluated"):
        assert bob_client.post(f"/programmes/dilators/{action}/", CALM).status_code == 404
    assert ProgrammeSession.objects.count() == 1


def test_stopping_keeps_what_was_logged(alice_client: Client, alice: User) -> None:
    alice_client.post("/programmes/pelvic_floor/start/")
    alice_client.post("/programmes/pelvic_floor/log/", {"minutes": "6"})
    alice_client.post("/programmes/pelvic_floor/stop/")
    enrolment = services.enrolment_for(user=alice, key="pelvic_floor")
    assert enrolment is not None
    assert not enrolment.active
    assert ProgrammeSession.objects.count() == 1


def test_the_kratom_taper_page_shows_the_weeks_and_the_plan_form(alice_client: Client) -> None:
    page = alice_client.get("/programmes/kratom_taper/").content.decode()
    assert "Kratom beside physiotherapy and CBT" in page
    alice_client.post("/programmes/kratom_taper/start/")
    response = alice_client.post("/programmes/kratom_taper/setup/", {
        "agreed_with": "Dr Rao", "steps": "2026-12-01 4 g\n2026-12-15 3 g"})
    assert response.status_code == 422
    assert "agreed with your clinician" in response.content.decode()


def test_the_history_page_shows_programme_progress_and_the_months_sessions(
    alice_client: Client, alice: User, bob_client: Client,
) -> None:
    services.start_programme(user=alice, key="dilators")
    for discomfort in (6, 3, 2):
        services.log_session(user=alice, key="dilators",
                             values={"size": 1, "minutes": 15, "discomfort": discomfort, "anxiety": 1})
    page = alice_client.get("/history/").content.decode()
    assert "Your programmes" in page
    assert "Graduated dilators" in page
    assert "Next: size 1 of 6" in page
    assert "3 sessions from" in page
    assert "Discomfort: 6 at the first session, 2 at the latest." in page
    assert "Your programmes" not in bob_client.get("/history/").content.decode()  # bob follows none
    last_year = alice_client.get("/history/?month=2025-01").content.decode()
    assert "0 sessions from" in last_year  # the month shown, not every session


def test_a_programme_page_offers_to_schedule_it_in_the_plan_and_then_says_when_it_is_next(
    alice_client: Client, alice: User,
) -> None:
    alice_client.post("/programmes/dilators/start/")
    page = alice_client.get("/programmes/dilators/").content.decode()
    assert "/plan/parts/new/programme/?choice=dilators" in page
    form = alice_client.get("/plan/parts/new/programme/?choice=dilators").content.decode()
    assert '<option value="dilators" selected>' in form  # the plan form opens with the programme chosen
    response = alice_client.post("/plan/parts/new/programme/", {
        "choice": "dilators", "schedule": "weekdays", "weekdays": list("0123456"), "suggested_by": "self"})
    assert response.status_code == 302
    page = alice_client.get("/programmes/dilators/").content.decode()
    assert "Next in your plan:" in page
    assert "?choice=dilators" not in page


def test_the_kratom_page_leads_to_the_taper_plan(alice_client: Client) -> None:
    page = alice_client.get("/substances/kratom/").content.decode()
    assert 'href="/programmes/kratom_taper/"' in page
    assert "It never proposes doses." in page


def test_dilators_can_start_without_an_examination_but_say_why_it_matters_until_one_is_noted(
    alice_client: Client, alice: User,
) -> None:
    page = alice_client.get("/programmes/dilators/").content.decode()
    assert "Be examined by a clinician" in page
    assert "rule out other causes" in page  # the start programme's own words on why it matters
    assert "?context=sexual_pain" in page  # the warning-signs checklist is offered
    alice_client.post("/programmes/dilators/start/")
    services.log_session(user=alice, key="dilators", values={"size": 1, "minutes": 15, "discomfort": 2, "anxiety": 1})
    assert "Be examined by a clinician" in alice_client.get("/programmes/dilators/").content.decode()
    services.start_programme(user=alice, key="vaginismus", setup={"examined": "yes"})
    assert "Be examined by a clinician" not in alice_client.get("/programmes/dilators/").content.decode()
