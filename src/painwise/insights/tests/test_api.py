"""GET /api/v1/insights: the fields the issue lists, filters, and owner-only access."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.insights.tests.build import diary_with_a_helpful_factor, log_checkins, log_uses, past_days

pytestmark = pytest.mark.django_db

FIELDS = {"factor", "outcome", "lag_days", "effect", "ci_low", "ci_high", "p_benefit", "p_benefit_mcid", "verdict",
          "n_with", "n_without", "diagnostics", "sentence"}


def test_owner_gets_every_insight_with_the_listed_fields_and_the_meaningful_difference(
    alice: User, alice_client: Client,
) -> None:
    diary_with_a_helpful_factor(alice)
    body = alice_client.get("/api/v1/insights").json()
    assert body["meaningful_difference"] == {"mode": "points", "points": 1.0}
    assert {i["outcome"] for i in body["insights"]} >= {"pain_average", "pain_worst", "mood", "sleep_quality"}
    heat = next(i for i in body["insights"] if i["factor"] == "heat_cold" and i["outcome"] == "pain_average"
                and i["lag_days"] == 0)
    assert set(heat) >= FIELDS
    assert heat["effect"] < -1.0
    assert heat["ci_low"] < heat["effect"] < heat["ci_high"] < 0
    assert heat["verdict"] == "strong sign it helps"
    assert heat["p_benefit"] > 0.95


def test_outcome_and_lag_filter_the_list(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    body = alice_client.get("/api/v1/insights?outcome=mood&lag=1").json()
    assert body["insights"]
    assert {(i["outcome"], i["lag_days"]) for i in body["insights"]} == {("mood", 1)}


def test_an_unknown_outcome_is_refused_with_422(alice_client: Client) -> None:
    assert alice_client.get("/api/v1/insights?outcome=happiness").status_code == 422


def test_a_token_reads_the_owners_insights(alice: User, anon_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    _, raw = create_api_token(user=alice, name="script")
    response = anon_client.get("/api/v1/insights?outcome=pain_average", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert any(i["factor"] == "heat_cold" for i in response.json()["insights"])


def test_another_person_gets_only_their_own_insights(alice: User, bob: User, bob_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    log_checkins(bob, past_days(bob, 30))
    log_uses(bob, past_days(bob, 30)[::2], modality="meditation", minutes=10)
    factors = {i["factor"] for i in bob_client.get("/api/v1/insights").json()["insights"]}
    assert factors == {"meditation"}


def test_a_person_without_a_diary_gets_an_empty_list_and_the_reason(alice_client: Client) -> None:
    body = alice_client.get("/api/v1/insights").json()
    assert body["insights"] == []
    assert "21 days with a rating of your average pain are needed" in body["problems"][0]


def test_anonymous_callers_get_401(anon_client: Client) -> None:
    assert anon_client.get("/api/v1/insights").status_code == 401


def test_a_lag_other_than_same_or_next_day_is_refused_with_422(alice_client: Client) -> None:
    assert alice_client.get("/api/v1/insights?lag=3").status_code == 422


def test_insights_page_with_a_single_checkin_and_a_factor_opens_instead_of_a_server_error(
    alice: User, alice_client: Client,
) -> None:
    from painwise.testing import make_checkin, make_entry
    from painwise.therapies.services import create_factor

    make_checkin(alice)
    make_entry(alice)
    create_factor(user=alice, name="Rain", kind="yes_no")

    response = alice_client.get("/insights/")

    assert response.status_code == 200
