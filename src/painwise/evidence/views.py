"""Evidence pages: the list of every therapy's card, and one card in full."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from painwise.accounts.services import condition_choices
from painwise.core.types import AuthedRequest
from painwise.evidence.cards import GRADE_LABELS, VERDICT_LABELS, GradedOutcome, all_cards, card_slugs, load_card
from painwise.evidence.services import personal_grades


@login_required
def index(request: HttpRequest) -> HttpResponse:
    cards = [{"card": c, "grade": GRADE_LABELS[c.summary_grade]} for c in all_cards()]
    return render(request, "evidence/index.html", {"cards": cards})


def _shown_for(outcome: GradedOutcome) -> str:
    """The profile conditions an outcome is the headline grade for, in words ("" when none)."""
    labels = dict(condition_choices())
    return ", ".join(labels.get(c, c).lower() for c in outcome.headline_for)


@login_required
def card(request: AuthedRequest, slug: str) -> HttpResponse:
    if slug not in card_slugs():
        raise Http404
    found = load_card(slug)
    context = {
        "card": found,
        "summary_grade": GRADE_LABELS[found.summary_grade],
        "personal": personal_grades(user=request.user, card=found),
        "grades": [{"outcome": g, "label": GRADE_LABELS[g.grade], "shown_for": _shown_for(g)} for g in found.grades],
        "claims": [{"claim": c, "label": VERDICT_LABELS[c.verdict]} for c in found.popular_claims],
        "sources": found.all_sources(),
    }
    return render(request, "evidence/card.html", context)
