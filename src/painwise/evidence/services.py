"""The evidence grade to show a person: the headline grade for the conditions in their profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from painwise.accounts.services import condition_choices, profile_of
from painwise.evidence.cards import GRADE_LABELS, EvidenceCard, Grade, GradedOutcome, grades_for_conditions
from painwise.evidence.cards import card_slugs as card_slugs
from painwise.evidence.cards import load_card as load_card

if TYPE_CHECKING:
    from painwise.core.types import Visitor



@dataclass(frozen=True)
class PersonalGrade:
    """One grade for some of the person's conditions, e.g. "genito-pelvic pain (including vaginismus)": weak."""

    conditions: str
    grade: Grade
    label: str
    outcome: GradedOutcome


def personal_grades(*, user: Visitor | None, card: EvidenceCard) -> list[PersonalGrade]:
    """The card's grades for the conditions in the person's profile (empty for visitors or no matching condition)."""
    if user is None or not user.is_authenticated:
        return []
    labels = dict(condition_choices())
    return [
        PersonalGrade(
            conditions=" and ".join(labels.get(c, c).lower() for c in conditions),
            grade=outcome.grade,
            label=GRADE_LABELS[outcome.grade],
            outcome=outcome,
        )
        for conditions, outcome in grades_for_conditions(card, profile_of(user).conditions)
    ]
