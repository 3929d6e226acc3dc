"""Which experiments Painwise refuses: never-recommend substances, and medicines that must be tapered.

The rules are content (content/experiments_safety.yaml, with sources); drug classes come from the
substances domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from painwise.core.content import SourcedEntry, Strict, load
from painwise.substances.services import drug_classes_of


class ClassRule(SourcedEntry):
    """One drug class with the reason shown to the person."""

    class_: str = Field(alias="class")
    reason: str
    # How strong the evidence for the rule is: a guideline or regulator's label, a systematic review or trial,
    # or case reports and expert opinion.
    grade: Literal["guideline", "review", "case_reports"]


class SafetyRules(Strict):
    never: list[ClassRule]
    taper: list[ClassRule]


def rules() -> SafetyRules:
    """The validated safety rules (cached with the content loader)."""
    loaded: SafetyRules = load("experiments_safety.yaml", SafetyRules)
    return loaded


@dataclass(frozen=True)
class Finding:
    """Why an experiment on ``name`` is refused or needs the prescriber's agreement."""

    name: str
    refused: bool
    medicine: bool
    reason: str = ""


def check_name(name: str) -> Finding:
    """Refused when the name is a never-recommend substance or a medicine that must be tapered;
    ``medicine`` when it is on the drug list at all (then the prescriber must agree)."""
    text = name.split(":", 1)[1] if name.startswith(("medication:", "custom:")) else name
    classes = drug_classes_of(text.replace("_", " "))
    loaded = rules()
    for rule in (*loaded.never, *loaded.taper):
        if rule.class_ in classes:
            return Finding(name, True, True, rule.reason)
    return Finding(name, False, bool(classes))
