"""An experiment measures the outcome it was designed for: a check-in outcome or another domain's daily outcome
(core.hooks.outcome_sources, here a trauma-track item), also when it comes from an insight's "test this" link."""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.models import Experiment
from painwise.experiments.tests.helpers import started
from painwise.testing import make_checkin
from painwise.trauma import services as trauma

pytestmark = pytest.mark.django_db

FORM = {"label_a": "heat pack", "label_b": "no heat pack", "mcid": "1", "kind": "days", "pairs": "4",
        "period_days": "7", "washout_days": "2", "days": "28"}


def _with_track(user) -> None:  # type: ignore[no-untyped-def]
    trauma.set_enabled(user=user, enabled=True)
    trauma.record_daily(user=user, answers={"avoidance": 2})


def _page(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_test_this_from_a_trauma_track_insight_designs_an_experiment_on_that_item(
    alice_client: Client, alice: User,
) -> None:
    _with_track(alice)
    link = reverse("experiments:design") + "?factor=heat_cold&outcome=trauma_avoidance"
    page = _page(alice_client.get(link))
    assert '<option value="trauma_avoidance" selected>keeping away from reminders (0-4)</option>' in page
    assert 'name="mcid" value="0.5"' in page  # the item's own meaningful difference
    answer = alice_client.post(link, {**FORM, "outcome": "trauma_avoidance", "mcid": "0.5"})
    experiment = Experiment.objects.get()
    assert answer["Location"] == reverse("experiments:detail", args=[experiment.pk])
    assert (experiment.outcome, experiment.higher_is_better) == ("trauma_avoidance", False)


@pytest.mark.parametrize(("outcome", "higher_is_better"), [("sleep_quality", True), ("mood", True), ("peg", False)])
def test_test_this_keeps_a_check_in_outcome_and_its_direction(
    alice_client: Client, outcome: str, higher_is_better: bool,
) -> None:
    link = reverse("experiments:design") + f"?factor=heat_cold&outcome={outcome}"
    assert f'<option value="{outcome}" selected>' in _page(alice_client.get(link))
    alice_client.post(link, {**FORM, "outcome": outcome})
    experiment = Experiment.objects.get()
    assert (experiment.outcome, experiment.higher_is_better) == (outcome, higher_is_better)


def test_an_outcome_the_person_does_not_log_is_refused_naming_the_field(alice_client: Client) -> None:
    # The trauma track is off, so its items are no outcome of this person.
    answer = alice_client.post("/api/v1/experiments", {**FORM, "mcid": 1, "pairs": 4, "period_days": 7,
                                                       "washout_days": 2, "days": 28, "outcome": "trauma_avoidance"},
                               content_type="application/json")
    assert answer.status_code == 422
    assert "outcome" in answer.content.decode()
    assert not Experiment.objects.exists()


def test_the_result_reads_the_trauma_item_not_average_pain(alice_client: Client, alice: User) -> None:
    _with_track(alice)
    experiment = started(alice, days_ago=27, values={"outcome": "trauma_avoidance", "mcid": 0.5})
    assert experiment.start_date is not None
    rng = np.random.default_rng(3)
    for day in services.frozen_schedule(experiment):
        when = experiment.start_date + dt.timedelta(days=day.index)
        # Average pain is the same every day; only the item differs between A and B.
        make_checkin(alice, day=when, pain_average=5, pain_worst=6)
        value = (1 if day.condition == "A" else 3) + int(rng.integers(0, 2))
        trauma.record_daily(user=alice, answers={"avoidance": value}, day=when)
    reading = services.read_result(experiment=experiment)
    assert reading.result is not None
    assert reading.days_logged == 28
    assert reading.result.difference < -1.0  # lower with A: it read the item
    assert reading.result.verdict == "a_better"
    report = _page(alice_client.get(reverse("experiments:report", args=[experiment.pk])))
    assert "Outcome: keeping away from reminders (0-4, lower is better)" in report
