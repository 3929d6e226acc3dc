"""The diary measures the clinician report shows, with their units and ranges read from the check-in's
declaration (``painwise.diary.records``), so the report cannot disagree with the diary about them.

The report's own choices stay here: which measures, in which order, the short name a clinician reads
("Average pain", not the form's "Average pain today") and which way is better. ``peg`` is the PEG score,
the mean of its three declared items (``PEG_ITEMS``), so its scale is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop

from painwise.core.records import UNIT_WORDS
from painwise.diary.records import CHECKIN, EPISODE, PEG_ITEMS, RecordField, by_name

PEG = "peg"


@dataclass(frozen=True)
class Measure:
    """A measure the report shows: a check-in field's name (or ``peg``), the report's short name for it, and
    whether a higher value is better (said in the trend table for the scores where it is)."""

    name: str
    words: str
    higher_better: bool = False


# The summary's trend table, in the order a clinician reads it: pain, PEG and its interference items,
# then sleep and mood.
TREND_MEASURES: tuple[Measure, ...] = (
    Measure("pain_average", gettext_noop("Average pain")),
    Measure("pain_worst", gettext_noop("Worst pain")),
    Measure(PEG, gettext_noop("PEG")),
    Measure("peg_enjoyment", gettext_noop("Interference with enjoyment")),
    Measure("peg_activity", gettext_noop("Interference with activity")),
    Measure("sleep_hours", gettext_noop("Sleep")),
    Measure("sleep_quality", gettext_noop("Sleep quality"), higher_better=True),
    Measure("mood", gettext_noop("Mood"), higher_better=True),
)
# The pain section's month table and chart; also the measures whose change is judged against the PEG's
# minimal important change.
PAIN_MEASURES: tuple[str, ...] = ("pain_average", "pain_worst", PEG)


def declared(name: str) -> RecordField:
    """The declaration of check-in field ``name``; for ``peg``, a field on the scale its three items share.

    KeyError for a name the check-in does not declare; ValueError if the PEG items' scales differ."""
    fields = by_name(CHECKIN)
    if name != PEG:
        return fields[name]
    scales = {(fields[item].unit, fields[item].low, fields[item].high) for item in PEG_ITEMS}
    if len(scales) != 1:
        raise ValueError(f"the PEG items are declared on different scales: {sorted(scales, key=str)}")
    ((unit, low, high),) = scales
    return RecordField(PEG, "float", gettext_noop("PEG"), unit=unit, low=low, high=high)


def scale_words(field: RecordField) -> str:
    """How a field's scale reads in a heading: its range for points (``0–10``), else its unit (``hours``)."""
    if field.unit == "points":
        return f"{field.low:g}–{field.high:g}"
    return gettext(UNIT_WORDS[field.unit])


def shared_scale(names: tuple[str, ...]) -> RecordField:
    """The declaration of the first of ``names``, after checking they all share its unit and range (one chart
    axis, one heading); ValueError if not."""
    fields = [declared(name) for name in names]
    if len({(f.unit, f.low, f.high) for f in fields}) != 1:
        raise ValueError(f"{names} are declared on different scales")
    return fields[0]


def measure_words(name: str) -> str:
    """The report's short name for measure ``name``, translated."""
    return gettext(next(m.words for m in TREND_MEASURES if m.name == name))


def trend_label(measure: Measure) -> str:
    """The trend table's row label: the short name and the declared scale, e.g. "Mood (0–10, higher better)"."""
    scale = scale_words(declared(measure.name))
    if measure.higher_better:
        scale = gettext("%(scale)s, higher better") % {"scale": scale}
    return gettext("%(measure)s (%(scale)s)") % {"measure": gettext(measure.words), "scale": scale}


def checkin_scale(name: str) -> str:
    """The declared scale of check-in field ``name`` (``regions``: ``0–10``)."""
    return scale_words(declared(name))


def episode_top(name: str) -> str:
    """The top of the declared range of pain-episode field ``name`` (``intensity``: ``10``)."""
    return f"{by_name(EPISODE)[name].high:g}"


def measure_value(checkin: Any, name: str) -> float | None:
    """A check-in's value of measure ``name`` (its PEG score for ``peg``); None when not answered."""
    value: float | None = checkin.peg_score if name == PEG else getattr(checkin, name)
    return value
