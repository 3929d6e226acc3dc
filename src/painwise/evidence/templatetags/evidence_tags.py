"""``{% evidence_link slug %}``: a small link to a therapy's evidence card, naming its grade.

Meant for the therapy log, the catalog and the insights page, next to a therapy's name. For a signed-in
person whose profile lists conditions the card grades, it names the grade for those conditions instead of
the card's overall headline.
"""

from __future__ import annotations

from typing import Any

from django import template

from painwise.evidence.cards import GRADE_LABELS, card_slugs, load_card
from painwise.evidence.services import personal_grades

register = template.Library()


@register.inclusion_tag("evidence/_link.html", takes_context=True)
def evidence_link(context: template.Context, slug: str) -> dict[str, Any]:
    """Context for the link: nothing to show when the slug has no card (e.g. a person's own factor)."""
    if slug not in card_slugs():
        return {"card": None}
    card = load_card(slug)
    mine = personal_grades(user=context.get("user"), card=card)
    grade = mine[0].grade if mine else card.summary_grade
    return {"card": card, "grade": GRADE_LABELS[card.summary_grade], "grade_class": grade, "personal": mine}
