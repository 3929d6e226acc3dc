"""The searchable drug list: drug classes, common drugs with brand names, and amount ceilings.

Content lives in ``content/drugs.yaml``; this module validates it (every class a drug or a rule
names must exist, no name may point at two drugs) and offers ``match_drug`` and ``search_drugs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import Source, SourcedEntry, Strict, load

KEY_PATTERN = r"^[a-z0-9_]+$"
DRUGS_FILE = "drugs.yaml"

Unit = Literal["g", "mg", "drinks"]


class DrugClass(SourcedEntry):
    """A group of drugs that share an effect or a metabolic route (e.g. opioid, CYP2D6 inhibitor)."""

    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=2)
    description: str = Field(min_length=10)
    # A class belongs to its parents too: an opioid is also a CNS depressant.
    parents: list[str] = Field(default_factory=list)


class Drug(SourcedEntry):
    """One drug or substance: generic name, brand names and other names people type, and its classes."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=2)
    brands: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    classes: list[str] = Field(min_length=1)


class AmountCeiling(SourcedEntry):
    """The largest amount accepted for one log entry: a guard against typing errors, never a safe dose."""

    substance: Literal["kratom", "alcohol"]
    form: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=2)
    unit: Unit
    maximum: float = Field(gt=0)
    higher_risk: bool = False
    note: str = Field(min_length=10)


class WithSharedSources(Strict):
    """A content file that may define named source lists once and reuse them through YAML anchors."""

    shared_sources: dict[str, list[Source]] = Field(default_factory=dict)


class DrugCatalog(WithSharedSources):
    """The whole drugs file: classes, drugs and amount ceilings, cross-checked on load."""

    notice: str = Field(min_length=10)
    classes: list[DrugClass] = Field(min_length=1)
    drugs: list[Drug] = Field(min_length=1)
    ceilings: list[AmountCeiling] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_check(self) -> DrugCatalog:
        class_keys = _unique([c.key for c in self.classes], "class key")
        _unique([d.key for d in self.drugs], "drug key")
        for drug_class in self.classes:
            _known(drug_class.parents, class_keys, f"class {drug_class.key} parent")
        for drug in self.drugs:
            _known(drug.classes, class_keys, f"drug {drug.key} class")
        _unique([normalise(n) for d in self.drugs for n in names_of(d)], "drug name or brand")
        _unique([f"{c.substance}/{c.form}" for c in self.ceilings], "ceiling")
        _check_acyclic({c.key: c.parents for c in self.classes})
        return self


@dataclass(frozen=True)
class DrugMatch:
    """A typed name resolved to a drug on the list; ``matched_name`` is the name or brand that matched."""

    key: str
    name: str
    matched_name: str
    classes: frozenset[str]


def _unique(values: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what}: {value!r}")
        seen.add(value)
    return seen


def _known(names: list[str], known: set[str], what: str) -> None:
    for name in names:
        if name not in known:
            raise ValueError(f"{what} {name!r} is not a known drug class")


def _check_acyclic(parents: dict[str, list[str]]) -> None:
    for start in parents:
        stack, seen = list(parents[start]), set()
        while stack:
            current = stack.pop()
            if current == start:
                raise ValueError(f"class {start!r} is its own ancestor")
            if current not in seen:
                seen.add(current)
                stack.extend(parents.get(current, []))


def normalise(name: str) -> str:
    """Lower-case a drug name and squeeze spaces, hyphens and trade marks so typing style never matters."""
    cleaned = re.sub(r"[®™]", "", name).casefold()
    return re.sub(r"[\s\-_/]+", " ", cleaned).strip()


def names_of(drug: Drug) -> list[str]:
    """Every name a person might type for ``drug``: generic name, brands and synonyms."""
    return [drug.name, *drug.brands, *drug.synonyms]


@cache
def catalog() -> DrugCatalog:
    """The validated drug catalog (loaded once per process; raises ContentError if invalid)."""
    loaded: DrugCatalog = load(DRUGS_FILE, DrugCatalog)
    return loaded


@cache
def _ancestors() -> dict[str, frozenset[str]]:
    parents = {c.key: c.parents for c in catalog().classes}
    result: dict[str, frozenset[str]] = {}
    for key in parents:
        stack, found = list(parents[key]), set()
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(parents[current])
        result[key] = frozenset(found)
    return result


def expand_classes(classes: list[str] | frozenset[str]) -> frozenset[str]:
    """The given class keys plus all their ancestor classes (an opioid is also a CNS depressant)."""
    ancestors = _ancestors()
    return frozenset(classes).union(*(ancestors[c] for c in classes))


@cache
def _name_index() -> dict[str, tuple[Drug, str]]:
    return {normalise(name): (drug, name) for drug in catalog().drugs for name in names_of(drug)}


def _as_match(drug: Drug, matched_name: str) -> DrugMatch:
    return DrugMatch(key=drug.key, name=drug.name, matched_name=matched_name, classes=expand_classes(drug.classes))


def match_drug(name: str) -> DrugMatch | None:
    """Resolve a typed name (generic or brand, any case, strength words allowed) to a listed drug.

    Input: free text such as "Oxycodone", "xanax" or "Lyrica 75 mg". Output: the DrugMatch, or None
    when the name is not on the list (the caller must then say "not checked for interactions").
    """
    index = _name_index()
    text = normalise(name)
    if text in index:
        return _as_match(*index[text])
    # "Lyrica 75 mg" or "oxycodone hydrochloride": try the longest leading run of words that is a name.
    words = text.split(" ")
    for length in range(len(words) - 1, 0, -1):
        found = index.get(" ".join(words[:length]))
        if found:
            return _as_match(*found)
    return None


def drug_by_key(key: str) -> DrugMatch | None:
    """The listed drug with this key (as stored on a medication), or None if the key is unknown."""
    for drug in catalog().drugs:
        if drug.key == key:
            return _as_match(drug, drug.name)
    return None


def search_drugs(query: str, *, limit: int = 10) -> list[DrugMatch]:
    """Drugs whose name, brand or class label starts with (or contains) the query, best matches first.

    Input: what the person has typed so far (at least one character). Output: at most ``limit`` matches.
    """
    text = normalise(query)
    if not text:
        return []
    labels = {c.key: normalise(c.label) for c in catalog().classes}
    ranked: dict[str, tuple[int, DrugMatch]] = {}
    for drug in catalog().drugs:
        rank = _search_rank(text, [normalise(n) for n in names_of(drug)], [labels[c] for c in drug.classes])
        if rank is not None:
            matched = _best_name(text, drug)
            ranked[drug.key] = (rank, _as_match(drug, matched))
    ordered = sorted(ranked.values(), key=lambda pair: (pair[0], pair[1].name))
    return [match for _, match in ordered[:limit]]


def _search_rank(text: str, names: list[str], class_labels: list[str]) -> int | None:
    if any(n.startswith(text) for n in names):
        return 0
    if any(text in n for n in names):
        return 1
    if any(text in label for label in class_labels):
        return 2
    return None


def _best_name(text: str, drug: Drug) -> str:
    for name in names_of(drug):
        if normalise(name).startswith(text):
            return name
    return drug.name


def class_label(key: str) -> str:
    """Human label of a drug class key (e.g. "cyp3a4_substrate" -> "Cleared mainly by CYP3A4")."""
    for drug_class in catalog().classes:
        if drug_class.key == key:
            return drug_class.label
    raise KeyError(key)


def ceiling_for(*, substance: str, form: str) -> AmountCeiling:
    """The amount ceiling for one substance and product form; KeyError if the form is unknown."""
    for ceiling in catalog().ceilings:
        if ceiling.substance == substance and ceiling.form == form:
            return ceiling
    raise KeyError(f"{substance}/{form}")
