"""The interaction checker: a pure function from (medication list, recent substance logs) to warnings.

Rules live in ``content/interactions.yaml``. A rule pairs two selectors (drug classes and/or specific
drugs). Every name is read for all its ingredients (co-codamol is codeine and paracetamol), and every
pair of ingredients from different items (or typed together as one item, like "tramadol and sertraline")
is checked against every rule; ingredients of one fixed combination product are not checked against each
other. Nothing is ever dropped silently: the only rules not shown for a pair are those a more specific
matching rule explicitly ``supersedes`` (e.g. "kratom with quetiapine" replaces the general "kratom with a
sedative"), and every name or part of a name not on the drug list comes back as "not checked for
interactions". A rule that applies to several pairs gives one warning naming every pair.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import Source, SourcedEntry, Strict, load
from painwise.substances.drugs import (
    KEY_PATTERN,
    DrugMatch,
    NameReading,
    WithSharedSources,
    catalog,
    read_name,
    reading_of_keys,
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
    # Also applies when the same drug is in two different medicines (paracetamol in two products).
    same_drug: bool = False


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

    ``label`` is what the person typed or logged; ``drug_key`` is the stored match (one drug key,
    several joined by "+", or blank), used when nothing in ``label`` is on the list; ``logged_at`` is set
    for substance log entries (kratom, alcohol).
    """

    label: str
    drug_key: str = ""
    logged_at: dt.datetime | None = None


@dataclass(frozen=True)
class Pair:
    """Two things a person takes that one rule applies to: labels as shown, and their drug keys."""

    labels: tuple[str, str]
    keys: tuple[str, str]

    @property
    def text(self) -> str:
        """The pair as a reader sees it: "kratom and Oxycodone"."""
        return " and ".join(self.labels)


@dataclass(frozen=True)
class InteractionWarning:
    """One warning to show: a rule and every pair it applies to, or a name (part) we could not check.

    For a "not checked" warning ``items`` is the medication's name as typed and ``part`` the part of it
    that is not on the drug list (the whole name when nothing in it was recognised).
    """

    severity: Severity
    title: str
    items: tuple[str, ...]
    drug_keys: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    part: str = ""
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

    @property
    def unchecked_name(self) -> str:
        """For a "not checked" warning: the unknown part, and the name it came from when that differs."""
        label = self.items[0] if self.items else ""
        return self.part if self.part in ("", label) else f"{self.part} (in {label})"

    def narrowed_to(self, keys: Iterable[str]) -> InteractionWarning | None:
        """The same warning limited to pairs involving one of ``keys``; None when no pair does."""
        wanted = set(keys)
        pairs = tuple(p for p in self.pairs if wanted.intersection(p.keys))
        if not pairs:
            return None
        labels = _unique(label for pair in pairs for label in pair.labels)
        return replace(self, pairs=pairs, items=labels, drug_keys=_unique(k for pair in pairs for k in pair.keys))


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


def resolve(item: Item) -> NameReading:
    """Every ingredient of an item: read from its label, or from its stored key when nothing in the label is listed."""
    reading = read_name(item.label)
    if not reading.recognised and item.drug_key:
        stored = reading_of_keys(item.drug_key, text=item.label.strip())
        if stored:
            return stored
    return reading


@dataclass(frozen=True)
class _Taken:
    """One ingredient of one item, as the checker pairs it."""

    item: int
    label: str
    drug: DrugMatch
    logged: bool


def check_interactions(medications: Iterable[Item], recent_logs: Iterable[Item] = ()) -> list[InteractionWarning]:
    """Every applicable warning for a person's medication list plus recent substance logs.

    Inputs: the active medications and the substance log entries of the recent window (kratom,
    alcohol), each as an Item. Output: one warning per matching rule naming every pair it applies to
    (serious first, then caution), followed by one "not checked for interactions" warning per name, or
    part of a name, that is not on the drug list.
    """
    rules = table()
    taken, unknown = _read_all([*medications], [*recent_logs])
    grouped: dict[str, list[Pair]] = {}
    for first, second in itertools.combinations(taken, 2):
        if not _checked_together(first, second):
            continue
        for rule, pair in _pair_matches(rules, first, second):
            pairs = grouped.setdefault(rule.id, [])
            if pair not in pairs:
                pairs.append(pair)
    by_id = {rule.id: rule for rule in rules.rules}
    warnings = [_warning(rules, by_id[rule_id], pairs) for rule_id, pairs in grouped.items()]
    warnings.extend(_not_checked(rules, label, part) for label, part in unknown)
    return sorted(warnings, key=lambda w: (SEVERITY_ORDER[w.severity], w.title, w.items))


def _read_all(medications: list[Item], logs: list[Item]) -> tuple[list[_Taken], list[tuple[str, str]]]:
    taken: dict[tuple[str, str], _Taken] = {}
    unknown: dict[tuple[str, str], tuple[str, str]] = {}
    for index, item in enumerate([*medications, *logs]):
        reading = resolve(item)
        label = item.label.strip() or reading.text
        for part in reading.unknown_parts:
            unknown.setdefault((label.casefold(), part.casefold()), (label, part))
        for drug in reading.ingredients:
            shown = label if len(reading.ingredients) == 1 else f"{label} ({drug.name})"
            # The same name listed twice (or kratom logged many times) is one item for pairing.
            logged = index >= len(medications)
            taken.setdefault((drug.key, shown.casefold()), _Taken(index, shown or drug.name, drug, logged))
    return list(taken.values()), list(unknown.values())


def _checked_together(first: _Taken, second: _Taken) -> bool:
    if first.drug.key == second.drug.key:
        # The same drug in two different medicines can matter (paracetamol twice); logs of it cannot.
        return first.item != second.item and not (first.logged or second.logged)
    # Ingredients of one fixed combination are made to be taken together; a typed list is not.
    return not (first.item == second.item and first.drug.product and first.drug.product == second.drug.product)


def _pair_matches(rules: InteractionTable, first: _Taken, second: _Taken) -> list[tuple[InteractionRule, Pair]]:
    same = first.drug.key == second.drug.key
    matched = [
        rule
        for rule in rules.rules
        if (rule.same_drug or not same) and _rule_matches(rule, first.drug, second.drug)
    ]
    superseded = {target for rule in matched for target in rule.supersedes}
    return [(rule, _ordered_pair(rule, first, second)) for rule in matched if rule.id not in superseded]


def _rule_matches(rule: InteractionRule, one: DrugMatch, other: DrugMatch) -> bool:
    return (rule.a.matches(one) and rule.b.matches(other)) or (rule.a.matches(other) and rule.b.matches(one))


def _ordered_pair(rule: InteractionRule, first: _Taken, second: _Taken) -> Pair:
    # Name the side matching selector "a" first, so "kratom + oxycodone" reads the same way each time.
    one, other = (first, second) if rule.a.matches(first.drug) and rule.b.matches(second.drug) else (second, first)
    return Pair(labels=(one.label, other.label), keys=(one.drug.key, other.drug.key))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _warning(rules: InteractionTable, rule: InteractionRule, pairs: list[Pair]) -> InteractionWarning:
    return InteractionWarning(
        severity=rule.severity,
        title=rule.title,
        items=_unique(label for pair in pairs for label in pair.labels),
        drug_keys=_unique(key for pair in pairs for key in pair.keys),
        pairs=tuple(pairs),
        mechanism=rule.mechanism,
        what_to_do=rule.what_to_do,
        talk_to_clinician=rules.talk_to_clinician,
        rule_id=rule.id,
        case_reports=tuple(rule.case_reports),
        sources=tuple(rule.sources),
    )


def _not_checked(rules: InteractionTable, label: str, part: str) -> InteractionWarning:
    name = part if part == label else f"{part} (in {label})"
    return InteractionWarning(
        severity="not_checked",
        title=f"{name}: not checked for interactions",
        items=(label,),
        part=part,
        what_to_do=rules.not_checked,
        talk_to_clinician=rules.talk_to_clinician,
    )


def serious_count(warnings: Iterable[InteractionWarning]) -> int:
    """How many of the warnings are serious interactions."""
    return sum(1 for w in warnings if w.severity == "serious")
