"""PTSD results show trauma-focused therapy and support; PCL-5 item 16 opens the crisis screen; the CLI's
--json output stays pure JSON with the crisis lines inside it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from painwise.accounts.services import update_profile
from painwise.cli import cli
from painwise.core.types import User
from painwise.instruments.catalog import get_instrument
from painwise.instruments.scoring import score
from painwise.safety.models import SafetyEvent
from painwise.safety.ptsd import ptsd_support, suggests_ptsd, support_for

PCL5_33 = [2] * 16 + [1, 0, 0, 0]  # total 33
PCL5_PATTERN = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]  # total 12, DSM-5 pattern met
PCL5_BELOW = [1] * 20  # total 20, no pattern


def _pcl5(answers: list[int]) -> Any:
    return score(get_instrument("pcl5"), answers)


def _pcptsd5(yes: int) -> Any:
    return score(get_instrument("pcptsd5"), [1] + [1] * yes + [0] * (5 - yes))


@pytest.mark.parametrize(
    ("result", "shown"),
    [
        (_pcl5(PCL5_33), True),
        (_pcl5(PCL5_PATTERN), True),
        (_pcl5(PCL5_BELOW), False),
        (_pcptsd5(4), True),
        (_pcptsd5(3), True),
        (_pcptsd5(2), False),
        (score(get_instrument("phq9"), [3] * 8 + [0]), False),
    ],
)
def test_trauma_therapy_information_follows_a_positive_ptsd_screen(result: Any, shown: bool) -> None:
    assert suggests_ptsd(result) is shown


def test_the_information_names_pe_cpt_and_emdr_with_guideline_sources() -> None:
    content = ptsd_support()
    names = " ".join(t.name for t in content.therapies)
    for therapy in ("Prolonged Exposure", "Cognitive Processing Therapy", "EMDR"):
        assert therapy in names
    cited = " ".join(s.citation for s in content.sources)
    assert "VA/DoD" in cited
    assert "NG116" in cited
    assert "American Psychological Association" in cited


def test_veterans_crisis_line_is_added_for_the_united_states_only() -> None:
    in_us, in_france = support_for(_pcl5(PCL5_33), country="US"), support_for(_pcl5(PCL5_33), country="FR")
    assert in_us is not None
    assert in_france is not None
    assert in_us["support_lines"][0]["number"] == "988"
    assert in_france["support_lines"] == []


def test_pcl5_item_16_at_three_or_more_raises_the_crisis_flag() -> None:
    answers = [0] * 20
    answers[15] = 3
    assert _pcl5(answers).safety_flags == ("pcl5_item16_high",)
    answers[15] = 2
    assert _pcl5(answers).safety_flags == ()


@pytest.mark.django_db
def test_pcl5_item_16_opens_the_crisis_screen_with_its_own_reason(alice_client: Client, alice: User) -> None:
    answers = [0] * 20
    answers[15] = 4
    response = alice_client.post(
        "/api/v1/questionnaires/pcl5/responses", data=json.dumps({"answers": answers}), content_type="application/json"
    )
    assert response.status_code == 201
    crisis = response.json()["crisis"]
    assert crisis["reasons"] == [
        "You told us you have often been taking too many risks or doing things that could cause you harm."
    ]
    assert crisis["ask_for_country"] is None
    event = SafetyEvent.objects.get(pk=crisis["event_id"])
    assert event.needs_acknowledgement
    page = alice_client.get(reverse("safety:crisis", args=[event.pk])).content.decode()
    assert "taking too many risks" in page
    assert "better off dead" not in page


@pytest.mark.django_db
def test_a_positive_pcl5_shows_therapy_information_on_the_page_and_in_the_api(
    alice_client: Client, alice: User,
) -> None:
    update_profile(user=alice, values={"country": "NZ"})
    response = alice_client.post(
        "/api/v1/questionnaires/pcl5/responses", data=json.dumps({"answers": PCL5_33}), content_type="application/json"
    )
    body = response.json()
    assert body["ptsd_support"]["title"] == "PTSD can be treated"
    page = alice_client.get(reverse("instruments:response", args=[body["id"]])).content.decode()
    assert "Cognitive Processing Therapy" in page
    assert 'href="tel:1737"' in page


@pytest.mark.django_db
def test_a_negative_pcl5_shows_no_therapy_information(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/api/v1/questionnaires/pcl5/responses",
        data=json.dumps({"answers": PCL5_BELOW}),
        content_type="application/json",
    )
    assert response.json()["ptsd_support"] is None
    page = alice_client.get(reverse("instruments:response", args=[response.json()["id"]])).content.decode()
    assert "PTSD can be treated" not in page


# --- painwise questionnaire score --json ---------------------------------------------------------------


def _score(*args: str) -> Any:
    return CliRunner().invoke(cli, ["questionnaire", "score", *args])


def test_json_output_is_only_json_and_carries_the_crisis_lines() -> None:
    result = _score("PHQ-9", "--answers", "0,0,0,0,0,0,0,0,2", "--country", "ES", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["safety_flags"] == ["phq9_item9_positive"]
    assert any(line.get("number") == "024" for line in data["crisis"]["lines"])
    assert data["crisis"]["country_known"] is True
    assert "You don't have to face this alone" in result.stderr


def test_json_output_without_a_country_gives_112_and_911_and_asks_for_it() -> None:
    result = _score("PHQ-9", "--answers", "0,0,0,0,0,0,0,0,", "--json")
    data = json.loads(result.stdout)
    numbers = [line.get("number") for line in data["crisis"]["lines"]]
    assert "112" in numbers
    assert "911" in numbers
    assert data["crisis"]["ask_for_country"]
    assert "--country" in result.stderr


def test_json_output_of_a_positive_pc_ptsd_5_includes_the_therapy_information() -> None:
    result = _score("pcptsd5", "--answers", "1,1,1,1,1,0", "--country", "US", "--json")
    data = json.loads(result.stdout)
    assert data["crisis"] is None
    assert data["ptsd_support"]["support_lines"][0]["name"].startswith("Veterans Crisis Line")
    assert "Prolonged Exposure" in result.stderr


def test_plain_output_prints_the_lines_for_the_country() -> None:
    result = _score("PHQ-9", "--answers", "0,0,0,0,0,0,0,0,1", "--country", "DE")
    assert "0800 111 0 111" in result.stdout


@pytest.mark.django_db
def test_the_api_crisis_without_a_country_gives_112_and_asks_for_it(alice_client: Client, alice: User) -> None:
    update_profile(user=alice, values={"country": "ZZ"})
    response = alice_client.post(
        "/api/v1/questionnaires/phq9/responses",
        data=json.dumps({"answers": [0, 0, 0, 0, 0, 0, 0, 0, 1]}),
        content_type="application/json",
    )
    crisis = response.json()["crisis"]
    assert "112" in [line.get("number") for line in crisis["lines"]]
    assert "Tell us your country" in crisis["ask_for_country"]
