"""The "What helps me" page, its chart and the meaningful-difference form, as owner, other and anonymous."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from painwise.accounts.models import Profile
from painwise.core.types import User
from painwise.insights.tests.build import diary_with_a_helpful_factor, log_checkins, log_uses, past_days

pytestmark = pytest.mark.django_db

def saved_profile(user: User) -> Any:
    return Profile.objects.get(user=user)


DISCLAIMER = "A pattern in your diary, not proof."


def test_owner_sees_the_helpful_factor_in_points_with_interval_and_counts(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    page = alice_client.get("/insights/").content.decode()
    assert "Your average pain" in page
    assert "On days you logged Heat or cold, your average pain was" in page
    assert "points lower (better)" in page
    assert "likely between" in page
    assert "You logged Heat or cold on" in page
    assert "could be compared with" in page
    assert DISCLAIMER in page
    assert 'href="/experiments/new/?factor=heat_cold&amp;outcome=pain_average">Test this with an experiment' in page
    assert "correlation" not in page.lower()
    assert "Last updated" in page
    assert not re.search(r"\d\s*ms\b|milliseconds|seconds", page)  # no computation time for patients


def test_the_summary_of_the_strongest_findings_comes_first_and_the_rest_is_folded(
    alice: User, alice_client: Client,
) -> None:
    diary_with_a_helpful_factor(alice)
    page = alice_client.get("/insights/").content.decode()
    start = page.index('<section class="summary"')
    summary = page[start:page.index("</section>", start)]
    assert "Strong sign it helps." in summary or "Some sign it helps." in summary
    assert "On days you logged Heat or cold, your average pain was" in summary
    assert start < page.index("Your average pain") < page.index('<figure class="chart">')
    assert '<details class="outcome">' in page
    assert 'srcset="/insights/chart.svg?outcome=pain_average&amp;size=wide"' in page


def test_kratom_gets_no_test_this_link_while_heat_does(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    log_uses(alice, past_days(alice, 120)[::3], modality="kratom", minutes=None, amount=2.0, unit="g")
    page = alice_client.get("/insights/?outcome=pain_average").content.decode()
    assert "Kratom" in page
    assert "factor=heat_cold" in page
    assert "factor=kratom" not in page


def test_average_pain_comes_before_the_other_outcomes(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    page = alice_client.get("/insights/").content.decode()
    assert page.index("Your average pain") < page.index("Your worst pain") < page.index("Your mood")


def test_the_outcome_filter_shows_only_that_outcome(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    page = alice_client.get("/insights/?outcome=mood").content.decode()
    assert "Your mood" in page
    assert "Your average pain" not in page


def test_another_person_sees_only_their_own_insights(alice: User, bob: User, bob_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    log_checkins(bob, past_days(bob, 40))
    log_uses(bob, past_days(bob, 40)[::3], modality="meditation", minutes=10)
    page = bob_client.get("/insights/").content.decode()
    assert "Meditation or breathing" in page
    assert "Heat or cold" not in page


def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client) -> None:
    for url in ("/insights/", "/insights/chart.svg", "/insights/difference/"):
        response = anon_client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_chart_is_an_svg_of_the_owners_findings(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    response = alice_client.get("/insights/chart.svg?outcome=pain_average")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"Heat or cold (same day)" in response.content


def test_the_chart_comes_in_a_phone_and_a_wide_drawing(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    phone = alice_client.get("/insights/chart.svg?outcome=pain_average").content.decode()
    wide = alice_client.get("/insights/chart.svg?outcome=pain_average&size=wide").content.decode()
    assert 'width="320pt"' in phone
    assert 'width="700pt"' in wide
    assert "Heat or cold (same day)" in phone


def test_another_persons_chart_never_shows_the_owners_factors(alice: User, bob: User, bob_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    response = bob_client.get("/insights/chart.svg")
    assert response.status_code == 200
    assert b"Heat or cold" not in response.content
    assert b"No finding about your average pain yet" in response.content


def test_a_person_without_a_diary_is_told_there_is_not_enough_information_yet(alice_client: Client) -> None:
    page = alice_client.get("/insights/").content.decode()
    assert "Not enough information yet" in page
    assert "Check in for today" in page


def test_a_short_diary_gives_not_enough_information_and_nothing_directional(alice: User, alice_client: Client) -> None:
    calendar = past_days(alice, 12)
    log_checkins(alice, calendar)
    log_uses(alice, calendar[::2])
    page = alice_client.get("/insights/").content.decode()
    assert "Not enough information yet about Heat or cold and your average pain" in page
    assert "Days that can be compared so far: 10 of the 21 needed." in page  # the first days have no yesterday
    assert "lower (better)" not in page
    assert "higher (worse)" not in page


def test_a_factor_used_every_day_gives_not_enough_information(alice: User, alice_client: Client) -> None:
    calendar = past_days(alice, 60)
    log_checkins(alice, calendar)
    log_uses(alice, calendar)
    page = alice_client.get("/insights/?outcome=pain_average").content.decode()
    assert "Heat or cold was logged on almost every day" in page
    assert "lower (better)" not in page


def test_the_meaningful_difference_is_saved_to_the_profile_and_used(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    response = alice_client.post("/insights/difference/", {"mode": "points", "points": "2.0"}, follow=True)
    assert "Saved your meaningful difference" in response.content.decode()
    assert saved_profile(alice).mcid_points == 2.0
    assert "which is 2.0 points of average pain" in response.content.decode()


def test_thirty_percent_of_own_average_uses_the_persons_own_level(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice)
    alice_client.post("/insights/difference/", {"mode": "percent", "points": "1.0"})
    assert saved_profile(alice).mcid_mode == "percent"
    page = alice_client.get("/insights/").content.decode()
    assert "30 % of your own average" in page
    assert "which is 1.0 points" not in page


def test_a_meaningful_difference_outside_the_choices_is_refused_and_nothing_saved(
    alice: User, alice_client: Client,
) -> None:
    response = alice_client.post("/insights/difference/", {"mode": "points", "points": "9"}, follow=True)
    assert "Nothing was saved" in response.content.decode()
    assert saved_profile(alice).mcid_points == 1.0


def test_another_persons_choice_never_changes_the_owners_profile(alice: User, bob_client: Client) -> None:
    bob_client.post("/insights/difference/", {"mode": "points", "points": "3.0"})
    assert saved_profile(alice).mcid_points == 1.0


def test_catalog_factors_link_to_their_evidence_card_when_the_evidence_pages_exist(
    alice: User, alice_client: Client,
) -> None:
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    try:
        card = reverse("evidence:card", args=["heat_cold"])
    except NoReverseMatch:
        pytest.skip("the evidence pages are not installed in this deployment")
    assert apps.is_installed("painwise.evidence")
    diary_with_a_helpful_factor(alice)
    assert f'href="{card}"' in alice_client.get("/insights/").content.decode()


def test_logging_a_day_changes_the_insights_on_the_next_request(alice: User, alice_client: Client) -> None:
    import datetime as dt

    from painwise.testing import make_checkin, make_entry

    diary_with_a_helpful_factor(alice, days=60)
    before = alice_client.get("/api/v1/insights?outcome=pain_average&lag=0").json()
    tomorrow = past_days(alice, 1)[0] + dt.timedelta(days=1)
    make_checkin(alice, day=tomorrow, pain_average=2)
    make_entry(alice, taken_at=dt.datetime.combine(tomorrow, dt.time(12), tzinfo=dt.UTC))
    after = alice_client.get("/api/v1/insights?outcome=pain_average&lag=0").json()
    heat_before = next(i for i in before["insights"] if i["factor"] == "heat_cold")
    heat_after = next(i for i in after["insights"] if i["factor"] == "heat_cold")
    assert heat_after["n_with"] == heat_before["n_with"] + 1
    assert after["computed_ms"] < 1000


def test_an_outcome_that_never_changes_gives_not_enough_information_and_no_crash(
    alice: User, alice_client: Client,
) -> None:
    from painwise.diary.models import CheckIn

    calendar = past_days(alice, 40)
    CheckIn.objects.bulk_create([CheckIn(user=alice, day=day, pain_average=5) for day in calendar])
    log_uses(alice, calendar[::2])
    response = alice_client.get("/insights/?outcome=pain_average")
    assert response.status_code == 200
    assert "Your average pain ratings hardly changed, so there is nothing to compare." in response.content.decode()
    assert alice_client.get("/insights/chart.svg").status_code == 200


def test_a_new_diary_is_told_plainly_that_there_is_no_day_yet_not_only_0_days(alice_client: Client) -> None:
    page = alice_client.get("/insights/").content.decode()
    assert "No day can be compared yet: 21 days with a rating of your average pain are needed." in page
    assert "only 0 days" not in page


def test_one_check_in_is_still_counted_in_the_not_enough_sentence(alice: User, alice_client: Client) -> None:
    calendar = past_days(alice, 4)
    log_checkins(alice, calendar)
    log_uses(alice, calendar[::2])
    page = alice_client.get("/insights/").content.decode()
    assert "No day can be compared yet" not in page
    assert re.search(r"Days that can be compared so far: [1-3] of the 21 needed\.", page)
