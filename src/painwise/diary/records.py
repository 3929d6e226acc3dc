"""The diary's record kinds, declared once: every field of a check-in and of a pain episode (flare).

Each ``RecordField`` says what a field is (kind, unit, range), how a person is asked for it (label or
question, the words at both ends of a 0–10 scale, help text), whether it is sensitive (stored encrypted)
and what the statistics make of it. The model's validators are checked against this declaration by a
test; the diary services, API schemas, forms, the exchange file columns, the statistics' day records,
the simulator and the demo writer are derived from it. ``docs/dev/records.md`` says how to add a field.

Pure Python (no Django), so ``painwise.simulation`` and ``painwise.nof1`` may import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painwise.core.records import RecordField, by_name, form_order, gettext_noop, names, score

__all__ = [
    "CHECKIN", "CHECKIN_ESSENTIALS",
    "CHECKIN_FIELDS", "CHECKIN_NUMBERS", "CHECKIN_SCORES", "EPISODE", "EPISODE_FIELDS", "PEG_ITEMS",
    "SAME_AS_YESTERDAY", "STATISTICS_FIELDS", "RecordField", "by_name", "form_order", "names", "peg_score",
    "statistics_day",
]

# A check-in, in the order a day is lived and the CSV file and the simulator list it (sleep hours before
# sleep quality); forms, the API and JSON ask the scores first (see ``form_order``). The day is the key.
CHECKIN: tuple[RecordField, ...] = (
    score("pain_now", gettext_noop("Pain right now"), gettext_noop("no pain"), gettext_noop("worst imaginable")),
    score(
        "pain_average",
        gettext_noop("Average pain today"),
        gettext_noop("no pain"),
        gettext_noop("worst imaginable"),
        statistics="outcome",
    ),
    score(
        "pain_worst",
        gettext_noop("Worst pain today"),
        gettext_noop("no pain"),
        gettext_noop("worst imaginable"),
        statistics="outcome",
    ),
    score(
        "peg_enjoyment",
        gettext_noop("How much did pain interfere with your enjoyment of life?"),
        gettext_noop("not at all"),
        gettext_noop("completely"),
    ),
    score(
        "peg_activity",
        gettext_noop("How much did pain interfere with your general activity?"),
        gettext_noop("not at all"),
        gettext_noop("completely"),
    ),
    score("stress", gettext_noop("Stress"), gettext_noop("none"), gettext_noop("extreme"), statistics="outcome"),
    score("mood", gettext_noop("Mood"), gettext_noop("very low"), gettext_noop("very good"), statistics="outcome"),
    score("fatigue", gettext_noop("Fatigue"), gettext_noop("none"), gettext_noop("exhausted")),
    score("muscle_tension", gettext_noop("Muscle tension or spasm"), gettext_noop("none"), gettext_noop("severe")),
    RecordField("sleep_hours", "float", gettext_noop("Hours slept last night"), unit="hours", low=0, high=24, step=0.5),
    score(
        "sleep_quality",
        gettext_noop("Sleep quality last night"),
        gettext_noop("very poor"),
        gettext_noop("very good"),
        statistics="outcome",
    ),
    RecordField("cycle_day", "int", gettext_noop("Cycle day"), unit="day", low=1, high=90, statistics="covariate"),
    RecordField("cycle_phase", "choice", gettext_noop("Cycle phase")),
    RecordField("regions", "regions", gettext_noop("Where it hurts"), unit="points", low=0, high=10, sensitive=True),
    RecordField("qualities", "choices", gettext_noop("Pain feels"), sensitive=True),
    RecordField(
        "activities",
        "tags",
        gettext_noop("Meaningful things I did today"),
        sensitive=True,
        help=gettext_noop("Comma-separated, e.g. gardening, saw a friend"),
    ),
    RecordField("activities_note", "text", gettext_noop("About them"), sensitive=True, lines=2),
    RecordField(
        "notes", "text", gettext_noop("Notes"), sensitive=True, lines=3, help=gettext_noop("Private; stored encrypted.")
    ),
)

# A pain episode (flare), in form and file order.
EPISODE: tuple[RecordField, ...] = (
    RecordField("started_at", "datetime", gettext_noop("Started"), required=True),
    RecordField("ended_at", "datetime", gettext_noop("Ended (leave empty if it is still going on)")),
    score("intensity", gettext_noop("How bad at its worst"), "", "", required=True),
    RecordField("regions", "regions", gettext_noop("Where it hurts"), unit="points", low=0, high=10, sensitive=True),
    RecordField(
        "triggers", "tags", gettext_noop("Possible triggers"), sensitive=True, help=gettext_noop("Comma-separated")
    ),
    RecordField("helped", "text", gettext_noop("What helped"), sensitive=True, lines=2),
    RecordField("notes", "text", gettext_noop("Notes"), sensitive=True, lines=2),
)


CHECKIN_SCORES: tuple[RecordField, ...] = tuple(f for f in CHECKIN if f.is_score)
# The values a check-in holds besides its day, in form order (what the diary services accept).
CHECKIN_FIELDS: tuple[str, ...] = names(form_order(CHECKIN))
EPISODE_FIELDS: tuple[str, ...] = names(EPISODE)
# The numbers of a check-in, in declaration order: what the simulator draws for a day.
CHECKIN_NUMBERS: tuple[str, ...] = tuple(f.name for f in CHECKIN if f.number)
# Fields copied by "same as yesterday": how the body felt, not what was written about it.
SAME_AS_YESTERDAY: tuple[str, ...] = (*names(CHECKIN_SCORES), "sleep_hours", "regions", "qualities")

PEG_ITEMS: tuple[str, ...] = ("pain_average", "peg_enjoyment", "peg_activity")
# The questions of a check-in's first screen (no fold to open): pain average and worst, the PEG, sleep
# and mood; the other scores, the body map's list fallback and the notes come after them.
CHECKIN_ESSENTIALS: tuple[str, ...] = (
    "pain_average", "pain_worst", "peg_enjoyment", "peg_activity", "sleep_quality", "sleep_hours", "mood",
)
# The check-in fields the statistics read: outcomes, covariates and the items of the PEG score.
STATISTICS_FIELDS: tuple[str, ...] = tuple(
    f.name for f in CHECKIN if f.statistics or f.name in PEG_ITEMS
)


def peg_score(pain_average: float | None, enjoyment: float | None, activity: float | None) -> float | None:
    """PEG score (0–10 points): the mean of average pain and the two interference items, rounded to two
    decimals; None unless all three are answered."""
    items = (pain_average, enjoyment, activity)
    if any(item is None for item in items):
        return None
    return round(sum(items) / 3, 2)  # type: ignore[arg-type]


def statistics_day(values: Mapping[str, Any]) -> dict[str, float | None]:
    """A check-in's values (a model's, a file record's or a row's, by field name) as the statistics read a
    day: every outcome and covariate in points (None = not answered), plus ``peg``."""
    day = {f.name: values[f.name] for f in CHECKIN if f.statistics}
    day["peg"] = peg_score(*(values[name] for name in PEG_ITEMS))
    return day

