"""Red-flag checklist: which ticked symptoms need a doctor, and how urgently. Pure; no Django.

Content (questions, guidance, urgency, sources) lives in ``content/red_flags.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import SourcedEntry, Strict, load

UrgencyId = Literal["emergency", "same_day", "days", "next_visit"]
Context = Literal["any_pain", "sexual_pain"]


class UnknownRedFlagError(LookupError):
    """A ticked id that is not in the red-flag list."""


class UrgencyLevel(Strict):
    id: UrgencyId
    rank: int
    title: str
    guidance: str


class RedFlag(SourcedEntry):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    context: Context
    question: str
    urgency: UrgencyId
    guidance: str
    evidence_grade: str


class RedFlagContent(Strict):
    urgency_levels: list[UrgencyLevel] = Field(min_length=4, max_length=4)
    none_checked: str
    flags: list[RedFlag] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RedFlagContent:
        ids = [flag.id for flag in self.flags]
        if len(set(ids)) != len(ids):
            raise ValueError("two red flags share an id")
        return self


@dataclass(frozen=True)
class RedFlagGuidance:
    """A checklist outcome: the highest urgency, what to do, and each ticked flag, most urgent first."""

    urgency: UrgencyId | None
    title: str
    guidance: str
    flags: tuple[RedFlag, ...]


def red_flag_content() -> RedFlagContent:
    """The validated red-flag file (cached); raises ContentError if it is broken."""
    content: RedFlagContent = load("red_flags.yaml", RedFlagContent)
    return content


def red_flags(context: Context | None = None) -> list[RedFlag]:
    """The checklist, optionally only the questions for one context (any pain, or sexual pain)."""
    flags = red_flag_content().flags
    return [flag for flag in flags if context is None or flag.context == context]


def evaluate_red_flags(checked_ids: Iterable[str]) -> RedFlagGuidance:
    """Turn ticked red-flag ids into guidance at the highest urgency among them.

    Raises ``UnknownRedFlagError`` naming any id that is not in the list. With nothing ticked the urgency
    is None and the guidance says the list is not exhaustive (it never says all is well).
    """
    content = red_flag_content()
    by_id = {flag.id: flag for flag in content.flags}
    checked = list(dict.fromkeys(checked_ids))
    unknown = [flag_id for flag_id in checked if flag_id not in by_id]
    if unknown:
        raise UnknownRedFlagError(f"unknown red flag: {', '.join(unknown)}")
    if not checked:
        return RedFlagGuidance(urgency=None, title="", guidance=content.none_checked, flags=())
    levels = {level.id: level for level in content.urgency_levels}
    ticked = sorted((by_id[flag_id] for flag_id in checked), key=lambda flag: -levels[flag.urgency].rank)
    top = levels[ticked[0].urgency]
    return RedFlagGuidance(urgency=top.id, title=top.title, guidance=top.guidance, flags=tuple(ticked))
