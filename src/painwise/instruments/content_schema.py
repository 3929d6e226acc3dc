"""The content schema of one questionnaire file (``content/instruments/<id>.yaml``).

A file holds everything a scorer, a form and a FHIR exporter need: the exact item wording and
answer labels with their weights, the scoring and missing-item rules, published bands and cut-offs
with their sources, the minimal important change, LOINC codes (each marked verified or not), the
licence verdict with the notice the licence requires, and a review date. No Django here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import Source, SourcedEntry, Strict

ITEM_ID = r"^[a-z][a-z0-9_]*$"
INSTRUMENT_ID = r"^[a-z][a-z0-9_]*$"
LOINC_CODE = r"^(LA)?\d{1,6}-\d$"
SECTION_KEY = r"^[a-z][a-z_]*$"

# Instruments whose owners do not allow shipping them in an open-source core (research brief §7).
FORBIDDEN_IN_CORE = frozenset(
    {"bpi", "bpi_sf", "promis", "pcs", "isi", "pseq", "fsfi", "fsfi6", "fsds_r", "dast10", "sows"}
)


class Loinc(Strict):
    """A LOINC code; only ``verified`` codes are ever emitted (FHIR, API)."""

    code: str = Field(pattern=LOINC_CODE)
    display: str | None = None
    verified: bool
    checked_in: str = Field(min_length=3, description="where the code was seen, or why it is unverified")


class Option(Strict):
    """One answer choice: its exact label and the weight it adds to the score."""

    value: int
    label: str = Field(min_length=1)
    anchor: str | None = None
    loinc: Loinc | None = None


class Item(Strict):
    """One question. ``scored: false`` items (PHQ-9 difficulty) are asked but never summed."""

    id: str = Field(pattern=ITEM_ID)
    text: str = Field(min_length=1)
    options: list[Option] = Field(min_length=2)
    scored: bool = True
    loinc: Loinc | None = None

    @model_validator(mode="after")
    def _distinct_values(self) -> Item:
        values = [option.value for option in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"item {self.id}: two options share a weight")
        return self

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)


class Band(Strict):
    """A published severity range, inclusive at both ends (points of the total)."""

    min: float
    max: float
    label: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class Bands(SourcedEntry):
    ranges: list[Band] = Field(min_length=1)


class Cutoff(SourcedEntry):
    """A screening threshold: ``total >= at_least`` is a positive screen (optionally for one sex)."""

    id: str = Field(pattern=ITEM_ID)
    label: str
    at_least: float
    applies_to: Literal["everyone", "female", "male"] = "everyone"


class Subscale(Strict):
    """A named subset of items summed on its own (PHQ-4 anxiety/depression, PCL-5 clusters)."""

    id: str = Field(pattern=ITEM_ID)
    label: str
    items: list[str] = Field(min_length=1)
    positive_at_least: float | None = None


class SymptomCountRule(SourcedEntry):
    """A diagnostic-style rule: count items rated ``item_at_least`` or more in each subscale."""

    id: str = Field(pattern=ITEM_ID)
    label: str
    item_at_least: int
    minimum_per_subscale: dict[str, int] = Field(min_length=1)


class Gate(Strict):
    """An entry question: when it is answered ``closed_when`` the rest is not asked and the total is set."""

    item: str
    closed_when: int
    total_when_closed: int


class SafetyRule(Strict):
    """Raise ``flag`` when ``item`` is answered above ``above`` or left unanswered."""

    flag: str = Field(pattern=ITEM_ID)
    item: str
    when: Literal["above", "missing"]
    above: int = 0


class MissingRule(SourcedEntry):
    """What to do with unanswered scored items.

    ``complete_only``: no total unless every scored item is answered (used where no rule is published).
    ``prorate``: with at least ``min_answered`` answers, scale the answered mean up to all items.
    """

    kind: Literal["complete_only", "prorate"]
    min_answered: int | None = None
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _prorate_needs_minimum(self) -> MissingRule:
        if self.kind == "prorate" and not self.min_answered:
            raise ValueError("a prorate rule needs min_answered")
        return self


class MinimalImportantChange(SourcedEntry):
    """The smallest change that matters, in points of the total or percent of the previous total."""

    points: float | None = None
    percent: float | None = None
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _one_measure(self) -> MinimalImportantChange:
        if (self.points is None) == (self.percent is None):
            raise ValueError("give exactly one of points or percent")
        return self


class NoMinimalImportantChange(Strict):
    """Stated explicitly so an absent threshold is a decision, not an omission."""

    none_published: Literal[True]
    explanation: str = Field(min_length=10)


class Licence(Strict):
    verdict: Literal["ship", "ship_with_attribution", "licensed_by_deployment"]
    notice: str = Field(min_length=10, description="shown with the form, exactly as the licence asks")
    terms: str = Field(min_length=10, description="what the owner allows, in a sentence")
    sources: list[Source] = Field(min_length=1)


class InstrumentLoinc(Strict):
    panel: Loinc | None = None
    total: Loinc | None = None


class Scoring(Strict):
    method: Literal["sum", "mean"]
    decimals: int = Field(default=0, ge=0, le=2)


class Cadence(Strict):
    """Default schedule, set up at onboarding for people with a condition in ``baseline_for``.

    ``any`` means everyone. The first one is due ``first_due_after_days`` after onboarding (0: at once,
    the baseline), then every ``every_days`` days. ``at_plan_review`` marks a plan-review questionnaire
    (PGIC), due on the plan-review rhythm set by ``every_days``.
    """

    every_days: int | None = Field(default=None, ge=1)
    first_due_after_days: int = Field(default=0, ge=0)
    at_plan_review: bool = False
    baseline_for: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _schedule_needs_interval(self) -> Cadence:
        if self.baseline_for and self.every_days is None:
            raise ValueError("a scheduled instrument needs every_days")
        return self


class Instrument(Strict):
    id: str = Field(pattern=INSTRUMENT_ID)
    short_name: str
    name: str
    version: str
    audience: Literal["self_report", "clinician"]
    recall_period: str
    preamble: str
    adaptations: list[str] = Field(default_factory=list, description="wording changed for a screen, and why")
    items: list[Item] = Field(min_length=1)
    scoring: Scoring
    missing: MissingRule
    gate: Gate | None = None
    subscales: list[Subscale] = Field(default_factory=list)
    symptom_rules: list[SymptomCountRule] = Field(default_factory=list)
    bands: Bands | None = None
    no_bands_reason: str | None = None
    cutoffs: list[Cutoff] = Field(default_factory=list)
    minimal_important_change: MinimalImportantChange | NoMinimalImportantChange
    higher_is_worse: bool = True
    safety: list[SafetyRule] = Field(default_factory=list)
    loinc: InstrumentLoinc
    licence: Licence
    cadence: Cadence = Field(default_factory=Cadence)
    share_section: str | None = Field(
        default=None, pattern=SECTION_KEY,
        description="the clinician-report section the person must tick before this questionnaire's scores are "
        "shared (report, share link, its FHIR file); none: shared with the other questionnaires",
    )
    sources: list[Source] = Field(min_length=1)
    review_date: dt.date

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("two items share an id")
        known = set(ids)
        referenced = [rule.item for rule in self.safety] + [i for s in self.subscales for i in s.items]
        if self.gate:
            referenced.append(self.gate.item)
        unknown = sorted(set(referenced) - known)
        if unknown:
            raise ValueError(f"rules name unknown items: {', '.join(unknown)}")
        subscale_ids = {s.id for s in self.subscales}
        for rule in self.symptom_rules:
            missing = set(rule.minimum_per_subscale) - subscale_ids
            if missing:
                raise ValueError(f"rule {rule.id} names unknown subscales: {', '.join(sorted(missing))}")
        if self.bands is None and not self.no_bands_reason:
            raise ValueError("give bands or no_bands_reason")
        self._check_bands_cover_range()
        return self

    def _check_bands_cover_range(self) -> None:
        if self.bands is None:
            return
        low, high = self.total_range
        ranges = sorted(self.bands.ranges, key=lambda band: band.min)
        if ranges[0].min > low or ranges[-1].max < high:
            raise ValueError(f"bands must cover the total range {low}–{high}")
        step = 10**-self.scoring.decimals
        for before, after in itertools.pairwise(ranges):
            if after.min - before.max > step + 1e-9 or after.min <= before.max:
                raise ValueError(f"bands {before.label!r} and {after.label!r} leave a gap or overlap")

    @property
    def scored_items(self) -> list[Item]:
        return [item for item in self.items if item.scored]

    @property
    def total_range(self) -> tuple[float, float]:
        """Lowest and highest possible total (points), from the option weights."""
        lows = [min(item.values) for item in self.scored_items]
        highs = [max(item.values) for item in self.scored_items]
        if self.gate:
            lows = [min(sum(lows), self.gate.total_when_closed)]
            highs = [max(sum(highs), self.gate.total_when_closed)]
        if self.scoring.method == "mean":
            return (sum(lows) / len(lows), sum(highs) / len(highs))
        return (float(sum(lows)), float(sum(highs)))

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)
