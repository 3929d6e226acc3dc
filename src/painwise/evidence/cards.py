"""Evidence cards: one YAML file per therapy slug under ``content/evidence/``, validated here.

A card grades the evidence per condition (strong / moderate / weak / insufficient / contradicted), says
what popular claims get wrong, carries a safety box, and cites its sources. Its one-line ``summary`` is
the sentence other pages may show; the loader refuses a card whose summary claims a stronger grade than
any of its graded outcomes, and ``claim_within_grade`` lets other code check its own wording the same way.

Headline grades are for this app's people: a graded outcome lists in ``headline_for`` the profile
conditions (content/conditions.yaml) whose grade it is. When a card has such outcomes, its summary may
claim no more than the best of them, so strong evidence for another problem (pelvic-floor training for
stress incontinence) never becomes the headline for pain. ``grades_for_conditions`` picks the grade to
show a person from the conditions in their profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import CONTENT_DIR, ContentError, Source, SourcedEntry, Strict, load

EVIDENCE_DIR = "evidence"

Grade = Literal["strong", "moderate", "weak", "insufficient", "contradicted"]
# How much a grade lets a sentence claim; "contradicted" supports nothing.
GRADE_RANK: dict[str, int] = {"contradicted": 0, "insufficient": 1, "weak": 2, "moderate": 3, "strong": 4}
GRADE_LABELS: dict[str, str] = {
    "strong": "Strong evidence",
    "moderate": "Moderate evidence",
    "weak": "Weak evidence",
    "insufficient": "Not enough evidence",
    "contradicted": "Evidence against",
}
Certainty = Literal["established", "probable", "plausible", "speculative", "unknown"]
Verdict = Literal["true", "partly_true", "unsupported", "false"]
VERDICT_LABELS: dict[str, str] = {
    "true": "True",
    "partly_true": "Partly true",
    "unsupported": "Not supported by evidence",
    "false": "False",
}


class Mechanism(Strict):
    """How the therapy is thought to work, and how sure anyone is about that."""

    summary: str = Field(min_length=20)
    certainty: Certainty


class GradedOutcome(SourcedEntry):
    """The evidence grade for one condition and outcome (e.g. chronic low back pain: pain)."""

    condition: str = Field(min_length=3)
    outcome: str = Field(min_length=3)
    grade: Grade
    summary: str = Field(min_length=20)
    # Profile condition ids (content/conditions.yaml) for whom this is the grade to show.
    headline_for: list[str] = Field(default_factory=list)


class PopularClaim(Strict):
    """A claim people meet in articles or adverts, and what the evidence says about it."""

    claim: str = Field(min_length=5)
    verdict: Verdict
    why: str = Field(min_length=20)
    sources: list[Source] = Field(default_factory=list)


class Harm(SourcedEntry):
    """A documented harm, with its own sources (dependence, overdose, injury, interactions)."""

    title: str = Field(min_length=5)
    summary: str = Field(min_length=20)


class SafetyBox(Strict):
    """Who should not, side effects, when to stop, when to seek care: each at least one line."""

    who_should_not: list[str] = Field(min_length=1)
    side_effects: list[str] = Field(min_length=1)
    when_to_stop: list[str] = Field(min_length=1)
    when_to_seek_care: list[str] = Field(min_length=1)


class EvidenceCard(SourcedEntry):
    """One therapy's card, keyed by its catalog slug."""

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=3)
    summary: str = Field(min_length=20)
    summary_grade: Grade
    what_it_is: str = Field(min_length=20)
    mechanism: Mechanism
    grades: list[GradedOutcome] = Field(min_length=1)
    popular_claims: list[PopularClaim] = Field(default_factory=list)
    harms: list[Harm] = Field(default_factory=list)
    safety: SafetyBox
    # True for substances Painwise must never suggest starting (kratom, alcohol).
    never_recommend: bool = False

    @model_validator(mode="after")
    def _summary_within_grade(self) -> EvidenceCard:
        if GRADE_RANK[self.summary_grade] > GRADE_RANK[self.strongest_grade]:
            raise ValueError(
                f"summary claims {self.summary_grade!r} but the best graded outcome is {self.strongest_grade!r}"
            )
        best = self.best_headline_grade
        if best is not None and GRADE_RANK[self.summary_grade] > GRADE_RANK[best]:
            raise ValueError(
                f"summary claims {self.summary_grade!r} but the best grade for this app's conditions is {best!r}"
            )
        return self

    @model_validator(mode="after")
    def _one_headline_per_condition(self) -> EvidenceCard:
        named = [condition for g in self.grades for condition in g.headline_for]
        twice = sorted({condition for condition in named if named.count(condition) > 1})
        if twice:
            raise ValueError(f"more than one headline grade for: {', '.join(twice)}")
        return self

    @property
    def best_headline_grade(self) -> Grade | None:
        """The best grade among outcomes that are a headline for one of the app's conditions (None if none are)."""
        headlines: list[Grade] = [g.grade for g in self.grades if g.headline_for]
        if not headlines:
            return None
        return max(headlines, key=lambda grade: GRADE_RANK[grade])

    @property
    def strongest_grade(self) -> Grade:
        """The best grade among the card's outcomes: the most any sentence about this therapy may claim."""
        return max((g.grade for g in self.grades), key=lambda grade: GRADE_RANK[grade])

    def all_sources(self) -> list[Source]:
        """Every source the card cites (card, outcomes and harms), without duplicates, in order."""
        seen: dict[str, Source] = {}
        for source in [
            *self.sources,
            *(s for g in self.grades for s in g.sources),
            *(s for c in self.popular_claims for s in c.sources),
            *(s for h in self.harms for s in h.sources),
        ]:
            seen.setdefault(source.doi or source.url or source.guideline or source.citation, source)
        return list(seen.values())


def card_slugs() -> list[str]:
    """Slugs of every card file on disk, sorted."""
    return sorted(path.stem for path in (CONTENT_DIR / EVIDENCE_DIR).glob("*.yaml"))


@cache
def load_card(slug: str) -> EvidenceCard:
    """The validated card for a therapy slug; KeyError if there is none, ContentError if it is invalid."""
    if slug not in card_slugs():
        raise KeyError(slug)
    card: EvidenceCard = load(f"{EVIDENCE_DIR}/{slug}.yaml", EvidenceCard)
    if card.slug != slug:
        raise ContentError(f"{EVIDENCE_DIR}/{slug}.yaml: slug field says {card.slug!r}")
    return card


def all_cards() -> list[EvidenceCard]:
    """Every card, validated, ordered by title."""
    return sorted((load_card(slug) for slug in card_slugs()), key=lambda card: card.title)


def grades_for_conditions(card: EvidenceCard, conditions: Iterable[str]) -> list[tuple[list[str], GradedOutcome]]:
    """The graded outcomes to show a person, each with the ids of their conditions it is the headline for.

    Input: condition ids from the person's profile, in their order. Output: one row per distinct outcome,
    in the order the person's conditions first reach it; empty when none of their conditions has a headline
    (then show the card's summary grade).
    """
    rows: dict[int, tuple[list[str], GradedOutcome]] = {}
    for condition in dict.fromkeys(conditions):
        for index, outcome in enumerate(card.grades):
            if condition in outcome.headline_for:
                rows.setdefault(index, ([], outcome))[0].append(condition)
    return list(rows.values())


def claim_within_grade(slug: str, claimed: Grade) -> bool:
    """True when a sentence claiming ``claimed`` strength about therapy ``slug`` stays within its card."""
    return GRADE_RANK[claimed] <= GRADE_RANK[load_card(slug).strongest_grade]


def missing_cards(catalog_slugs: list[str]) -> list[str]:
    """Catalog slugs that have no evidence card (should always be empty)."""
    have = set(card_slugs())
    return [slug for slug in catalog_slugs if slug not in have]
