"""Questionnaire pages as the owner, another person and an anonymous visitor."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from painwise.accounts.services import local_today, update_profile
from painwise.core.fields import blind_lookup
from painwise.core.types import User
from painwise.instruments.catalog import catalogue, get_instrument
from painwise.instruments.models import QuestionnaireResponse, Schedule
from painwise.instruments.services import save_response, set_clinician_mode
from painwise.safety.models import SafetyEvent

pytestmark = pytest.mark.django_db

SELF_REPORT = sorted(key for key, i in catalogue().items() if i.audience == "self_report")


def _post(items: list[int | None], prefix: str = "phq9_") -> dict[str, str]:
    return {f"{prefix}{n}": str(v) for n, v in enumerate(items, start=1) if v is not None}


def _completed(user: User, answers: Sequence[int | None], instrument: str = "phq9") -> QuestionnaireResponse:
    return save_response(user=user, instrument=get_instrument(instrument), answers=answers, draft=False).response


@pytest.mark.parametrize("instrument_id", SELF_REPORT)
def test_every_self_report_instrument_opens_on_one_screen_with_its_licence_notice(
    alice_client: Client, instrument_id: str,
) -> None:
    instrument = get_instrument(instrument_id)
    page = html.unescape(alice_client.get(reverse("instruments:fill", args=[instrument_id])).content.decode())
    for item in instrument.items:
        assert f'name="{item.id}"' in page
        assert item.text in page
    assert instrument.licence.notice in page


def test_finishing_the_phq9_shows_score_band_and_meaning(alice_client: Client) -> None:
    answer = alice_client.post(reverse("instruments:fill", args=["phq9"]), _post([1, 1, 1, 1, 1, 1, 1, 1, 0]))
    row = QuestionnaireResponse.objects.get()
    assert answer["Location"] == reverse("instruments:response", args=[row.pk])
    page = alice_client.get(answer["Location"]).content.decode()
    assert "Your score: <strong>8</strong>" in page
    assert "Mild" in page
    assert "Mild symptoms of depression." in page


def test_the_result_page_shows_change_against_the_minimal_important_change(alice_client: Client, alice: User) -> None:
    _completed(alice, [2, 2, 2, 2, 2, 2, 2, 0, 0])
    latest = _completed(alice, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    page = alice_client.get(reverse("instruments:response", args=[latest.pk])).content.decode()
    assert "From 14 to 8: -6 points" in page
    assert "reaches the smallest change that matters for this questionnaire (5 points)" in page


def test_item9_above_zero_goes_straight_to_the_crisis_screen(alice_client: Client) -> None:
    answer = alice_client.post(reverse("instruments:fill", args=["phq9"]), _post([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    event = SafetyEvent.objects.get()
    assert answer["Location"].startswith(reverse("safety:crisis", args=[event.pk]))
    assert event.details["flags"] == ["phq9_item9_positive"]


def test_item9_left_blank_goes_straight_to_the_crisis_screen(alice_client: Client) -> None:
    answer = alice_client.post(reverse("instruments:fill", args=["phq9"]), _post([3, 3, 3, 3, 3, 3, 3, 3, None]))
    event = SafetyEvent.objects.get()
    assert answer["Location"].startswith(reverse("safety:crisis", args=[event.pk]))
    assert event.details["flags"] == ["phq9_item9_missing"]
    page = alice_client.get(answer["Location"]).content.decode()
    assert "988" in page


def test_the_score_cannot_be_reached_before_the_crisis_screen_is_acknowledged(alice_client: Client) -> None:
    alice_client.post(reverse("instruments:fill", args=["phq9"]), _post([0, 0, 0, 0, 0, 0, 0, 0, 2]))
    row = QuestionnaireResponse.objects.get()
    event = SafetyEvent.objects.get()
    blocked = alice_client.get(reverse("instruments:response", args=[row.pk]))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("safety:crisis", args=[event.pk]))
    home = alice_client.get("/").content.decode()
    assert "Please read this first" in home


def test_a_missing_item_gives_no_total_and_says_why(alice_client: Client, alice: User) -> None:
    alice_client.post(reverse("instruments:fill", args=["gad7"]), _post([1, 1, None, 1, 1, 1, 1], prefix="gad7_"))
    row = QuestionnaireResponse.objects.get()
    assert row.total is None
    page = alice_client.get(reverse("instruments:response", args=[row.pk])).content.decode()
    assert "No total for these answers" in page
    assert "Question 3 not answered." in page


def test_a_draft_keeps_partial_answers_without_a_score_and_is_continued(alice_client: Client) -> None:
    alice_client.post(reverse("instruments:fill", args=["gad7"]), {"gad7_1": "2", "save_draft": "1"})
    draft = QuestionnaireResponse.objects.get()
    assert (draft.status, draft.total, draft.answers["gad7_1"]) == ("draft", None, 2)
    page = alice_client.get(reverse("instruments:fill", args=["gad7"])).content.decode()
    assert "Continuing your draft" in page
    assert re.search(r'name="gad7_1" value="2"[^>]*checked', page)
    alice_client.post(reverse("instruments:fill", args=["gad7"]), _post([2, 1, 1, 1, 1, 1, 1], prefix="gad7_"))
    completed = QuestionnaireResponse.objects.get()
    assert (completed.pk, completed.status, completed.total) == (draft.pk, "completed", 8)


def test_an_answer_outside_the_options_is_refused_and_nothing_saved(alice_client: Client) -> None:
    answer = alice_client.post(reverse("instruments:fill", args=["phq9"]), _post([1, 1, 7, 1, 1, 1, 1, 1, 0]))
    assert answer.status_code == 422
    assert QuestionnaireResponse.objects.count() == 0
    assert "Select a valid choice" in answer.content.decode()


def test_cows_is_hidden_outside_clinician_mode(alice_client: Client, alice: User) -> None:
    assert alice_client.get(reverse("instruments:fill", args=["cows"])).status_code == 404
    assert "COWS" not in alice_client.get(reverse("instruments:index")).content.decode()
    set_clinician_mode(user=alice, enabled=True)
    assert alice_client.get(reverse("instruments:fill", args=["cows"])).status_code == 200


def test_an_unknown_instrument_is_not_found(alice_client: Client) -> None:
    assert alice_client.get(reverse("instruments:fill", args=["bpi"])).status_code == 404


def test_another_person_cannot_see_the_owners_result(alice: User, bob_client: Client) -> None:
    row = _completed(alice, [1] * 9)
    assert bob_client.get(reverse("instruments:response", args=[row.pk])).status_code == 404


def test_another_persons_chart_holds_only_their_own_answers(alice: User, bob_client: Client) -> None:
    _completed(alice, [1] * 9)
    svg = bob_client.get(reverse("instruments:chart", args=["phq9"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"No scored answers yet" in svg.content


def test_the_owners_chart_is_an_svg_with_their_totals(alice_client: Client, alice: User) -> None:
    _completed(alice, [1] * 9)
    svg = alice_client.get(reverse("instruments:chart", args=["phq9"]))
    assert svg.content.startswith(b"<?xml")
    assert b"No scored answers yet" not in svg.content


@pytest.mark.parametrize(
    "url",
    [
        reverse("instruments:index"),
        reverse("instruments:fill", args=["phq9"]),
        reverse("instruments:response", args=[1]),
        reverse("instruments:chart", args=["phq9"]),
        reverse("instruments:schedules"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, url: str) -> None:
    answer = anon_client.get(url)
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_anonymous_post_saves_nothing(anon_client: Client) -> None:
    anon_client.post(reverse("instruments:fill", args=["phq9"]), _post([1] * 9))
    assert QuestionnaireResponse.objects.count() == 0


# --- Schedules and the due list ------------------------------------------------------------------


def test_onboarding_schedules_a_baseline_from_the_persons_conditions(alice: User) -> None:
    today = local_today(alice)
    due_now = dict(Schedule.objects.filter(user=alice).values_list("instrument", "next_due"))
    assert due_now == {
        "peg": today,
        "phq9": today,
        "gad7": today,
        "pgic": today + dt.timedelta(days=28),
    }
    update_profile(user=alice, values={"conditions": ["ptsd"]})
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="pcl5")).every_days == 30


def test_the_home_page_lists_what_is_due(alice_client: Client) -> None:
    page = alice_client.get("/").content.decode()
    assert "Questionnaires due" in page
    assert reverse("instruments:fill", args=["peg"]) in page


def test_the_due_list_names_each_questionnaire_once(alice_client: Client) -> None:
    panel = alice_client.get("/").content.decode().split('id="due-h"')[1].split("</section>")[0]
    assert "PEG</a> – <span>Pain, Enjoyment of life, General activity</span>" in panel
    assert "PEG: Pain" not in panel
    assert "PHQ-9</a> – <span>Patient Health Questionnaire-9</span>" in panel


def test_completing_a_questionnaire_moves_its_next_date_on(alice: User, alice_client: Client) -> None:
    _completed(alice, [5, 5, 5], instrument="peg")
    schedule = Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="peg"))
    assert schedule.next_due == local_today(alice) + dt.timedelta(days=7)
    assert reverse("instruments:fill", args=["peg"]) not in alice_client.get("/").content.decode()


def test_the_person_can_change_or_switch_off_a_schedule(alice: User, alice_client: Client) -> None:
    form = {}
    for row in Schedule.objects.filter(user=alice):
        form[f"{row.instrument}-every_days"] = str(row.every_days)
        form[f"{row.instrument}-enabled"] = "on"
    form["phq9-every_days"] = "28"
    del form["gad7-enabled"]
    answer = alice_client.post(reverse("instruments:schedules"), form)
    assert answer.status_code == 302
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="phq9")).every_days == 28
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="gad7")).enabled is False
    assert reverse("instruments:fill", args=["gad7"]) not in alice_client.get("/").content.decode()


def test_a_zero_day_interval_is_refused_and_nothing_changes(alice: User, alice_client: Client) -> None:
    form = {f"{r.instrument}-every_days": str(r.every_days) for r in Schedule.objects.filter(user=alice)}
    form["peg-every_days"] = "0"
    assert alice_client.post(reverse("instruments:schedules"), form).status_code == 422
    assert Schedule.objects.get(user=alice, **blind_lookup(Schedule, alice, instrument="peg")).every_days == 7


def test_another_persons_schedule_form_changes_only_their_own(alice: User, bob: User, bob_client: Client) -> None:
    form = {f"{r.instrument}-every_days": "3" for r in Schedule.objects.filter(user=bob)}
    bob_client.post(reverse("instruments:schedules"), form)
    assert set(Schedule.objects.filter(user=alice).values_list("every_days", flat=True)) == {7, 14, 28}


def test_the_list_shows_the_latest_result_of_each_questionnaire(alice_client: Client, alice: User) -> None:
    _completed(alice, [1] * 8 + [0])
    page = alice_client.get(reverse("instruments:index")).content.decode()
    assert ">PHQ-9</a></td>" in page
    assert "<td>Mild</td>" in page


def test_the_list_shows_only_the_most_recent_result_of_each_questionnaire_and_only_ones_own(
    alice_client: Client, alice: User, bob: User,
) -> None:
    _completed(alice, [1] * 8 + [0])  # 8 points
    _completed(alice, [2] * 8 + [0])  # 16 points, later
    _completed(alice, [1] * 7, "gad7")  # 7 points
    _completed(bob, [3] * 8 + [0])  # 24 points, someone else's
    page = alice_client.get(reverse("instruments:index")).content.decode()
    rows = re.findall(r"<tr><td><a href=\"[^\"]+\">([^<]+)</a></td><td>[^<]*</td><td>([^<]*)</td>", page)
    assert sorted(rows) == [("GAD-7", "7"), ("PHQ-9", "16")]


def test_every_wording_change_for_the_screen_is_disclosed_on_the_form(alice_client: Client) -> None:
    page = html.unescape(alice_client.get(reverse("instruments:fill", args=["pgic"])).content.decode())
    assert '"Since the start of the study" became "Since the start of treatment"' in page
    assert "doi:10.1016/S0304-3959(01)00349-9" in page


def test_a_licensed_instrument_from_the_deployments_folder_can_be_filled_in(
    alice_client: Client, tmp_path: Path, settings: Settings,
) -> None:
    import yaml

    from painwise.instruments.catalog import CORE_DIR

    data = yaml.safe_load((CORE_DIR / "gad2.yaml").read_text(encoding="utf-8"))
    data.update(id="licensed_scale", short_name="LS-2", name="A scale this deployment holds a licence for")
    data["licence"]["verdict"] = "licensed_by_deployment"
    (tmp_path / "licensed_scale.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    settings.EXTRA_INSTRUMENTS_DIR = str(tmp_path)
    assert "LS-2" in alice_client.get(reverse("instruments:index")).content.decode()
    answer = alice_client.post(reverse("instruments:fill", args=["licensed_scale"]), {"gad2_1": "1", "gad2_2": "2"})
    assert QuestionnaireResponse.objects.get(pk=answer["Location"].rstrip("/").split("/")[-1]).total == 3
