"""The first time a person logs a therapy, point them to what the evidence says about it, for their conditions."""

from __future__ import annotations

from django.urls import reverse

from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice
from painwise.evidence.cards import GRADE_LABELS, card_slugs, load_card
from painwise.evidence.services import personal_grades
from painwise.therapies.models import TherapyEntry


def first_entry_notice(entry: TherapyEntry) -> list[Notice]:
    """An info notice on the person's first entry of a therapy: the grade for their conditions, or the card's."""
    if entry.modality not in card_slugs():
        return []
    same_kind = blind_lookup(TherapyEntry, entry.user, modality=entry.modality)
    earlier = TherapyEntry.objects.filter(user=entry.user, **same_kind)
    if earlier.exclude(pk=entry.pk).exists():
        return []
    card = load_card(entry.modality)
    mine = personal_grades(user=entry.user, card=card)
    if mine:
        grades = "; ".join(f"for {p.conditions}: {p.label.lower()}" for p in mine)
        body = " ".join(f"For {p.conditions}: {p.outcome.summary}" for p in mine)
    else:
        grades, body = GRADE_LABELS[card.summary_grade].lower(), card.summary
    return [
        Notice(
            level="info",
            title=f"What the evidence says about {card.title.lower()} ({grades})",
            body=body,
            link=reverse("evidence:card", args=[card.slug]),
            code=f"evidence:{card.slug}",
        )
    ]
