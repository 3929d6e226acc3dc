"""What the track adds to other pages: its daily items as "What helps me" outcomes, the PCL-5 and PC-PTSD-5
schedules, the switch on the settings page, and its offer to the plan builder."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from painwise.accounts.services import local_today, update_profile
from painwise.core.hooks import registry
from painwise.core.types import User
from painwise.insights.tests.build import log_checkins, log_uses, past_days
from painwise.instruments import services as instruments
from painwise.trauma import services

pytestmark = pytest.mark.django_db


def _schedules(user: User) -> dict[str, Any]:
    return {s.instrument: s for s in instruments.schedules_for(user=user)}


def _days_where_heat_eases_intrusions(user: User, *, days: int = 60) -> None:
    """Check-ins every day; heat on about half the days, with unwanted memories 1 point lower (0-4)."""
    rng = np.random.default_rng(5)
    calendar = past_days(user, days)
    heat = {d for d in calendar if rng.random() < 0.5}
    log_checkins(user, calendar)
    log_uses(user, sorted(heat))
    for day in calendar:
        base = 2 if day in heat else 3
        intrusions = int(np.clip(base + rng.choice([-1, 0, 0, 1]), 0, 4))
        services.record_daily(user=user, answers={"intrusions": intrusions, "hyperarousal": 2}, day=day)


# --- What helps me -----------------------------------------------------------------------------------


def test_with_the_track_on_the_daily_items_are_outcomes_of_what_helps_me(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice)
    page = alice_client.get(reverse("helps:overview")).content.decode()
    assert "Unwanted memories (0-4)" in page  # the outcome menu
    body = alice_client.get("/api/v1/insights?outcome=trauma_intrusions&lag=0").json()
    heat = next(i for i in body["insights"] if i["factor"] == "heat_cold")
    assert heat["outcome"] == "trauma_intrusions"
    assert heat["effect"] < 0
    assert heat["ci_high"] < 0  # heat went with fewer unwanted memories
    assert heat["mcid"] == 0.5  # half a point on 0-4, from the PCL-5's meaningful change per item
    assert "unwanted memories (0-4)" in heat["sentence"]


def test_painwise_insights_prints_the_daily_items_for_their_owner(alice: User) -> None:
    from click.testing import CliRunner

    from painwise.cli import cli

    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice, days=30)
    result = CliRunner().invoke(cli, ["insights", "--user", "alice"])
    assert result.exit_code == 0, result.output
    assert "== Your unwanted memories (0-4) ==" in result.output


def test_the_chart_of_a_daily_item_is_drawn_for_its_owner(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice, days=30)
    response = alice_client.get(reverse("helps:chart") + "?outcome=trauma_intrusions")
    assert response.status_code == 200
    assert "unwanted memories (0-4)" in response.content.decode()


def test_with_the_track_off_the_daily_items_are_not_in_what_helps_me(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice, days=30)
    services.set_enabled(user=alice, enabled=False)
    assert "Unwanted memories" not in alice_client.get(reverse("helps:overview")).content.decode()
    assert not any(i["outcome"].startswith("trauma_")
                   for i in alice_client.get("/api/v1/insights").json()["insights"])
    response = alice_client.get("/api/v1/insights?outcome=trauma_intrusions")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "outcome"]


def test_another_person_never_sees_someone_elses_daily_items(alice: User, bob: User, bob_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice, days=30)
    services.set_enabled(user=bob, enabled=True)
    log_checkins(bob, past_days(bob, 30))
    assert "Unwanted memories" not in bob_client.get(reverse("helps:overview")).content.decode()
    assert bob_client.get("/api/v1/insights?outcome=trauma_intrusions").status_code == 422


def test_the_clinician_report_never_carries_the_daily_items(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    _days_where_heat_eases_intrusions(alice, days=30)
    from painwise.insights.services import insights_for

    # The report asks for average pain only; the track's own report section needs its own tick.
    assert {i.outcome for i in insights_for(user=alice, outcomes=["pain_average"]).report.insights} <= {
        "pain_average"}


# --- Questionnaire schedules ----------------------------------------------------------------------------


def test_turning_the_track_on_schedules_the_pcl5_monthly_and_the_pcptsd5_yearly_due_at_once(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    schedules = _schedules(alice)
    assert (schedules["pcl5"].every_days, schedules["pcptsd5"].every_days) == (30, 365)
    assert {d.instrument.id for d in instruments.due(user=alice)} >= {"pcl5", "pcptsd5"}


def test_turning_the_track_off_switches_off_only_the_questionnaires_it_started(alice: User) -> None:
    pcl5 = instruments.instrument_for(user=alice, instrument_id="pcl5")
    instruments.update_schedule(user=alice, instrument=pcl5, every_days=14, enabled=True)  # her own, before
    services.set_enabled(user=alice, enabled=True)
    assert _schedules(alice)["pcl5"].every_days == 14  # left as she set it
    services.set_enabled(user=alice, enabled=False)
    schedules = _schedules(alice)
    assert schedules["pcl5"].enabled
    assert not schedules["pcptsd5"].enabled
    services.set_enabled(user=alice, enabled=True)
    assert _schedules(alice)["pcptsd5"].enabled  # switched on again with the track


def test_a_questionnaire_the_person_switched_off_stays_off_when_the_track_is_turned_on(alice: User) -> None:
    pcptsd5 = instruments.instrument_for(user=alice, instrument_id="pcptsd5")
    instruments.update_schedule(user=alice, instrument=pcptsd5, every_days=365, enabled=False)
    services.set_enabled(user=alice, enabled=True)
    assert not _schedules(alice)["pcptsd5"].enabled
    assert _schedules(alice)["pcl5"].enabled


def test_a_track_questionnaire_the_person_switched_off_stays_off_after_the_track_goes_off_and_on(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    pcl5 = instruments.instrument_for(user=alice, instrument_id="pcl5")
    instruments.update_schedule(user=alice, instrument=pcl5, every_days=30, enabled=False)  # her choice
    services.set_enabled(user=alice, enabled=False)
    services.set_enabled(user=alice, enabled=True)
    schedules = _schedules(alice)
    assert not schedules["pcl5"].enabled
    assert schedules["pcptsd5"].enabled


def test_turning_the_track_off_keeps_everything_logged(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    services.record_daily(user=alice, answers={"intrusions": 1})
    services.set_enabled(user=alice, enabled=False)
    assert len(services.daily_checks(user=alice)) == 1


# --- The settings page -------------------------------------------------------------------------------


def test_the_settings_page_has_no_track_switch_for_people_who_have_not_chosen_it(alice_client: Client) -> None:
    assert "Trauma-aware track" not in alice_client.get(reverse("accounts:profile")).content.decode()


def test_people_who_list_ptsd_turn_the_track_on_and_off_from_the_settings_page(
    alice: User, alice_client: Client,
) -> None:
    update_profile(user=alice, values={"conditions": ["ptsd"]})
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Trauma-aware track" in page
    assert "Turn the track on" in page
    response = alice_client.post(reverse("trauma:toggle"), {"enabled": "on", "return_to": "settings"})
    assert response["Location"] == reverse("accounts:profile")
    assert services.is_enabled(alice)
    assert "Turn the track off" in alice_client.get(reverse("accounts:profile")).content.decode()
    alice_client.post(reverse("trauma:toggle"), {"return_to": "settings"})
    assert not services.is_enabled(alice)


def test_the_home_panel_shows_todays_check_once_the_track_is_on(alice: User, alice_client: Client) -> None:
    update_profile(user=alice, values={"conditions": ["ptsd"]})
    services.set_enabled(user=alice, enabled=True)
    page = alice_client.get(reverse("home")).content.decode()
    assert "Today&#x27;s brief check" in page or "Today's brief check" in page
    assert "You listed PTSD in your profile" not in page


# --- The plan builder --------------------------------------------------------------------------------


def test_the_plan_builder_is_offered_the_track_as_a_sensitive_choice(alice: User, anon_client: Client) -> None:
    choices = [c for c in registry.plan_choices["track"](alice) if c.value == "trauma"]
    assert len(choices) == 1
    assert choices[0].sensitive
    assert choices[0].url == reverse("trauma:track")
    from django.contrib.auth.models import AnonymousUser

    assert not [c for c in registry.plan_choices["track"](AnonymousUser()) if c.value == "trauma"]


# --- The check-in ----------------------------------------------------------------------------------


def test_todays_check_in_points_to_todays_brief_check_while_the_track_is_on(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    body = alice_client.post("/api/v1/checkins", {"day": today.isoformat(), "pain_average": 4},
                             content_type="application/json").json()
    codes = [n["code"] for n in body.get("notices", [])]
    assert "trauma:daily_check" in codes
    notice = next(n for n in body["notices"] if n["code"] == "trauma:daily_check")
    assert "trauma" not in (notice["title"] + notice["body"]).lower()  # nothing telling over a shoulder


def test_no_pointer_to_the_brief_check_when_it_is_answered_or_the_track_is_off(
    alice: User, bob: User, alice_client: Client, bob_client: Client,
) -> None:
    services.set_enabled(user=alice, enabled=True)
    services.record_daily(user=alice, answers={"intrusions": 1})
    for client, user in ((alice_client, alice), (bob_client, bob)):
        today = local_today(user).isoformat()
        body = client.post("/api/v1/checkins", {"day": today, "pain_average": 4},
                           content_type="application/json").json()
        assert "trauma:daily_check" not in [n["code"] for n in body.get("notices", [])]


def test_an_imported_track_state_with_unknown_scheduled_questionnaires_is_refused(alice: User) -> None:
    from django.core.exceptions import ValidationError

    from painwise.trauma.exchange import _store_settings

    class Context:
        user = alice

        def keep_times(self, row: object, values: object) -> None:
            pass

    with pytest.raises(ValidationError, match="scheduled"):
        _store_settings(Context(), {"state": {"enabled": True, "scheduled": ["phq9"]}})  # type: ignore[arg-type]
    assert not services.is_enabled(alice)
