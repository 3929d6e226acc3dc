"""The CENT-style report as a PDF download, and the per-period raw data, as owner, other person and anonymous."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.tests.helpers import started, write_days

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_owner_downloads_a_pdf_with_the_result_periods_and_fingerprint(alice: User, alice_client: Client) -> None:
    experiment = started(alice, days_ago=45, values={"kind": "blocks", "pairs": 3, "period_days": 7,
                                                      "washout_days": 2})
    write_days(experiment, effect=-2.0)
    response = alice_client.get(reverse("experiments:report_pdf", args=[experiment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _text(response.content)
    assert "Randomised N-of-1 trial: heat pack (A) vs no heat pack (B)" in text
    assert experiment.fingerprint in text.replace("\n", "")
    assert "95 % credible interval" in text
    assert "Period 6" in text
    assert "Randomisation test" in text


def test_periods_are_summarised_per_period_for_blocks_and_per_week_for_days(alice: User) -> None:
    blocks = started(alice, days_ago=50, values={"kind": "blocks", "pairs": 3, "period_days": 7, "washout_days": 2})
    write_days(blocks, effect=-2.0)
    rows = services.period_rows(experiment=blocks)
    assert [r.period for r in rows] == [f"Period {n}" for n in range(1, 7)]
    assert all(r.counted <= 5 for r in rows)
    days = started(alice, days_ago=27)
    assert {r.period for r in services.period_rows(experiment=days)} == {"Week 1", "Week 2", "Week 3", "Week 4"}


def test_another_person_cannot_download_the_pdf_and_anonymous_is_sent_to_sign_in(
    alice: User, bob_client: Client, anon_client: Client,
) -> None:
    experiment = started(alice, days_ago=3)
    url = reverse("experiments:report_pdf", args=[experiment.pk])
    assert bob_client.get(url).status_code == 404
    answer = anon_client.get(url)
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_a_draft_has_no_pdf_yet(alice: User, alice_client: Client) -> None:
    draft = services.design_experiment(user=alice, values={"label_a": "heat", "label_b": "no heat", "kind": "days"})
    answer = alice_client.get(reverse("experiments:report_pdf", args=[draft.pk]))
    assert answer.status_code == 302
