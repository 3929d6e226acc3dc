"""Evidence cards: one per catalog therapy, graded, sourced, fresh, never claiming more than the evidence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from painwise.core.content import CONTENT_DIR, ContentError, stale_entries, validate
from painwise.evidence.cards import (
    GRADE_RANK,
    EvidenceCard,
    all_cards,
    card_slugs,
    claim_within_grade,
    load_card,
    missing_cards,
)
from painwise.therapies.catalog import catalog

# "custom" is the person's own factor; there is nothing general to say about it.
OWN_FACTOR = "custom"


def test_every_therapy_in_the_catalog_has_an_evidence_card() -> None:
    therapies = [slug for slug in catalog() if slug != OWN_FACTOR]
    assert len(therapies) == 17
    assert missing_cards(therapies) == []


def test_every_card_and_every_graded_outcome_cites_sources_and_is_freshly_reviewed() -> None:
    cards = all_cards()
    entries = [*cards, *(g for c in cards for g in c.grades), *(h for c in cards for h in c.harms)]
    assert all(entry.sources for entry in entries)
    assert stale_entries(entries) == []


def test_every_card_has_a_complete_safety_box() -> None:
    for card in all_cards():
        box = card.safety
        assert box.who_should_not
        assert box.side_effects
        assert box.when_to_stop
        assert box.when_to_seek_care


def raw_card(slug: str) -> dict:  # type: ignore[type-arg]
    data: dict[Any, Any] = yaml.safe_load((CONTENT_DIR / "evidence" / f"{slug}.yaml").read_text(encoding="utf-8"))
    return data


def test_a_card_whose_summary_claims_more_than_its_evidence_is_refused() -> None:
    data = raw_card("acupuncture")
    data["summary_grade"] = "strong"
    with pytest.raises(ContentError, match="summary claims 'strong'"):
        validate(data, EvidenceCard, origin="evidence/acupuncture.yaml")


def test_a_card_without_sources_is_refused() -> None:
    data = raw_card("heat_cold")
    data["sources"] = []
    with pytest.raises(ContentError, match="sources"):
        validate(data, EvidenceCard, origin="evidence/heat_cold.yaml")


def test_no_summary_claims_more_than_its_cards_best_grade() -> None:
    for card in all_cards():
        assert GRADE_RANK[card.summary_grade] <= GRADE_RANK[card.strongest_grade], card.slug


def test_claims_are_checked_against_the_card() -> None:
    assert claim_within_grade("exercise", "strong")
    assert not claim_within_grade("acupuncture", "strong")
    assert not claim_within_grade("intimacy", "weak")


def test_acupuncture_for_fibromyalgia_is_graded_weak_while_back_pain_is_moderate() -> None:
    grades = {g.condition: g.grade for g in load_card("acupuncture").grades}
    assert grades["Fibromyalgia"] == "weak"
    assert grades["Chronic back and neck pain"] == "moderate"


def test_the_kratom_card_says_no_addiction_risk_is_false_and_there_is_no_trial_evidence() -> None:
    card = load_card("kratom")
    assert card.never_recommend
    assert "no risk of addiction is false" in " ".join(card.summary.split())
    assert "no trial evidence" in card.summary.lower()
    addiction = [c for c in card.popular_claims if "addiction" in c.claim]
    assert [c.verdict for c in addiction] == ["false"]
    pain = {g.condition: g.grade for g in card.grades}["Chronic pain"]
    assert pain == "insufficient"


def test_the_kratom_card_states_the_dependence_evidence_with_sources() -> None:
    card = load_card("kratom")
    (dependence,) = [h for h in card.harms if h.title.startswith("Dependence")]
    assert "10.1016/j.drugalcdep.2014.03.017" in {s.doi for s in dependence.sources}
    assert "withdrawal" in dependence.summary


RECOMMENDING = re.compile(
    r"\b(try|start|recommend(ed|s)?|consider|switch to|take up)\s+(taking\s+|using\s+)?kratom\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(not|never|no)\b[^.]*$", re.IGNORECASE)


def content_sentences() -> list[tuple[str, str]]:
    found = []
    for path in Path(CONTENT_DIR).rglob("*.yaml"):
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(path.read_text(encoding="utf-8").split())):
            found.append((path.name, sentence))
    return found


def test_no_content_anywhere_nudges_a_person_to_start_kratom() -> None:
    for name, sentence in content_sentences():
        match = RECOMMENDING.search(sentence)
        if match:
            assert NEGATION.search(sentence[: match.start()]), f"{name}: {sentence}"


def test_card_files_are_named_for_their_slug() -> None:
    for slug in card_slugs():
        assert load_card(slug).slug == slug
