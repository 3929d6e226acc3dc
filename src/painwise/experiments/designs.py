"""The design Painwise proposes for a factor: blocks for slow-acting therapies, day by day for short-acting ones.

How fast each catalog therapy and drug class acts is content (content/experiments_designs.yaml, with
sources); a medicine is read through the substances domain's drug list, so brands count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from painwise.core.content import SourcedEntry, Strict, load
from painwise.substances.services import drug_classes_of

Onset = Literal["slow", "short"]


class OnsetRule(SourcedEntry):
    """How fast something acts, the reason shown to the person, and optional block lengths."""

    onset: Onset
    reason: str
    grade: Literal["guideline", "trial", "expert_opinion"]
    period_days: int | None = Field(default=None, ge=7, le=14)
    washout_days: int | None = Field(default=None, ge=0, le=10)


class ModalityOnset(OnsetRule):
    slug: str


class ClassOnset(OnsetRule):
    class_: str = Field(alias="class")


class DesignDefaults(Strict):
    kind: Literal["blocks", "days"]
    pairs: int | None = None
    period_days: int | None = None
    washout_days: int | None = None
    days: int | None = None


class DesignContent(Strict):
    designs: dict[Onset, DesignDefaults]
    unknown: OnsetRule
    modalities: list[ModalityOnset]
    drug_classes: list[ClassOnset]


def content() -> DesignContent:
    """The validated design content (cached with the content loader)."""
    loaded: DesignContent = load("experiments_designs.yaml", DesignContent)
    return loaded


@dataclass(frozen=True)
class Proposal:
    """The proposed design fields (``values``), whether the thing acts slowly or quickly, and why."""

    onset: Onset
    reason: str
    values: dict[str, Any]
    known: bool


def _rule_for(factor: str, label: str) -> OnsetRule | None:
    loaded = content()
    slug = factor if ":" not in factor else ""
    for rule in loaded.modalities:
        if slug and rule.slug == slug:
            return rule
    name = factor.split(":", 1)[1] if factor.startswith(("medication:", "custom:")) else (label or factor)
    classes = drug_classes_of(name.replace("_", " ")) if name.strip() else frozenset()
    for class_rule in loaded.drug_classes:
        if class_rule.class_ in classes:
            return class_rule
    return None


def propose(*, factor: str = "", label: str = "") -> Proposal:
    """The design for ``factor`` (a catalog slug, ``medication:<name>`` or ``custom:<name>``) or a typed
    ``label``; unknown things get the block design."""
    rule = _rule_for(factor.strip(), label.strip())
    chosen = rule or content().unknown
    base = content().designs[chosen.onset]
    values = {k: v for k, v in base.model_dump().items() if v is not None}
    if chosen.period_days is not None:
        values["period_days"] = chosen.period_days
    if chosen.washout_days is not None:
        values["washout_days"] = chosen.washout_days
    return Proposal(onset=chosen.onset, reason=chosen.reason, values=values, known=rule is not None)
