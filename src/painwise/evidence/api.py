"""Evidence routes: every card's summary and grade, and one card in full (the same content as the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from painwise.evidence.cards import EvidenceCard, Grade, all_cards, card_slugs, load_card

router = Router(tags=["evidence"])


class CardSummary(Schema):
    slug: str
    title: str
    summary: str
    summary_grade: Grade
    strongest_grade: Grade
    never_recommend: bool


@router.get("/evidence", response=list[CardSummary])
def list_cards(request: HttpRequest) -> list[dict[str, Any]]:
    """Every therapy's card: its one-line summary, the grade that summary claims, and the best grade on the card."""
    return [
        {
            **c.model_dump(include={"slug", "title", "summary", "summary_grade", "never_recommend"}),
            "strongest_grade": c.strongest_grade,
        }
        for c in all_cards()
    ]


@router.get("/evidence/{slug}", response=EvidenceCard)
def get_card(request: HttpRequest, slug: str) -> EvidenceCard:
    """One card in full: grades per condition, popular claims, harms, safety box, sources, review date."""
    if slug not in card_slugs():
        raise Http404
    return load_card(slug)
