"""Headline grades are for this app's people, and a person sees the grade for the conditions in their profile."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone

from painwise.accounts.reference import condition_choices
from painwise.accounts.services import update_profile
from painwise.core.content import ContentError, validate
from painwise.core.types import User
from painwise.evidence.cards import GRADE_RANK, EvidenceCard, all_cards, grades_for_conditions, load_card
from painwise.evidence.tests.test_cards import raw_card
from painwise.therapies.services import log_entry


def test_no_summary_claims_more_than_the_best_grade_for_this_apps_conditions() -> None:
    for card in all_cards():
        if card.best_headline_grade is not None:
            assert GRADE_RANK[card.summary_grade] <= GRADE_RANK[card.best_headline_grade], card.slug


def test_strong_evidence_for_another_problem_cannot_become_the_headline_for_pain() -> None:
    data = raw_card("pelvic_floor_strengthening")
    data["summary_grade"] = "strong"
    with pytest.raises(ContentError, match="best grade for this app's conditions is 'insufficient'"):
        validate(data, EvidenceCard, origin="evidence/pelvic_floor_strengthening.yaml")


def test_a_condition_with_two_headline_grades_on_one_card_is_refused() -> None:
    data = raw_card("acupuncture")
    data["grades"][1]["headline_for"] = ["back_neck"]
    with pytest.raises(ContentError, match="more than one headline grade for: back_neck"):
        validate(data, EvidenceCard, origin="evidence/acupuncture.yaml")


def test_headlines_name_only_conditions_a_person_can_choose() -> None:
    known = dict(condition_choices())
    for card in all_cards():
        for outcome in card.grades:
            assert set(outcome.headline_for) <= set(known), (card.slug, outcome.headline_for)


def test_self_guided_dilators_are_weak_and_only_therapist_aided_exposure_is_moderate() -> None:
    card = load_card("dilator")
    assert card.summary_grade == "weak"
    ((conditions, outcome),) = grades_for_conditions(card, ["pelvic_pain"])
    assert (conditions, outcome.grade) == (["pelvic_pain"], "weak")
    (aided,) = [g for g in card.grades if "therapist-aided" in g.outcome]
    assert (aided.grade, aided.headline_for) == ("moderate", [])


def test_pelvic_floor_strengthening_is_not_supported_for_pain_and_strong_only_for_incontinence() -> None:
    card = load_card("pelvic_floor_strengthening")
    assert card.summary_grade == "insufficient"
    assert "may raise muscle tension" in " ".join(card.summary.split())
    ((_, for_pain),) = grades_for_conditions(card, ["pelvic_pain"])
    assert for_pain.grade == "insufficient"
    assert for_pain.summary.startswith("Not supported, and may raise tension")
    (strong,) = [g for g in card.grades if g.grade == "strong"]
    assert "incontinence" in strong.condition
    assert strong.headline_for == []


def test_heat_and_cold_for_chronic_pain_are_insufficient() -> None:
    card = load_card("heat_cold")
    assert card.summary_grade == "insufficient"
    for condition in ("back_neck", "arthritis", "fibromyalgia", "pelvic_pain"):
        ((_, outcome),) = grades_for_conditions(card, [condition])
        assert outcome.grade == "insufficient"


def test_a_person_with_several_conditions_gets_one_grade_for_each_distinct_outcome() -> None:
    rows = grades_for_conditions(load_card("acupuncture"), ["fibromyalgia", "back_neck", "fibromyalgia", "ptsd"])
    assert [(conditions, outcome.grade) for conditions, outcome in rows] == [
        (["fibromyalgia"], "weak"),
        (["back_neck"], "moderate"),
    ]
    assert grades_for_conditions(load_card("acupuncture"), ["ptsd"]) == []


def test_acupuncture_cites_nice_ng226_against_it_for_osteoarthritis_and_ng193s_single_course() -> None:
    card = load_card("acupuncture")
    (oa,) = [g for g in card.grades if g.condition == "Osteoarthritis"]
    assert "NICE NG226" in {s.guideline for s in oa.sources}
    assert "recommends against" in oa.summary
    (primary,) = [g for g in card.grades if "NICE NG193" in {s.guideline for s in g.sources}]
    assert primary.grade == "weak"
    assert "one course" in primary.summary
    assert "5 hours" in primary.summary
    (cause,) = [c for c in card.popular_claims if "underlying cause" in c.claim]
    assert cause.verdict == "unsupported"


def test_the_endorphin_claim_is_only_partly_true_with_its_sources() -> None:
    card = load_card("sexual_activity")
    (claim,) = [c for c in card.popular_claims if "endorphins" in c.claim]
    assert claim.verdict == "partly_true"
    assert "oxytocin and prolactin" in claim.why
    assert "mixed" in claim.why
    assert "10.1097/00006842-199905000-00005" in {s.doi for s in claim.sources}
    assert "10.1097/00006842-199905000-00005" in {s.doi for s in card.all_sources()}


# --- what a person sees ---------------------------------------------------------------------------------


def test_the_log_form_link_names_the_grade_for_my_condition(alice_client: Client, alice: User) -> None:
    update_profile(user=alice, values={"conditions": ["pelvic_pain"]})
    page = alice_client.get("/log/dilator/").content.decode()
    assert "What the evidence says for genito-pelvic pain (including vaginismus): weak evidence" in page


def test_without_a_matching_condition_the_link_names_the_cards_headline_grade(alice: User) -> None:
    update_profile(user=alice, values={"conditions": ["ptsd"]})
    link = Template("{% load evidence_tags %}{% evidence_link 'acupuncture' %}").render(Context({"user": alice}))
    assert "What the evidence says: moderate evidence" in link


def test_the_first_log_notice_gives_the_grade_for_my_condition(alice: User) -> None:
    update_profile(user=alice, values={"conditions": ["pelvic_pain"]})
    saved = log_entry(user=alice, values={"modality": "pelvic_floor_strengthening", "taken_at": timezone.now()})
    (notice,) = [n for n in saved.notices if n.code == "evidence:pelvic_floor_strengthening"]
    assert "for genito-pelvic pain (including vaginismus): not enough evidence" in notice.title
    assert "Not supported, and may raise tension" in notice.body
    assert "strong" not in notice.title.lower()


def test_the_card_page_shows_my_grade_and_marks_the_incontinence_grade_as_not_for_pain(
    alice_client: Client, alice: User,
) -> None:
    update_profile(user=alice, values={"conditions": ["pelvic_pain", "back_neck"]})
    page = alice_client.get("/evidence/pelvic_floor_strengthening/").content.decode()
    assert "For genito-pelvic pain (including vaginismus):" in page
    assert "Shown for completeness: not the headline grade for any condition Painwise tracks." in page
    assert "The grade Painwise shows for: genito-pelvic pain (including vaginismus)." in page


def test_the_api_list_gives_each_card_the_grade_for_my_conditions(alice_client: Client, alice: User) -> None:
    update_profile(user=alice, values={"conditions": ["pelvic_pain"]})
    cards = {c["slug"]: c for c in alice_client.get("/api/v1/evidence").json()}
    assert [(m["conditions"], m["grade"]) for m in cards["dilator"]["for_me"]] == [(["pelvic_pain"], "weak")]
    assert cards["dilator"]["summary_grade"] == "weak"
    assert cards["medication"]["for_me"] == []
