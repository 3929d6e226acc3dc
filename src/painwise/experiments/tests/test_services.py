"""Designing, starting, following and reading an experiment through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.models import AdherenceDay, Deviation, Experiment
from painwise.experiments.tests.helpers import HEAT, started, write_days
from painwise.nof1.trial import fingerprint

pytestmark = pytest.mark.django_db


def test_a_design_is_saved_not_started_with_a_seed(alice: User) -> None:
    experiment = services.design_experiment(user=alice, values=HEAT)
    assert experiment.status == Experiment.Status.DRAFT
    assert experiment.seed >= 0
    assert experiment.fingerprint == ""


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "days", "days": 20}, "days"),
        ({"kind": "blocks", "pairs": 2}, "pairs"),
        ({"kind": "blocks", "period_days": 5}, "period_days"),
        ({"outcome": "steps"}, "outcome"),
        ({"label_a": "kratom"}, "label_a"),
        ({"label_b": "Lyrica 75 mg"}, "label_b"),
        ({"label_a": "oxycodone"}, "label_a"),
        ({"label_a": "stopping my sertraline", "prescriber_agrees": True}, "label_a"),
        ({"factor": "alcohol"}, "factor"),
        ({"label_a": "ibuprofen"}, "prescriber_agrees"),
        ({"label_b": "Heat pack"}, "label_b"),
        ({"mcid": 0}, "mcid"),
    ],
)
def test_a_bad_design_names_the_field_and_saves_nothing(alice: User, values: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.design_experiment(user=alice, values={**HEAT, **values})
    assert field in caught.value.message_dict
    assert not Experiment.objects.exists()


def test_a_medicine_is_allowed_when_the_prescriber_agrees(alice: User) -> None:
    experiment = services.design_experiment(
        user=alice, values={**HEAT, "label_a": "ibuprofen before bed", "label_b": "no ibuprofen",
                            "prescriber_agrees": True})
    assert experiment.pk


def test_the_refusal_says_why_for_a_substance_with_dependence_risk(alice: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.design_experiment(user=alice, values={**HEAT, "label_a": "kratom"})
    assert "dependence" in caught.value.message_dict["label_a"][0]


def test_starting_freezes_the_protocol_with_its_fingerprint(alice: User) -> None:
    experiment = started(alice)
    assert experiment.status == Experiment.Status.RUNNING
    assert experiment.fingerprint == fingerprint(experiment.protocol)
    assert experiment.protocol["seed"] == experiment.seed
    assert len(experiment.protocol["schedule"]) == 28
    with pytest.raises(ValidationError):
        services.update_design(experiment=experiment, values={"mcid": 2.0})
    experiment.refresh_from_db()
    assert experiment.mcid == 1.0


def test_the_frozen_schedule_is_the_one_from_the_seed(alice: User) -> None:
    experiment = started(alice)
    assert services.frozen_schedule(experiment) == services.schedule_of(experiment)


def test_today_has_an_assignment_and_one_tap_logs_adherence(alice: User) -> None:
    experiment = started(alice, days_ago=3)
    assert experiment.start_date is not None
    today = services.assignment_for(experiment=experiment, day=experiment.start_date + dt.timedelta(days=3))
    assert today is not None
    assert today.condition in {"A", "B"}
    services.log_adherence(experiment=experiment, followed=True)
    services.log_adherence(experiment=experiment, followed=False)  # a second tap replaces the first
    assert list(AdherenceDay.objects.values_list("followed", flat=True)) == [False]


def test_adherence_outside_the_experiment_is_refused(alice: User) -> None:
    experiment = started(alice)
    assert experiment.start_date is not None
    with pytest.raises(ValidationError) as caught:
        services.log_adherence(experiment=experiment, followed=True, day=experiment.start_date - dt.timedelta(days=1))
    assert "day" in caught.value.message_dict
    assert not AdherenceDay.objects.exists()


def test_pausing_and_stopping_are_recorded_as_deviations(alice: User) -> None:
    experiment = started(alice, days_ago=5)
    services.set_status(experiment=experiment, status="paused", note="flare")
    services.set_status(experiment=experiment, status="running")
    services.set_status(experiment=experiment, status="stopped", note="moved house")
    assert list(Deviation.objects.values_list("what", flat=True)) == ["paused", "running", "stopped"]
    with pytest.raises(ValidationError):
        services.set_status(experiment=experiment, status="running")


def test_finishing_before_the_planned_end_is_refused(alice: User) -> None:
    experiment = started(alice, days_ago=5)
    with pytest.raises(ValidationError):
        services.set_status(experiment=experiment, status="finished")


def test_an_interim_result_is_marked_and_needs_enough_days(alice: User) -> None:
    experiment = started(alice, days_ago=3)
    reading = services.read_result(experiment=experiment)
    assert reading.interim
    assert reading.result is None
    assert "Not enough days" in reading.problem


def test_a_finished_experiment_with_a_real_benefit_gives_a_clear_answer(alice: User) -> None:
    experiment = started(alice, days_ago=40)
    write_days(experiment, effect=-2.5)
    services.finish_if_due(experiment)
    assert experiment.status == Experiment.Status.FINISHED
    reading = services.read_result(experiment=experiment)
    assert not reading.interim
    assert reading.result is not None
    assert reading.result.verdict == "a_better"
    assert reading.result.high < 0
    assert reading.days_logged == 28


def test_days_not_followed_give_a_per_protocol_sensitivity_result(alice: User) -> None:
    experiment = started(alice, days_ago=27)
    write_days(experiment, effect=-2.0)
    services.log_adherence(experiment=experiment, followed=False, day=experiment.start_date)
    reading = services.read_result(experiment=experiment)
    assert reading.sensitivity is not None
    assert reading.result is not None
    assert reading.not_followed == 1
    assert reading.sensitivity.days_used == reading.result.days_used - 1


def test_a_day_not_followed_without_a_score_leaves_the_sensitivity_result_the_same_as_the_main_one(
    alice: User,
) -> None:
    experiment = started(alice, days_ago=27)
    write_days(experiment, effect=-2.0, upto=27)  # the last day has no score
    assert experiment.start_date is not None
    services.log_adherence(experiment=experiment, followed=False, day=experiment.start_date + dt.timedelta(days=27))
    reading = services.read_result(experiment=experiment)
    assert reading.result is not None
    assert reading.sensitivity is not None
    assert reading.sensitivity_same_days
    assert reading.sensitivity.difference == reading.result.difference
    assert (reading.sensitivity.low, reading.sensitivity.high) == (reading.result.low, reading.result.high)
    assert reading.sensitivity.randomisation_p is None
    assert services.result_as_dict(reading)["per_protocol_same_days"] is True


def test_a_logged_day_not_followed_is_left_out_of_the_sensitivity_result(alice: User) -> None:
    experiment = started(alice, days_ago=27)
    write_days(experiment, effect=-2.0)
    assert experiment.start_date is not None
    services.log_adherence(experiment=experiment, followed=False, day=experiment.start_date + dt.timedelta(days=3))
    reading = services.read_result(experiment=experiment)
    assert reading.result is not None
    assert reading.sensitivity is not None
    assert not reading.sensitivity_same_days
    assert reading.sensitivity.days_used == reading.result.days_used - 1
    assert reading.sensitivity.difference != reading.result.difference
    assert services.result_as_dict(reading)["per_protocol_same_days"] is False


def test_expected_precision_is_a_chance_between_0_and_1(alice: User) -> None:
    experiment = services.design_experiment(user=alice, values=HEAT)
    precision = services.precision_for(experiment=experiment)
    assert 0 <= precision.chance_clear <= 1
    assert precision.simulations == 200


def test_the_chart_is_an_svg_with_a_title(alice: User) -> None:
    experiment = started(alice, days_ago=10)
    write_days(experiment, effect=-1, upto=10)
    svg = services.chart_svg(experiment=experiment).decode()
    assert svg.startswith("<?xml")
    assert "per day with A and B" in svg
