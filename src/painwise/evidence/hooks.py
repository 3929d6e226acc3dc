"""The first time a person logs a therapy, point them to what the evidence says about it."""

from __future__ import annotations

from django.urls import reverse

from painwise.core.hooks import Notice
from painwise.evidence.cards import GRADE_LABELS, card_slugs, load_card
from painwise.therapies.models import TherapyEntry


def first_entry_notice(entry: TherapyEntry) -> list[Notice]:
    """An info notice with the card's summary and grade on the person's first entry of a therapy."""
    if entry.modality not in card_slugs():
        return []
    if TherapyEntry.objects.filter(user=entry.user, modality=entry.modality).exclude(pk=entry.pk).exists():
        return []
    card = load_card(entry.modality)
    return [
        Notice(
            level="info",
            title=f"What the evidence says about {card.title.lower()} ({GRADE_LABELS[card.summary_grade].lower()})",
            body=card.summary,
            link=reverse("evidence:card", args=[card.slug]),
            code=f"evidence:{card.slug}",
        )
    ]
