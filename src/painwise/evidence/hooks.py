"""The first time a person logs a therapy, point them to what the evidence says about it, for their conditions."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from painwise.core.hooks import Notice
from painwise.evidence.cards import GRADE_LABELS, card_slugs, load_card
from painwise.evidence.services import personal_grades
from painwise.therapies.services import TherapyEntry, count_entries_of

if TYPE_CHECKING:
    from painwise.core.types import User



def first_entry_notice(entry: TherapyEntry) -> list[Notice]:
    """An info notice on the person's first entry of a therapy: the grade for their conditions, or the card's."""
    return first_entries_notices([entry])


def first_entries_notices(entries: list[TherapyEntry]) -> list[Notice]:
    """The evidence notice for each therapy of these just-saved entries that the person had never logged before.

    A therapy is new when every entry of it the person has is one of ``entries`` (one count per therapy).
    """
    notices = []
    batch = Counter(e.modality for e in entries if e.modality in card_slugs())
    for modality, in_batch in batch.items():
        user = next(e.user for e in entries if e.modality == modality)
        if count_entries_of(user=user, modality=modality) > in_batch:
            continue
        notices.append(_card_notice(modality, user))
    return notices


def _card_notice(slug: str, user: User) -> Notice:
    card = load_card(slug)
    mine = personal_grades(user=user, card=card)
    if mine:
        grades = "; ".join(f"for {p.conditions}: {p.label.lower()}" for p in mine)
        body = " ".join(f"For {p.conditions}: {p.outcome.summary}" for p in mine)
    else:
        grades, body = GRADE_LABELS[card.summary_grade].lower(), card.summary
    return Notice(
        level="info",
        title=gettext("What the evidence says about %(lower)s (%(grades)s)")
        % {"lower": card.title.lower(), "grades": grades},
        body=body,
        link=reverse("evidence:card", args=[card.slug]),
        code=f"evidence:{card.slug}",
    )
