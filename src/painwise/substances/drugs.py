"""The searchable drug list: drug classes, common drugs with brand names, combination products, ceilings.

Content lives in ``content/drugs.yaml``; this module validates it (every class a drug or a rule
names must exist, no name may point at two drugs or products) and offers ``read_name`` (every
ingredient in what a person typed, and the parts it could not recognise) and ``search_drugs``.
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


class Product(SourcedEntry):
    """A fixed combination sold under one name (co-codamol, Percocet): checked for every ingredient."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=2)
    brands: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    ingredients: list[str] = Field(min_length=2)


class AmountCeiling(SourcedEntry):
    """The largest amount accepted for one log entry: a guard against typing errors, never a safe dose."""

    substance: Literal["kratom", "alcohol"]
    form: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=2)
    unit: Unit
    maximum: float = Field(gt=0)
    higher_risk: bool = False
    note: str = Field(min_length=10)


class DependenceClasses(SourcedEntry):
    """Drug classes that can cause physical dependence (stopping them brings withdrawal)."""

    classes: list[str] = Field(min_length=1)
    note: str = Field(min_length=10)


class WithSharedSources(Strict):
    """A content file that may define named source lists once and reuse them through YAML anchors."""

    shared_sources: dict[str, list[Source]] = Field(default_factory=dict)


class DrugCatalog(WithSharedSources):
    """The whole drugs file: classes, drugs and amount ceilings, cross-checked on load."""

    notice: str = Field(min_length=10)
    classes: list[DrugClass] = Field(min_length=1)
    drugs: list[Drug] = Field(min_length=1)
    products: list[Product] = Field(default_factory=list)
    ceilings: list[AmountCeiling] = Field(min_length=1)
    dependence: DependenceClasses

    @model_validator(mode="after")
    def _cross_check(self) -> DrugCatalog:
        class_keys = _unique([c.key for c in self.classes], "class key")
        drug_keys = _unique([d.key for d in self.drugs], "drug key")
        _unique([*drug_keys, *(p.key for p in self.products)], "drug or product key")
        for drug_class in self.classes:
            _known(drug_class.parents, class_keys, f"class {drug_class.key} parent")
        for drug in self.drugs:
            _known(drug.classes, class_keys, f"drug {drug.key} class")
        _known(self.dependence.classes, class_keys, "dependence class")
        for product in self.products:
            unknown = sorted(set(product.ingredients) - drug_keys)
            if unknown or len(set(product.ingredients)) != len(product.ingredients):
                raise ValueError(f"product {product.key} ingredients must be distinct listed drugs: {unknown}")
        entries: list[Drug | Product] = [*self.drugs, *self.products]
        names = [n for entry in entries for n in names_of(entry)]
        _unique([normalise(n) for n in names], "drug name or brand")
        _unique([f"{c.substance}/{c.form}" for c in self.ceilings], "ceiling")
        _check_acyclic({c.key: c.parents for c in self.classes})
        return self


@dataclass(frozen=True)
class DrugMatch:
    """A typed name resolved to a drug on the list; ``matched_name`` is the name or brand that matched.

    ``product`` is the key of the fixed combination it was read from (blank for a drug named alone):
    ingredients of one product are made to be taken together and are not checked against each other.
    """

    key: str
    name: str
    matched_name: str
    classes: frozenset[str]
    product: str = ""


@dataclass(frozen=True)
class NameReading:
    """What Painwise made of one typed name: every recognised ingredient and every part it could not read.

    "Paracetamol/codeine 500/30" gives two ingredients and no unknown part; "ibuprofen and grandma's
    tonic" gives ibuprofen and the unknown part "grandma's tonic"; a name with nothing recognised gives
    no ingredients and itself as the one unknown part.
    """

    text: str
    ingredients: tuple[DrugMatch, ...]
    unknown_parts: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        """True when at least one ingredient is on the drug list."""
        return bool(self.ingredients)

    @property
    def keys(self) -> tuple[str, ...]:
        """The ingredient keys in the order they were read (as stored on a medication, joined by "+")."""
        return tuple(drug.key for drug in self.ingredients)


@dataclass(frozen=True)
class SearchHit:
    """One search result: a drug, or a combination product with its ingredient names."""

    key: str
    name: str
    matched_name: str
    classes: frozenset[str]
    ingredients: tuple[str, ...] = ()


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


# Symbols and words that join the parts of a combination: "paracetamol/codeine", "ibuprofen and codeine".
SEPARATOR_SYMBOLS = frozenset("/+&,;")
SEPARATOR_WORDS = frozenset({"and", "with", "plus", "w"})  # "w/" is shorthand for with
_TOKEN = re.compile(r"[/+&,;]|[^\s/+&,;()\[\]\-_]+")
# Words that describe a strength, form, salt or schedule rather than a substance: never an unknown part.
# Any other word next to a recognised name ("Tylenol Cold", "Advil Dual Action") is reported as not checked,
# because it may name an ingredient Painwise does not know.
_STRENGTH = re.compile(r"^\d+(\.\d+)?(mg|mcg|µg|ug|g|ml|%|iu|mmol|units?|micrograms?|x|h|hr|hrs)?$")
FORM_WORDS = frozenset(
    {
        "mg", "mcg", "µg", "ug", "g", "ml", "iu", "unit", "units", "microgram", "micrograms", "mmol", "tablet",
        "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "caplet", "caplets", "gelcap",
        "gelcaps", "gels", "liquigels", "liqui", "patch", "patches", "liquid", "solution", "suspension",
        "syrup", "drops", "lozenge", "lozenges", "powder", "oral", "sublingual", "buccal", "spray", "nasal",
        "inhaler", "injection", "injectable", "depot", "pen", "cream", "gel", "ointment", "suppository",
        "suppositories", "chewable", "soluble", "dispersible", "effervescent", "film", "coated", "sr", "xr",
        "er", "cr", "ir", "mr", "la", "xl", "xt", "retard", "extended", "immediate", "sustained", "controlled",
        "release", "modified", "slow", "rapid", "fast", "express", "dose", "doses", "strength", "extra", "max",
        "maximum", "forte", "mite", "low", "high", "hydrochloride", "hcl", "hydrobromide", "sodium",
        "potassium", "phosphate", "sulfate", "sulphate", "tartrate", "bitartrate", "maleate", "citrate",
        "succinate", "besylate", "besilate", "mesylate", "fumarate", "acetate", "bromide", "generic", "brand",
        "original", "regular", "junior", "children", "childrens", "kids", "infant", "adult", "adults", "daily",
        "once", "twice", "times", "x", "bid", "tid", "qid", "od", "bd", "nocte", "mane", "morning", "evening",
        "bedtime", "prn", "as", "needed", "when", "required", "for", "my", "the", "a", "an", "of", "per",
        "day", "days", "week", "weekly", "hour", "hours", "hourly", "every"
    }
)


@dataclass(frozen=True)
class _Token:
    key: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for found in _TOKEN.finditer(text):
        key = re.sub(r"[®™#'’`]", "", found.group().casefold()).strip(".")
        if key:
            tokens.append(_Token(key, found.start(), found.end()))
    return tokens


def normalise(name: str) -> str:
    """Lower-case a drug name and squeeze spaces, hyphens, trade marks and '#' so typing style never matters."""
    return " ".join(token.key for token in _tokens(name))


def names_of(entry: Drug | Product) -> list[str]:
    """Every name a person might type for a drug or product: generic name, brands and synonyms."""
    return [entry.name, *entry.brands, *entry.synonyms]


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
def _drugs_by_key() -> dict[str, Drug]:
    return {drug.key: drug for drug in catalog().drugs}


@cache
def _name_index() -> dict[str, tuple[DrugMatch, ...]]:
    """Every normalised name, brand and synonym -> the drug (or a product's ingredients) it stands for."""
    index: dict[str, tuple[DrugMatch, ...]] = {}
    for drug in catalog().drugs:
        for name in names_of(drug):
            index[normalise(name)] = (_as_match(drug, name),)
    for product in catalog().products:
        for name in names_of(product):
            index[normalise(name)] = _product_matches(product, name)
    return index


@cache
def _longest_name() -> int:
    return max(len(name.split(" ")) for name in _name_index())


def _as_match(drug: Drug, matched_name: str, product: str = "") -> DrugMatch:
    return DrugMatch(
        key=drug.key,
        name=drug.name,
        matched_name=matched_name,
        classes=expand_classes(drug.classes),
        product=product,
    )


def _product_matches(product: Product, matched_name: str) -> tuple[DrugMatch, ...]:
    drugs = _drugs_by_key()
    return tuple(_as_match(drugs[key], matched_name, product.key) for key in product.ingredients)


def _is_filler(token: _Token) -> bool:
    return bool(_STRENGTH.match(token.key)) or token.key in FORM_WORDS


@dataclass
class _Part:
    """One part of a name between separators: the names found and the runs of other words around them."""

    matches: list[DrugMatch]
    runs: list[list[_Token]]
    after_word: bool = False

    def add_word(self, token: _Token) -> None:
        if not self.after_word:
            self.runs.append([])
        self.runs[-1].append(token)
        self.after_word = True

    def add_matches(self, found: tuple[DrugMatch, ...]) -> None:
        self.matches.extend(found)
        self.after_word = False


def _split_parts(tokens: list[_Token]) -> list[_Part]:
    """Greedy longest-name reading, so "Tylenol with Codeine" and "Nurofen Plus" stay one name."""
    index, longest = _name_index(), _longest_name()
    parts, current, position = [], _Part([], []), 0
    while position < len(tokens):
        for end in range(min(len(tokens), position + longest), position, -1):
            found = index.get(" ".join(t.key for t in tokens[position:end]))
            if found:
                current.add_matches(found)
                position = end
                break
        else:
            token = tokens[position]
            if token.key in SEPARATOR_SYMBOLS or token.key in SEPARATOR_WORDS:
                parts.append(current)
                current = _Part([], [])
            else:
                current.add_word(token)
            position += 1
    parts.append(current)
    return parts


def read_name(name: str) -> NameReading:
    """Every listed ingredient in a typed name, and the parts that are not on the list.

    Input: free text such as "Xanax", "Lyrica 75 mg", "co-codamol 30/500", "ibuprofen and codeine".
    Parts are separated by "/", "+", "&", ",", ";", "and", "with" or "plus"; words describing a strength,
    form, salt or schedule ("30 mg", "tablets", "hydrochloride", "twice daily") are ignored. Output: the
    ingredients in reading order (each once) and, as typed, every part of the name in which nothing was
    recognised and every other run of words next to a recognised name ("Cold" in "Tylenol Cold"); when
    nothing at all is recognised, the whole name.
    """
    text = name.strip()
    parts = _split_parts(_tokens(text))
    ingredients: dict[str, DrugMatch] = {}
    for part in parts:
        for match in part.matches:
            ingredients.setdefault(match.key, match)
    if not ingredients:
        return NameReading(text=text, ingredients=(), unknown_parts=(text,) if text else ())
    unknown = [piece for part in parts for piece in _unknown_pieces(text, part)]
    return NameReading(text=text, ingredients=tuple(ingredients.values()), unknown_parts=tuple(unknown))


def _unknown_pieces(text: str, part: _Part) -> list[str]:
    """A part with no name is unknown as a whole; next to a name, each run of non-filler words is."""
    runs = [[w for w in run if not _is_filler(w)] for run in part.runs]
    if not part.matches:
        words = [w for run in runs for w in run]
        return [text[part.runs[0][0].start : part.runs[-1][-1].end]] if words else []
    return [text[run[0].start : run[-1].end] for run in runs if run]


def match_drug(name: str) -> DrugMatch | None:
    """The one listed drug a typed name stands for, or None when it names none or several ingredients.

    Use ``read_name`` wherever a name may be a combination product; this is for single-drug look-ups.
    """
    reading = read_name(name)
    if len(reading.ingredients) == 1 and not reading.unknown_parts:
        return reading.ingredients[0]
    return None


def drug_by_key(key: str) -> DrugMatch | None:
    """The listed drug with this key (as stored on a medication), or None if the key is unknown."""
    drug = _drugs_by_key().get(key)
    return _as_match(drug, drug.name) if drug else None


def reading_of_keys(stored: str, *, text: str = "") -> NameReading | None:
    """The ingredients behind a stored key: one drug key, "+"-joined drug keys, or a product key.

    Returns None when no part of ``stored`` is a listed key.
    """
    for product in catalog().products:
        if product.key == stored:
            return NameReading(text=text or product.name, ingredients=_product_matches(product, product.name))
    found = [match for key in stored.split("+") if (match := drug_by_key(key.strip()))]
    return NameReading(text=text or " + ".join(m.name for m in found), ingredients=tuple(found)) if found else None


def causes_dependence(classes: frozenset[str]) -> bool:
    """Whether a drug of these (expanded) classes can cause physical dependence (drugs.yaml ``dependence``)."""
    return bool(classes & set(catalog().dependence.classes))


def search_drugs(query: str, *, limit: int = 10) -> list[SearchHit]:
    """Drugs and combination products whose name, brand or class label matches, best matches first.

    Input: what the person has typed so far (at least one character). Output: at most ``limit`` hits.
    """
    text = normalise(query)
    if not text:
        return []
    labels = {c.key: normalise(c.label) for c in catalog().classes}
    drugs = _drugs_by_key()
    ranked: list[tuple[int, SearchHit]] = []
    for drug in catalog().drugs:
        rank = _search_rank(text, [normalise(n) for n in names_of(drug)], [labels[c] for c in drug.classes])
        if rank is not None:
            hit = SearchHit(drug.key, drug.name, _best_name(text, drug), expand_classes(drug.classes))
            ranked.append((rank, hit))
    for product in catalog().products:
        rank = _search_rank(text, [normalise(n) for n in names_of(product)], [])
        if rank is not None:
            contents = [drugs[key] for key in product.ingredients]
            classes = expand_classes([c for drug in contents for c in drug.classes])
            names = tuple(drug.name for drug in contents)
            ranked.append((rank, SearchHit(product.key, product.name, _best_name(text, product), classes, names)))
    ordered = sorted(ranked, key=lambda pair: (pair[0], pair[1].name))
    return [hit for _, hit in ordered[:limit]]


def _search_rank(text: str, names: list[str], class_labels: list[str]) -> int | None:
    if any(n.startswith(text) for n in names):
        return 0
    if any(text in n for n in names):
        return 1
    if any(text in label for label in class_labels):
        return 2
    return None


def _best_name(text: str, entry: Drug | Product) -> str:
    for name in names_of(entry):
        if normalise(name).startswith(text):
            return name
    return entry.name


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
