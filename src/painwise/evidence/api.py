"""Evidence routes: every card's summary and grade, and one card in full (the same content as the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from painwise.accounts.services import profile_of
from painwise.core.types import AuthedRequest
from painwise.evidence.cards import EvidenceCard, Grade, all_cards, card_slugs, grades_for_conditions, load_card

router = Router(tags=["evidence"])


class GradeForMe(Schema):
    conditions: list[str]
    grade: Grade
    condition: str
    outcome: str


class CardSummary(Schema):
    slug: str
    title: str
    summary: str
    summary_grade: Grade
    strongest_grade: Grade
    never_recommend: bool
    for_me: list[GradeForMe]


@router.get("/evidence", response=list[CardSummary])
def list_cards(request: AuthedRequest) -> list[dict[str, Any]]:
    """Every therapy's card: its one-line summary, the grade that summary claims, the best grade on the card,
    and ``for_me``: the grade for each of the person's profile conditions the card grades (may be empty)."""
    conditions = profile_of(request.user).conditions
    return [
        {
            **c.model_dump(include={"slug", "title", "summary", "summary_grade", "never_recommend"}),
            "strongest_grade": c.strongest_grade,
            "for_me": [
                {"conditions": ids, "grade": o.grade, "condition": o.condition, "outcome": o.outcome}
                for ids, o in grades_for_conditions(c, conditions)
            ],
        }
        for c in all_cards()
    ]


@router.get("/evidence/{slug}", response=EvidenceCard)
def get_card(request: HttpRequest, slug: str) -> EvidenceCard:
    """One card in full: grades per condition, popular claims, harms, safety box, sources, review date."""
    if slug not in card_slugs():
        raise Http404
    return load_card(slug)
