"""Evidence pages: the list of every therapy's card, and one card in full."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from painwise.evidence.cards import GRADE_LABELS, VERDICT_LABELS, all_cards, card_slugs, load_card


@login_required
def index(request: HttpRequest) -> HttpResponse:
    cards = [{"card": c, "grade": GRADE_LABELS[c.summary_grade]} for c in all_cards()]
    return render(request, "evidence/index.html", {"cards": cards})


@login_required
def card(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in card_slugs():
        raise Http404
    found = load_card(slug)
    context = {
        "card": found,
        "summary_grade": GRADE_LABELS[found.summary_grade],
        "grades": [{"outcome": g, "label": GRADE_LABELS[g.grade]} for g in found.grades],
        "claims": [{"claim": c, "label": VERDICT_LABELS[c.verdict]} for c in found.popular_claims],
        "sources": found.all_sources(),
    }
    return render(request, "evidence/card.html", context)
