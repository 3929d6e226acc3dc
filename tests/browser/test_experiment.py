"""Design, start and finish an experiment (the test writes the days), then open its report and download the
PDF; and the "Test this" link from What helps me, which pre-fills the design Painwise proposes."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from painwise.core.types import User
from painwise.experiments.models import Experiment
from painwise.experiments.tests.helpers import write_days
from painwise.nof1.trial import fingerprint
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as_if_started_days_ago(experiment: Experiment, days: int) -> None:
    """Move the whole experiment back in time, protocol and fingerprint included (time passing)."""
    assert experiment.start_date is not None, "only a started experiment moves back in time"
    start = experiment.start_date - dt.timedelta(days=days)
    experiment.start_date = start
    experiment.protocol = {**experiment.protocol, "start": start.isoformat()}
    experiment.fingerprint = fingerprint(experiment.protocol)
    experiment.save()


def test_design_start_follow_finish_and_read_the_report(alice_page: ConsolePage, alice: User) -> None:
    page = alice_page
    page.goto("/experiments/new/?factor=custom:heat_pack&outcome=pain_average")
    assert page.locator("#id_label_a").input_value() == "heat pack"
    page.locator("input[name=kind][value=days]").check()
    page.click("text=Save the design")
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
    assert page.locator("figure.chart img").evaluate("img => img.naturalWidth") > 0
    assert "Period" in report or "Week 1" in report

    with page.expect_download() as download_info:
        page.click("a:text('download it as PDF')")
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Randomised N-of-1 trial: heat pack (A) vs no heat pack (B)" in text
    assert "A clear answer: A was better than B for you." in text
    assert experiment.fingerprint[:16] in text.replace("\n", "")
    assert page.console_errors == []


def test_test_this_from_what_helps_me_prefills_the_proposed_design(alice_page: ConsolePage, alice: User) -> None:
    from painwise.insights.tests.build import diary_with_a_helpful_factor

    diary_with_a_helpful_factor(alice)
    page = alice_page
    page.goto("/insights/?outcome=pain_average")
    page.locator("a:text('Test this with an experiment')").first.click()
    page.wait_for_url(re.compile(r"/experiments/new/\?factor=heat_cold"))
    assert page.locator("#id_label_a").input_value() == "Heat or cold"
    assert "Day by day" in page.locator("section.proposal").inner_text()
    assert page.locator("input[name=kind][value=days]").is_checked()
    page.click("text=Save the design")
    page.wait_for_url(re.compile(r"/experiments/\d+/$"))
    assert Experiment.objects.get().kind == "days"
    assert page.console_errors == []
