"""Painwise proposes blocks for slow-acting therapies and day-by-day randomisation for short-acting ones."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from painwise.cli import cli
from painwise.core.content import stale_entries
from painwise.core.types import User
from painwise.experiments.designs import content, propose
from painwise.experiments.models import Experiment
from painwise.nof1.trial import TrialDesign
from painwise.substances.drugs import catalog as drug_catalog
from painwise.therapies.catalog import catalog


def test_every_onset_entry_has_sources_a_current_review_date_and_names_a_real_therapy_or_drug_class() -> None:
    loaded = content()
    entries = [loaded.unknown, *loaded.modalities, *loaded.drug_classes]
    assert not stale_entries(entries)
    assert {m.slug for m in loaded.modalities} <= set(catalog())
    assert {c.class_ for c in loaded.drug_classes} <= {c.key for c in drug_catalog().classes}


def test_every_proposed_design_is_one_painwise_allows() -> None:
    loaded = content()
    for rule in [loaded.unknown, *loaded.modalities, *loaded.drug_classes]:
        values = {**loaded.designs[rule.onset].model_dump(exclude_none=True)}
        if rule.period_days:
            values.update(period_days=rule.period_days, washout_days=rule.washout_days)
        TrialDesign(**values).validate()


def test_a_heat_pack_is_proposed_day_by_day_and_exercise_in_two_week_blocks() -> None:
    assert propose(factor="heat_cold").values == {"kind": "days", "days": 28}
    exercise = propose(factor="exercise")
    assert exercise.onset == "slow"
    assert exercise.values == {"kind": "blocks", "pairs": 4, "period_days": 14, "washout_days": 4}


def test_a_medicine_is_read_through_the_drug_list_so_brands_count() -> None:
    assert propose(factor="medication:Nurofen 200 mg").values["kind"] == "days"
    assert propose(label="paracetamol").onset == "short"


def test_something_unknown_gets_blocks_and_says_why() -> None:
    unknown = propose(factor="custom:stretching")
    assert not unknown.known
    assert unknown.values["kind"] == "blocks"
    assert "does not know" in unknown.reason


@pytest.mark.django_db
def test_a_test_this_link_for_heat_prefills_a_day_by_day_design(alice_client: Client) -> None:
    page = html.unescape(alice_client.get(reverse("experiments:design") + "?factor=heat_cold").content.decode())
    assert 'value="Heat or cold"' in page
    assert 'value="no heat or cold"' in page
    assert "What Painwise proposes" in page
    assert "Day by day" in page
    assert 'value="days" id="id_kind_1" required checked' in page


@pytest.mark.django_db
def test_propose_a_design_uses_what_was_typed_as_a_and_saves_nothing(alice_client: Client) -> None:
    form = {"label_a": "ibuprofen", "label_b": "no ibuprofen", "outcome": "pain_average", "mcid": "1",
            "kind": "blocks", "pairs": "4", "period_days": "7", "washout_days": "2", "days": "28", "propose": "1"}
    page = html.unescape(alice_client.post(reverse("experiments:design"), form).content.decode())
    assert "act within hours" in page
    assert not Experiment.objects.exists()


@pytest.mark.django_db
def test_the_api_proposes_a_design_for_the_owner_and_refuses_anonymous(
    alice_client: Client, anon_client: Client,
) -> None:
    answer = alice_client.get("/api/v1/experiments/proposal?factor=physiotherapy")
    assert answer.status_code == 200
    assert answer.json()["design"]["period_days"] == 14
    assert anon_client.get("/api/v1/experiments/proposal?factor=physiotherapy").status_code == 401


@pytest.mark.django_db
def test_the_cli_design_takes_the_proposal_when_no_design_is_given(alice: User) -> None:
    result = CliRunner().invoke(cli, ["experiment", "design", "--user", "alice", "--a", "heat pack",
                                      "--b", "no heat pack", "--factor", "heat_cold"])
    assert result.exit_code == 0, result.output
    assert "Proposed design:" in result.output
    assert Experiment.objects.get().kind == "days"
