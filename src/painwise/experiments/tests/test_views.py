"""Experiment pages as the owner, another person and an anonymous visitor."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.models import AdherenceDay, Deviation, Experiment
from painwise.experiments.tests.helpers import HEAT, started, write_days
from painwise.testing import make_checkin

pytestmark = pytest.mark.django_db

FORM = {"label_a": "heat pack", "label_b": "no heat pack", "outcome": "pain_average", "mcid": "1", "kind": "days",
        "pairs": "4", "period_days": "7", "washout_days": "2", "days": "28"}


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_design_page_is_prefilled_from_an_insight_link(alice_client: Client) -> None:
    page = _page(alice_client.get(reverse("experiments:design") + "?factor=custom:stretching&outcome=mood"))
    assert 'value="stretching"' in page
    assert 'value="no stretching"' in page
    assert '<option value="mood" selected>' in page
    assert 'name="factor" value="custom:stretching"' in page


def test_designing_shows_the_expected_precision_before_the_start(alice_client: Client) -> None:
    answer = alice_client.post(reverse("experiments:design"), FORM)
    experiment = Experiment.objects.get()
    assert answer["Location"] == reverse("experiments:detail", args=[experiment.pk])
    page = _page(alice_client.get(answer["Location"]))
    assert "gives a clear answer in about" in page
    assert "200 simulated experiments" in page
    assert "Start the experiment today" in page


def test_a_design_on_kratom_is_refused_on_the_form_and_nothing_is_saved(alice_client: Client) -> None:
    answer = alice_client.post(reverse("experiments:design"), {**FORM, "label_a": "kratom"})
    assert answer.status_code == 422
    assert "does not run experiments on kratom" in _page(answer)
    assert not Experiment.objects.exists()


def test_starting_shows_the_fingerprint_and_today_on_the_home_page(alice_client: Client, alice: User) -> None:
    experiment = services.design_experiment(user=alice, values=HEAT)
    alice_client.post(reverse("experiments:start", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.status == "running"
    assert experiment.fingerprint in _page(alice_client.get(reverse("experiments:detail", args=[experiment.pk])))
    home = _page(alice_client.get(reverse("home")))
    assert "Your experiment today" in home
    assert "I followed it" in home


def test_one_tap_on_the_home_page_logs_adherence(alice_client: Client, alice: User) -> None:
    experiment = started(alice)
    url = reverse("experiments:adherence", args=[experiment.pk])
    answer = alice_client.post(url, {"followed": "yes", "next": "home"})
    assert answer["Location"] == reverse("home")
    assert AdherenceDay.objects.get().followed is True
    assert "Noted: followed" in _page(alice_client.get(reverse("home")))


def test_pausing_from_the_page_is_recorded(alice_client: Client, alice: User) -> None:
    experiment = started(alice, days_ago=2)
    alice_client.post(reverse("experiments:status", args=[experiment.pk]), {"status": "paused", "note": "flare"})
    assert Deviation.objects.get().what == "paused"


def test_a_flare_check_in_offers_to_pause(alice_client: Client, alice: User) -> None:
    from painwise.accounts.services import local_today

    started(alice, days_ago=2)
    url = reverse("diary:checkin", args=[local_today(alice).isoformat()])
    answer = alice_client.post(url, {"pain_average": "7", "pain_worst": "9"}, follow=True)
    assert "A flare during your experiment" in _page(answer)


def test_the_report_shows_the_trialist_table_sentences_chart_and_deviations(alice_client: Client, alice: User) -> None:
    experiment = started(alice, days_ago=40)
    write_days(experiment, effect=-2.5)
    services.record_deviation(experiment=experiment, what="note", note="missed a weekend")
    page = _page(alice_client.get(reverse("experiments:report", args=[experiment.pk])))
    assert "A clear answer: A was better than B for you." in page
    assert "better by at least 1.0" in page
    assert "Interim" not in page
    assert "missed a weekend" in page
    assert experiment.fingerprint in page
    chart = alice_client.get(reverse("experiments:chart", args=[experiment.pk]))
    assert chart["Content-Type"] == "image/svg+xml"


def test_a_running_experiment_shows_an_interim_result(alice_client: Client, alice: User) -> None:
    experiment = started(alice, days_ago=14)
    write_days(experiment, effect=-1, upto=15)
    page = _page(alice_client.get(reverse("experiments:detail", args=[experiment.pk])))
    assert "Interim result" in page


def test_the_page_says_when_the_sensitivity_result_counts_the_same_days(alice_client: Client, alice: User) -> None:
    experiment = started(alice, days_ago=27)
    write_days(experiment, effect=-1, upto=27)
    services.log_adherence(experiment=experiment, followed=False)  # today, which has no score
    page = _page(alice_client.get(reverse("experiments:detail", args=[experiment.pk])))
    assert "Only the days you followed the plan" in page
    assert "These are the same days as above" in page


def _routes(experiment: Experiment) -> list[tuple[str, str, dict[str, str]]]:
    pk = [experiment.pk]
    return [
        ("get", reverse("experiments:detail", args=pk), {}),
        ("get", reverse("experiments:report", args=pk), {}),
        ("get", reverse("experiments:chart", args=pk), {}),
        ("post", reverse("experiments:start", args=pk), {}),
        ("post", reverse("experiments:adherence", args=pk), {"followed": "yes"}),
        ("post", reverse("experiments:status", args=pk), {"status": "stopped"}),
    ]


def test_another_person_gets_404_everywhere_and_changes_nothing(bob_client: Client, alice: User) -> None:
    experiment = started(alice)
    for method, url, data in _routes(experiment):
        assert getattr(bob_client, method)(url, data).status_code == 404, url
    experiment.refresh_from_db()
    assert experiment.status == "running"
    assert not AdherenceDay.objects.exists()
    assert not Deviation.objects.exists()
    assert "heat pack" not in _page(bob_client.get(reverse("experiments:index")))


def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, alice: User) -> None:
    experiment = started(alice)
    urls = [("get", reverse("experiments:index"), {}), ("get", reverse("experiments:design"), {}),
            *_routes(experiment)]
    for method, url, data in urls:
        answer = getattr(anon_client, method)(url, data)
        assert answer.status_code == 302, url
        assert "login" in answer.url
    assert not AdherenceDay.objects.exists()


def test_the_owner_sees_their_list(alice_client: Client, alice: User) -> None:
    started(alice)
    make_checkin(alice)
    page = _page(alice_client.get(reverse("experiments:index")))
    assert "heat pack vs no heat pack" in page
