"""Fixed wording, outcome metadata and decision thresholds, read from content/insights_wording.yaml."""

from __future__ import annotations

from pydantic import Field

from painwise.core.content import SourcedEntry, Strict, load

WORDING_FILE = "insights_wording.yaml"


class OutcomeInfo(Strict):
    """How an outcome is named and which direction is better."""

    label: str
    higher_is_better: bool
    scale_min: float
    scale_max: float


class MeaningfulDifferenceRule(SourcedEntry):
    """Default meaningful difference (points) and the smallest one a person may choose."""

    default_points: float = Field(gt=0)
    smallest_points: float = Field(gt=0)
    note: str
    evidence_grade: str


class Rules(SourcedEntry):
    """Posterior-probability thresholds that turn a posterior into a verdict."""

    gate_sd_share_of_mcid: float = Field(gt=0, le=1)
    gate_min_days_with: int = Field(ge=1)
    gate_min_days_without: int = Field(ge=1)
    strong_p_direction: float = Field(gt=0.5, lt=1)
    strong_p_meaningful: float = Field(gt=0, lt=1)
    little_difference_p: float = Field(gt=0.5, lt=1)
    some_p_direction: float = Field(gt=0.5, lt=1)
    planning_sd_share_of_mcid: float = Field(gt=0, le=1)


class Verdicts(Strict):
    """The exact verdict phrases shown to people."""

    strong_benefit: str
    some_benefit: str
    little_difference: str
    some_harm: str
    strong_harm: str
    not_enough: str
    withdrawal_possible: str


class Sentences(Strict):
    """Sentence templates with {named} fields filled in by the engine."""

    lag_0: str
    lag_1: str
    better: str
    worse: str
    lower: str
    higher: str
    difference: str
    same: str
    small: str
    bound_lower: str
    bound_higher: str
    counts_lag_0: str
    counts_lag_1: str
    counts_why: str
    disclaimer: str
    as_needed: str
    dependence: str
    neutral: str
    not_enough: str
    more_days: str
    more_than_a_year: str
    low_confidence: str
    one_day: str
    days: str
    no_days: str
    one_point: str
    points: str


class Reasons(Strict):
    """Why nothing could be estimated, as templates."""

    bad_dates: str
    too_few_days: str
    no_days: str
    outcome_missing: str
    outcome_constant: str
    factor_missing: str
    never_used: str
    always_used: str
    not_estimable: str
    gate: str
    not_decided: str
    downgraded: str


class Checks(Strict):
    """Plain names of the model checks that can fail."""

    residual_autocorrelation: str
    floor_ceiling: str


class Wording(Strict):
    """The whole content file."""

    outcomes: dict[str, OutcomeInfo]
    pain_outcomes: list[str]
    meaningful_difference: MeaningfulDifferenceRule
    rules: Rules
    verdicts: Verdicts
    sentences: Sentences
    reasons: Reasons
    checks: Checks


def wording() -> Wording:
    """The validated wording file (cached by the content loader)."""
    loaded: Wording = load(WORDING_FILE, Wording)
    return loaded


# Outcomes other domains add (through "What helps me"), by name; the wording file's own outcomes win.
_registered: dict[str, OutcomeInfo] = {}


def register_outcome(name: str, info: OutcomeInfo) -> None:
    """Name, direction and scale of an outcome that is not in the wording file (a later call replaces it)."""
    _registered[name] = info


def outcome_info(name: str) -> OutcomeInfo:
    """Metadata for an outcome; unknown outcomes are treated as 0–10 with lower = better."""
    known = wording().outcomes.get(name) or _registered.get(name)
    if known is not None:
        return known
    return OutcomeInfo(label=name.replace("_", " "), higher_is_better=False, scale_min=0, scale_max=10)
