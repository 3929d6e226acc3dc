"""``{% evidence_link slug %}``: a small link to a therapy's evidence card, naming its grade.

Meant for the therapy log, the catalog and the insights page, next to a therapy's name.
"""

from __future__ import annotations

from typing import Any

from django import template

from painwise.evidence.cards import GRADE_LABELS, card_slugs, load_card

register = template.Library()


@register.inclusion_tag("evidence/_link.html")
def evidence_link(slug: str) -> dict[str, Any]:
    """Context for the link: nothing to show when the slug has no card (e.g. a person's own factor)."""
    if slug not in card_slugs():
        return {"card": None}
    card = load_card(slug)
    return {"card": card, "grade": GRADE_LABELS[card.summary_grade]}
