"""Red-flag checklist: which ticked symptoms need a doctor, and how urgently. Pure; no Django.

Content (questions, guidance, urgency, sources) lives in ``content/red_flags.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

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
    group: str = Field(min_length=3)  # a heading on the checklist page
    question: str
    urgency: UrgencyId
    guidance: str
    evidence_grade: str


class EntryTrigger(Strict):
    """One detail of a logged session that fires a prompt: ``field`` equal to ``equals``, or including ``includes``."""

    field: str
    equals: bool | str | None = None
    includes: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> EntryTrigger:
        if (self.equals is None) == (self.includes is None):
            raise ValueError(f"trigger on {self.field!r} needs exactly one of equals or includes")
        return self

    def matches(self, details: Mapping[str, Any]) -> bool:
        value = details.get(self.field)
        if self.includes is not None:
            return isinstance(value, list) and self.includes in value
        return value is not None and value == self.equals and type(value) is type(self.equals)


class EntryPrompt(SourcedEntry):
    """Warning signs shown at once after a logged session whose details suggest injury, not the usual discomfort."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    modalities: list[str] = Field(min_length=1)
    triggers: list[EntryTrigger] = Field(min_length=1)
    level: Literal["caution", "serious"]
    title: str = Field(min_length=10)
    body: str = Field(min_length=20)
    flags: list[str] = Field(min_length=1)
    checklist_context: Context

    def fires_for(self, modality: str, details: Mapping[str, Any]) -> bool:
        return modality in self.modalities and any(trigger.matches(details) for trigger in self.triggers)


class RedFlagContent(Strict):
    urgency_levels: list[UrgencyLevel] = Field(min_length=4, max_length=4)
    none_checked: str
    flags: list[RedFlag] = Field(min_length=1)
    entry_prompts: list[EntryPrompt] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> RedFlagContent:
        ids = [flag.id for flag in self.flags]
        if len(set(ids)) != len(ids):
            raise ValueError("two red flags share an id")
        for prompt in self.entry_prompts:
            unknown = [flag_id for flag_id in prompt.flags if flag_id not in ids]
            if unknown:
                raise ValueError(f"entry prompt {prompt.id} names unknown red flags: {', '.join(unknown)}")
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


def entry_prompts_for(modality: str, details: Mapping[str, Any]) -> list[tuple[EntryPrompt, list[RedFlag]]]:
    """The prompts a logged session fires (by catalog slug and its details), each with the red flags to list."""
    content = red_flag_content()
    by_id = {flag.id: flag for flag in content.flags}
    return [
        (prompt, [by_id[flag_id] for flag_id in prompt.flags])
        for prompt in content.entry_prompts
        if prompt.fires_for(modality, details)
    ]


def checklist_context_for(modality: str) -> Context | None:
    """The checklist to link from a therapy's log form: that of the first entry prompt covering it, if any."""
    for prompt in red_flag_content().entry_prompts:
        if modality in prompt.modalities:
            return prompt.checklist_context
    return None
