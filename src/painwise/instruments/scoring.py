"""Score a questionnaire: pure functions from an instrument and its answers to a ``ScoreResult``.

Answers are the option weights a person chose (e.g. PHQ-9: 0–3 per question), given either as a
sequence in item order (``None`` for a skipped question) or as a mapping of item id to weight. The
instrument's content file decides everything else: what is summed, the missing-item rule, bands,
cut-offs, subscales, symptom-count rules, the minimal important change and the safety flags.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from painwise.instruments.content_schema import Instrument, Item, MinimalImportantChange

Answers = Sequence[int | None] | Mapping[str, int | None]
Sex = Literal["female", "male"]


class AnswerError(ValueError):
    """Answers that cannot belong to this instrument; the message names the item at fault."""


@dataclass(frozen=True)
class BandResult:
    label: str
    meaning: str
    min: float
    max: float


@dataclass(frozen=True)
class SubscaleResult:
    id: str
    label: str
    total: float | None
    positive: bool | None


@dataclass(frozen=True)
class CutoffResult:
    id: str
    label: str
    applies_to: str
    positive: bool


@dataclass(frozen=True)
class RuleResult:
    """A symptom-count rule (PCL-5 provisional diagnosis): counts per subscale and whether all are met."""

    id: str
    label: str
    met: bool
    counts: dict[str, int]


@dataclass(frozen=True)
class Change:
    """Change from the previous total: points, percent of the previous total, and whether it matters."""

    previous: float
    points: float
    percent: float | None
    direction: Literal["better", "worse", "no change"]
    meaningful: bool | None
    threshold: str


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    answers: dict[str, int | None]
    total: float | None
    total_range: tuple[float, float]
    no_total_reason: str | None = None
    band: BandResult | None = None
    subscales: list[SubscaleResult] = field(default_factory=list)
    cutoffs: list[CutoffResult] = field(default_factory=list)
    rules: list[RuleResult] = field(default_factory=list)
    change: Change | None = None
    safety_flags: tuple[str, ...] = ()
    gate_closed: bool = False

    @property
    def complete(self) -> bool:
        return self.total is not None


def normalise_answers(instrument: Instrument, answers: Answers) -> dict[str, int | None]:
    """Check answers against the instrument and return them keyed by item id, in item order.

    Raises ``AnswerError`` naming the item for a weight that is not one of its options, an unknown
    item id, too many answers, or too few (only unscored or gated-off questions may be left off the end).
    """
    by_id = _as_mapping(instrument, answers)
    for item in instrument.items:
        value = by_id.get(item.id)
        if value is not None and value not in item.values:
            allowed = ", ".join(str(v) for v in item.values)
            raise AnswerError(f"{instrument.short_name} {_name(instrument, item)}: {value} is not one of {allowed}")
    return {item.id: by_id.get(item.id) for item in instrument.items}


def _as_mapping(instrument: Instrument, answers: Answers) -> dict[str, int | None]:
    if isinstance(answers, Mapping):
        known = {item.id for item in instrument.items}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise AnswerError(f"{instrument.short_name}: unknown item {', '.join(unknown)}")
        return {key: _as_int(instrument, key, value) for key, value in answers.items()}
    values = list(answers)
    if len(values) > len(instrument.items):
        raise AnswerError(f"{instrument.short_name} has {len(instrument.items)} questions, got {len(values)} answers")
    by_id = {
        item.id: _as_int(instrument, item.id, value) for item, value in zip(instrument.items, values, strict=False)
    }
    _check_left_off(instrument, by_id, given=len(values))
    return by_id


def _check_left_off(instrument: Instrument, by_id: dict[str, int | None], *, given: int) -> None:
    """Questions left off the end must be unscored or not asked because the gate closed."""
    gate_closed = instrument.gate is not None and by_id.get(instrument.gate.item) == instrument.gate.closed_when
    for item in instrument.items[given:]:
        if item.scored and not gate_closed:
            needed = _required_count(instrument)
            raise AnswerError(
                f"{instrument.short_name} needs {needed} answers, got {given}: "
                f"{_name(instrument, item)} is missing (leave a blank to skip a question)"
            )


def _required_count(instrument: Instrument) -> int:
    last_scored = max(index for index, item in enumerate(instrument.items) if item.scored)
    return last_scored + 1


def _as_int(instrument: Instrument, item_id: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        item = instrument.item(item_id)
        raise AnswerError(f"{instrument.short_name} {_name(instrument, item)}: {value!r} is not a whole number")
    return value


def _name(instrument: Instrument, item: Item) -> str:
    return f"question {instrument.items.index(item) + 1} ({item.id})"


def score(
    instrument: Instrument,
    answers: Answers,
    *,
    previous_total: float | None = None,
    sex: Sex | None = None,
) -> ScoreResult:
    """Score one completed (or partly completed) questionnaire.

    Inputs: the instrument, the chosen weights, optionally the previous total (same units) to judge
    change, and optionally sex to pick sex-specific cut-offs (AUDIT-C). Output: total in points (mean
    for PEG) or ``None`` with the reason, band, subscales, cut-offs, symptom rules, change and safety flags.
    """
    by_id = normalise_answers(instrument, answers)
    flags = safety_flags(instrument, by_id)
    gate = instrument.gate
    if gate is not None and by_id[gate.item] == gate.closed_when:
        # The other questions are not asked, so any answers to them are dropped rather than kept silently.
        asked = {key: (value if key == gate.item else None) for key, value in by_id.items()}
        closed_total = float(gate.total_when_closed)
        return _with_total(instrument, asked, closed_total, flags, previous_total, sex, gate_closed=True)
    if gate is not None and by_id[gate.item] is None:
        return _without_total(instrument, by_id, flags, f"The first question ({gate.item}) was not answered.")
    total, reason = _total(instrument, by_id)
    if total is None:
        return _without_total(instrument, by_id, flags, reason)
    return _with_total(instrument, by_id, total, flags, previous_total, sex, gate_closed=False)


def safety_flags(instrument: Instrument, by_id: Mapping[str, int | None]) -> tuple[str, ...]:
    """Flags such as ``phq9_item9_positive`` or ``phq9_item9_missing``, raised whatever the total."""
    raised = []
    for rule in instrument.safety:
        value = by_id.get(rule.item)
        if (rule.when == "missing" and value is None) or (
            rule.when == "above" and value is not None and value > rule.above
        ):
            raised.append(rule.flag)
    return tuple(raised)


def _total(instrument: Instrument, by_id: Mapping[str, int | None]) -> tuple[float | None, str]:
    scored = instrument.scored_items
    answered = [by_id[item.id] for item in scored if by_id[item.id] is not None]
    missing = [item for item in scored if by_id[item.id] is None]
    rule = instrument.missing
    if not missing:
        return _combine(instrument, [float(v) for v in answered if v is not None], len(scored)), ""
    numbers = ", ".join(str(instrument.items.index(item) + 1) for item in missing)
    if rule.kind == "prorate" and rule.min_answered is not None and len(answered) >= rule.min_answered:
        return _combine(instrument, [float(v) for v in answered if v is not None], len(scored)), ""
    return None, f"Question {numbers} not answered. {rule.explanation}"


def _combine(instrument: Instrument, values: list[float], item_count: int) -> float:
    """Sum (scaled up to all items when some were prorated) or mean, rounded as the instrument says."""
    mean = sum(values) / len(values)
    combined = mean if instrument.scoring.method == "mean" else mean * item_count
    return round(combined, instrument.scoring.decimals)


def _without_total(
    instrument: Instrument, by_id: dict[str, int | None], flags: tuple[str, ...], reason: str
) -> ScoreResult:
    return ScoreResult(
        instrument=instrument.id,
        answers=by_id,
        total=None,
        total_range=instrument.total_range,
        no_total_reason=reason,
        subscales=_subscales(instrument, by_id),
        safety_flags=flags,
    )


def _with_total(
    instrument: Instrument,
    by_id: dict[str, int | None],
    total: float,
    flags: tuple[str, ...],
    previous_total: float | None,
    sex: Sex | None,
    *,
    gate_closed: bool,
) -> ScoreResult:
    return ScoreResult(
        instrument=instrument.id,
        answers=by_id,
        total=total,
        total_range=instrument.total_range,
        band=band_for(instrument, total),
        subscales=[] if gate_closed else _subscales(instrument, by_id),
        cutoffs=_cutoffs(instrument, total, sex),
        rules=[] if gate_closed else _rules(instrument, by_id),
        change=None if previous_total is None else change_since(instrument, previous=previous_total, current=total),
        safety_flags=flags,
        gate_closed=gate_closed,
    )


def band_for(instrument: Instrument, total: float) -> BandResult | None:
    """The published band that contains ``total`` (points), or None when the instrument has no bands."""
    if instrument.bands is None:
        return None
    for band in instrument.bands.ranges:
        if band.min <= total <= band.max:
            return BandResult(label=band.label, meaning=band.meaning, min=band.min, max=band.max)
    return None


def _subscales(instrument: Instrument, by_id: Mapping[str, int | None]) -> list[SubscaleResult]:
    results = []
    for subscale in instrument.subscales:
        values = [by_id[item_id] for item_id in subscale.items]
        total = None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
        positive = None
        if total is not None and subscale.positive_at_least is not None:
            positive = total >= subscale.positive_at_least
        results.append(SubscaleResult(id=subscale.id, label=subscale.label, total=total, positive=positive))
    return results


def _cutoffs(instrument: Instrument, total: float, sex: Sex | None) -> list[CutoffResult]:
    return [
        CutoffResult(id=c.id, label=c.label, applies_to=c.applies_to, positive=total >= c.at_least)
        for c in instrument.cutoffs
        if c.applies_to == "everyone" or sex is None or c.applies_to == sex
    ]


def _rules(instrument: Instrument, by_id: Mapping[str, int | None]) -> list[RuleResult]:
    results = []
    members = {s.id: s.items for s in instrument.subscales}
    for rule in instrument.symptom_rules:
        counts = {
            subscale_id: sum(1 for item_id in members[subscale_id] if (by_id[item_id] or 0) >= rule.item_at_least)
            for subscale_id in rule.minimum_per_subscale
        }
        met = all(counts[key] >= minimum for key, minimum in rule.minimum_per_subscale.items())
        results.append(RuleResult(id=rule.id, label=rule.label, met=met, counts=counts))
    return results


def change_since(instrument: Instrument, *, previous: float, current: float) -> Change:
    """Compare two totals (points) against the instrument's minimal important change.

    ``meaningful`` is None when no threshold is published, or when a percent threshold meets a
    previous total of zero (a percent change from zero is undefined).
    """
    points = round(current - previous, 2)
    percent = None if previous == 0 else round(100 * points / previous, 1)
    direction: Literal["better", "worse", "no change"] = "no change"
    if points:
        direction = "worse" if (points > 0) == instrument.higher_is_worse else "better"
    mic = instrument.minimal_important_change
    if not isinstance(mic, MinimalImportantChange):
        return Change(previous, points, percent, direction, None, mic.explanation)
    if mic.points is not None:
        meaningful: bool | None = abs(points) >= mic.points
        threshold = f"{mic.points:g} points"
    else:
        meaningful = None if percent is None else abs(percent) >= (mic.percent or 0)
        threshold = f"{mic.percent:g}%"
    return Change(previous, points, percent, direction, meaningful, threshold)


def threshold_words(instrument: Instrument, change: Change, ngettext: Callable[[str, str, int], str]) -> str:
    """``change.threshold`` in the person's language: "5 points" through the ``ngettext`` the Django edge passes
    in (this module stays free of Django); a percent or the content's own explanation is shown as it is."""
    mic = instrument.minimal_important_change
    if not isinstance(mic, MinimalImportantChange) or mic.points is None:
        return change.threshold
    # A count picks the plural form; a fraction ("1.5 points") reads like a plural in English.
    count = int(mic.points) if float(mic.points).is_integer() else 2
    return ngettext("%(points)s point", "%(points)s points", count) % {"points": f"{mic.points:g}"}
