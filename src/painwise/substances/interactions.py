"""The interaction checker: a pure function from (medication list, recent substance logs) to warnings.

Rules live in ``content/interactions.yaml``. A rule pairs two selectors (drug classes and/or specific
drugs); every pair of different items a person takes is checked against every rule. Nothing is ever
dropped silently: the only rules not shown for a pair are those a more specific matching rule
explicitly ``supersedes`` (e.g. "kratom with quetiapine" replaces the general "kratom with a sedative"),
and every name not on the drug list comes back as a "not checked for interactions" warning.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import Source, SourcedEntry, Strict, load
from painwise.substances.drugs import (
    KEY_PATTERN,
    DrugMatch,
    WithSharedSources,
    catalog,
    drug_by_key,
    match_drug,
)

INTERACTIONS_FILE = "interactions.yaml"

Severity = Literal["serious", "caution", "not_checked"]
# Lower number = shown first.
SEVERITY_ORDER: dict[str, int] = {"serious": 0, "caution": 1, "not_checked": 2}


class Selector(Strict):
    """One side of a rule: matches an item that is in any of ``classes`` or is one of ``drugs``."""

    classes: list[str] = Field(default_factory=list)
    drugs: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if not (self.classes or self.drugs):
            raise ValueError("a selector needs at least one class or drug")
        return self

    def matches(self, drug: DrugMatch) -> bool:
        """True when the drug is named here or belongs (directly or by ancestry) to a listed class."""
        return drug.key in self.drugs or bool(drug.classes.intersection(self.classes))


class InteractionRule(SourcedEntry):
    """A curated interaction: the two sides, how bad, why, and what the person should do."""

    id: str = Field(pattern=KEY_PATTERN)
    a: Selector
    b: Selector
    severity: Literal["serious", "caution"]
    title: str = Field(min_length=5)
    mechanism: str = Field(min_length=20)
    what_to_do: str = Field(min_length=20)
    case_reports: list[str] = Field(default_factory=list)
    supersedes: list[str] = Field(default_factory=list)


class InteractionTable(WithSharedSources):
    """The whole rules file, cross-checked against the drug list when loaded."""

    talk_to_clinician: str = Field(min_length=20)
    not_checked: str = Field(min_length=20)
    limits: str = Field(min_length=20)
    # How far back substance logs (kratom, alcohol) count as "recent" for the checker, in days.
    recent_log_days: int = Field(ge=1, le=90)
    rules: list[InteractionRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_check(self) -> InteractionTable:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate rule id")
        for rule in self.rules:
            for target in rule.supersedes:
                if target not in ids or target == rule.id:
                    raise ValueError(f"rule {rule.id} supersedes unknown rule {target!r}")
        return self


@dataclass(frozen=True)
class Item:
    """Something the person takes: a listed medication or a substance from their recent logs.

    ``label`` is what the person typed or logged; ``drug_key`` is the matched drug (blank = try to
    match ``label``); ``logged_at`` is set for substance log entries (kratom, alcohol).
    """

    label: str
    drug_key: str = ""
    logged_at: dt.datetime | None = None


@dataclass(frozen=True)
class InteractionWarning:
    """One warning to show: an interaction between two items, or an item we could not check."""

    severity: Severity
    title: str
    items: tuple[str, ...]
    drug_keys: tuple[str, ...] = ()
    mechanism: str = ""
    what_to_do: str = ""
    talk_to_clinician: str = ""
    rule_id: str = ""
    case_reports: tuple[str, ...] = ()
    sources: tuple[Source, ...] = field(default_factory=tuple)

    @property
    def is_interaction(self) -> bool:
        """True for a rule match, False for a "not checked for interactions" notice."""
        return self.severity != "not_checked"


class UnknownRuleTargetError(ValueError):
    """A rule names a drug class or drug key that the drug list does not define."""


@cache
def table() -> InteractionTable:
    """The validated rule table; raises ContentError or UnknownRuleTargetError if any rule is broken."""
    rules: InteractionTable = load(INTERACTIONS_FILE, InteractionTable)
    _check_targets(rules)
    return rules


def _check_targets(rules: InteractionTable) -> None:
    class_keys = {c.key for c in catalog().classes}
    drug_keys = {d.key for d in catalog().drugs}
    for rule in rules.rules:
        for side in (rule.a, rule.b):
            unknown_classes = set(side.classes) - class_keys
            unknown_drugs = set(side.drugs) - drug_keys
            if unknown_classes or unknown_drugs:
                names = sorted(unknown_classes | unknown_drugs)
                raise UnknownRuleTargetError(f"{INTERACTIONS_FILE}: rule {rule.id} names unknown {names}")


def resolve(item: Item) -> DrugMatch | None:
    """The listed drug for an item: by its stored key first, then by matching its label."""
    if item.drug_key:
        found = drug_by_key(item.drug_key)
        if found:
            return found
    return match_drug(item.label)


def check_interactions(medications: Iterable[Item], recent_logs: Iterable[Item] = ()) -> list[InteractionWarning]:
    """Every applicable warning for a person's medication list plus recent substance logs.

    Inputs: the active medications and the substance log entries of the recent window (kratom,
    alcohol), each as an Item. Output: interaction warnings (serious first, then caution) followed by
    one "not checked for interactions" warning per name not on the drug list.
    """
    rules = table()
    resolved, unknown = _resolve_all([*medications, *recent_logs])
    warnings = [
        warning
        for (label_a, drug_a), (label_b, drug_b) in itertools.combinations(resolved, 2)
        for warning in _pair_warnings(rules, (label_a, drug_a), (label_b, drug_b))
    ]
    warnings.extend(_not_checked(rules, label) for label in unknown)
    return sorted(warnings, key=lambda w: (SEVERITY_ORDER[w.severity], w.title, w.items))


def _resolve_all(items: list[Item]) -> tuple[list[tuple[str, DrugMatch]], list[str]]:
    by_key: dict[str, tuple[str, DrugMatch]] = {}
    unknown: dict[str, str] = {}
    for item in items:
        drug = resolve(item)
        if drug is None:
            unknown.setdefault(item.label.strip().casefold(), item.label.strip())
        else:
            # The same drug listed twice (or logged many times) is one item for pairing.
            by_key.setdefault(drug.key, (item.label.strip() or drug.name, drug))
    return list(by_key.values()), [label for label in unknown.values() if label]


def _pair_warnings(
    rules: InteractionTable, first: tuple[str, DrugMatch], second: tuple[str, DrugMatch]
) -> list[InteractionWarning]:
    matched = [rule for rule in rules.rules if _rule_matches(rule, first[1], second[1])]
    superseded = {target for rule in matched for target in rule.supersedes}
    return [_warning(rules, rule, first, second) for rule in matched if rule.id not in superseded]


def _rule_matches(rule: InteractionRule, one: DrugMatch, other: DrugMatch) -> bool:
    return (rule.a.matches(one) and rule.b.matches(other)) or (rule.a.matches(other) and rule.b.matches(one))


def _warning(
    rules: InteractionTable,
    rule: InteractionRule,
    first: tuple[str, DrugMatch],
    second: tuple[str, DrugMatch],
) -> InteractionWarning:
    # Name the side matching selector "a" first, so "kratom + oxycodone" reads the same way each time.
    ordered = (first, second) if rule.a.matches(first[1]) and rule.b.matches(second[1]) else (second, first)
    return InteractionWarning(
        severity=rule.severity,
        title=rule.title,
        items=tuple(label for label, _ in ordered),
        drug_keys=tuple(drug.key for _, drug in ordered),
        mechanism=rule.mechanism,
        what_to_do=rule.what_to_do,
        talk_to_clinician=rules.talk_to_clinician,
        rule_id=rule.id,
        case_reports=tuple(rule.case_reports),
        sources=tuple(rule.sources),
    )


def _not_checked(rules: InteractionTable, label: str) -> InteractionWarning:
    return InteractionWarning(
        severity="not_checked",
        title=f"{label}: not checked for interactions",
        items=(label,),
        what_to_do=rules.not_checked,
        talk_to_clinician=rules.talk_to_clinician,
    )


def serious_count(warnings: Iterable[InteractionWarning]) -> int:
    """How many of the warnings are serious interactions."""
    return sum(1 for w in warnings if w.severity == "serious")
