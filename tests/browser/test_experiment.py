"""Design, start and finish an experiment (the test writes the days), then open its report."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from painwise.experiments.models import Experiment
from painwise.experiments.tests.helpers import write_days
from painwise.insights.trial import fingerprint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as_if_started_days_ago(experiment: Experiment, days: int) -> None:
    """Move the whole experiment back in time, protocol and fingerprint included (time passing)."""
    start = experiment.start_date - dt.timedelta(days=days)  # type: ignore[operator]
    experiment.start_date = start
    experiment.protocol = {**experiment.protocol, "start": start.isoformat()}
    experiment.fingerprint = fingerprint(experiment.protocol)
    experiment.save()


def test_design_start_follow_finish_and_read_the_report(alice_page: Any, alice: Any) -> None:
    page = alice_page
    page.goto("/experiments/new/?factor=custom:heat_pack&outcome=pain_average")
    assert page.locator("#id_label_a").input_value() == "heat pack"
    page.locator("input[name=kind][value=days]").check()
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/experiments/\d+/$"))
    assert "gives a clear answer in about" in page.locator("main").inner_text()
    page.click("text=Start the experiment today")
    page.wait_for_url(re.compile(r"/experiments/\d+/$"))
    assert "Protocol fingerprint" in page.locator("main").inner_text()

    page.goto("/")
    assert "Your experiment today" in page.locator("main").inner_text()
    page.click("text=I followed it")
    page.wait_for_url(re.compile(r"/$"))
    assert "Noted: followed" in page.locator("main").inner_text()

    experiment = Experiment.objects.get()
    _as_if_started_days_ago(experiment, 40)
    write_days(experiment, effect=-2.5)
    page.goto(f"/experiments/{experiment.pk}/report/")
    report = page.locator("main").inner_text()
    assert "A clear answer: A was better than B for you." in report
    assert "Finished" in report
    assert "Interim" not in report
    assert page.locator("img.chart").evaluate("img => img.naturalWidth") > 0
    assert page.console_errors == []
