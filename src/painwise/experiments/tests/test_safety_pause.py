"""Warning signs (a ticked red-flag check) during a running experiment: a pause is offered, on the home page
and the experiment page, and pausing is a recorded deviation."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.tests.helpers import started
from painwise.safety.services import record_red_flags

pytestmark = pytest.mark.django_db

OFFER = "You recorded warning signs during this experiment"


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_red_flag_during_a_running_experiment_offers_a_pause_on_home_and_the_experiment_page(
    alice: User, alice_client: Client,
) -> None:
    experiment = started(alice, days_ago=3)
    assert OFFER not in _page(alice_client.get("/"))
    record_red_flags(user=alice, checked=["fever"], source="checklist")
    assert OFFER in _page(alice_client.get("/"))
    assert OFFER in _page(alice_client.get(reverse("experiments:detail", args=[experiment.pk])))


def test_pausing_from_the_offer_records_a_deviation_and_the_offer_goes_away(alice: User, alice_client: Client) -> None:
    experiment = started(alice, days_ago=3)
    record_red_flags(user=alice, checked=["fever"], source="checklist")
    alice_client.post(reverse("experiments:status", args=[experiment.pk]),
                      {"status": "paused", "note": "warning signs recorded"})
    experiment.refresh_from_db()
    assert experiment.status == "paused"
    assert [d.what for d in experiment.deviations.all()] == ["paused"]
    assert OFFER not in _page(alice_client.get(reverse("experiments:detail", args=[experiment.pk])))


def test_an_empty_red_flag_check_or_another_persons_flags_offer_nothing(alice: User, bob: User) -> None:
    experiment = started(alice, days_ago=3)
    record_red_flags(user=alice, checked=[], source="checklist")
    record_red_flags(user=bob, checked=["fever"], source="checklist")
    assert services.red_flags_during(experiment) == []


def test_a_red_flag_on_the_day_of_a_resume_is_still_offered_on_the_safe_side(alice: User) -> None:
    experiment = started(alice, days_ago=3)
    record_red_flags(user=alice, checked=["fever"], source="checklist")
    services.set_status(experiment=experiment, status="paused")
    services.set_status(experiment=experiment, status="running")
    assert len(services.red_flags_during(experiment)) == 1
