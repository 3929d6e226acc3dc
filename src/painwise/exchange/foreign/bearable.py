"""Bearable's CSV export: one row per reading, turned into a Painwise diary once labels are mapped (no Django).

Columns (header row, names case-insensitive): ``date``, ``date formatted``, ``weekday``, ``time of
day``, ``category``, ``rating/amount``, ``detail``, ``notes``. ``read_rows`` checks the file;
``labels_of`` lists the labels a person may map (factors, symptoms, medications) with a suggestion
each; ``to_diary`` builds the ``ParsedDiary`` for a mapping. docs/import.md has the whole mapping.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean
from typing import IO, Any

from painwise.core.messages import gettext_noop
from painwise.diary.records import CHECKIN, by_name
from painwise.exchange.foreign.text import csv_records
from painwise.exchange.formats import (
    CheckinRecord,
    EntryRecord,
    FactorRecord,
    FormatError,
    MedicationRecord,
    ParsedDiary,
    Problem,
    problem,
    repeated,
)

REQUIRED = ("category", "rating/amount", "detail")
MAX_BYTES = 20 * 1024**2
MAX_PROBLEMS = 200
# Categories whose labels the person maps; the rest map to fixed check-in fields or are skipped.
MAPPED = ("Factors", "Symptom", "Meds/Supplements", "Medication")
SKIP, FACTOR, MEDICATION, PAIN = "skip", "factor", "medication", "pain"
# Words in a factor's name that suggest a catalogue therapy (the person can change every suggestion).
THERAPY_WORDS = {
    "exercise": ("exercise", "walk", "walking", "yoga", "swim", "swimming", "gym", "run", "running", "stretch",
                 "stretching", "cycling", "pilates"),
    "meditation": ("meditation", "meditate", "breathing", "mindfulness"),
    "physiotherapy": ("physio", "physiotherapy"),
    "acupuncture": ("acupuncture",),
    "cbt_practice": ("cbt",),
}
# "time of day" words -> the clock time an entry gets (Bearable logs parts of the day, not times).
PART_OF_DAY = {"pre": dt.time(6), "am": dt.time(9), "morning": dt.time(9), "mid": dt.time(13),
               "afternoon": dt.time(15), "pm": dt.time(19), "evening": dt.time(19), "night": dt.time(22)}
# The top of each check-in score this import fills, from the check-in's declaration.
TOP = {name: int(by_name(CHECKIN)[name].high or 10) for name in ("mood", "sleep_quality", "pain_average")}
ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)\s+(\w+)\s+(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One reading: its line, day, part of the day, category, number (None when empty), detail and notes."""

    line: int
    day: dt.date
    time_of_day: str
    category: str
    value: float | None
    detail: str
    notes: str

    @property
    def where(self) -> str:
        return f"line {self.line}"


@dataclass(frozen=True)
class Label:
    """A label the person maps: category, label, how many rows use it, and the suggested target."""

    category: str
    label: str
    rows: int
    suggestion: str

    @property
    def key(self) -> str:
        return f"{self.category}:{self.label}"


def parse_day(text: str) -> dt.date:
    """``2024-03-01`` or Bearable's ``1st Mar 2024`` / ``1st March 2024``; ValueError otherwise."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = ORDINAL.match(text)
    if match is None:
        raise ValueError(text)
    day, _, month, year = match.groups()
    for pattern in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(f"{day} {month} {year}", pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_rows(stream: IO[bytes], *, today: dt.date) -> list[Row]:
    """Every reading of a Bearable CSV; FormatError naming each bad line (unknown app, dates, duplicates)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormatError([problem("file", "", gettext_noop("is larger than 20 MB; is this a Bearable export?"))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = gettext_noop("is not UTF-8 text (%(error)s at byte %(byte)s)")
        raise FormatError([problem("file", "", reason, error=exc.reason, byte=exc.start)]) from None
    records = csv_records(text)
    header = [h.strip().lower() for h in next(records, (1, []))[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing or not ({"date", "date formatted"} & set(header)):
        reason = gettext_noop("is not the header of a Bearable export (expected date, time of day, category, "
                              "rating/amount, detail, notes; missing %(columns)s)")
        raise FormatError([problem("line 1", "", reason, columns=", ".join(missing) or "date")])
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=False))
        row = _row(line, values, today, problems)
        if row is None:
            continue
        identity = (row.day, row.time_of_day, row.category, row.value, row.detail)
        reason = gettext_noop("repeats line %(line)s (same day, time, category, rating and detail)")
        if repeated(seen, identity, line=line, where=row.where, reason=reason, problems=problems):
            continue
        rows.append(row)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise FormatError(problems)
    return rows


def _row(line: int, values: dict[str, str], today: dt.date, problems: list[Problem]) -> Row | None:
    where = f"line {line}"
    column = "date formatted" if values.get("date formatted") else "date"
    try:
        day = parse_day(values.get(column, ""))
    except ValueError:
        reason = gettext_noop("%(value)r is not a date such as 2024-03-01")
        problems.append(problem(where, column, reason, value=values.get(column, "")))
        return None
    if day > today:
        problems.append(problem(where, column, gettext_noop("%(day)s is after today"), day=day.isoformat()))
        return None
    amount = values.get("rating/amount", "")
    try:
        value = float(amount) if amount else None
    except ValueError:
        problems.append(problem(where, "rating/amount", gettext_noop("%(value)r is not a number"), value=amount))
        return None
    if not values.get("category"):
        problems.append(problem(where, "category", gettext_noop("is empty")))
        return None
    return Row(line, day, values.get("time of day", "").lower(), values["category"], value,
               values.get("detail", ""), values.get("notes", ""))


def _labels(row: Row) -> list[str]:
    return [part.strip() for part in row.detail.split("|") if part.strip()] or [row.category]


def _category(row: Row) -> str:
    return "Meds/Supplements" if row.category.lower() in ("medication", "meds/supplements", "meds") else row.category


def suggest(category: str, label: str, therapies: Iterable[str]) -> str:
    """The suggested target of a label: a catalogue therapy, an own factor, pain, a medication or skip."""
    lowered = label.lower()
    if category == "Symptom":
        return PAIN if "pain" in lowered or "ache" in lowered else SKIP
    if category == "Meds/Supplements":
        return MEDICATION
    allowed = set(therapies)
    words = set(re.findall(r"[a-z]+", lowered))
    for slug, hints in THERAPY_WORDS.items():
        if slug in allowed and words & set(hints):
            return f"therapy:{slug}"
    return FACTOR


def labels_of(rows: list[Row], therapies: Iterable[str]) -> list[Label]:
    """Each mappable label of the file with its row count and suggestion, by category and label."""
    therapies = list(therapies)
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        if _category(row) in MAPPED:
            counts.update((_category(row), label) for label in _labels(row))
    return [Label(c, lab, n, suggest(c, lab, therapies)) for (c, lab), n in sorted(counts.items())]


def skipped_categories(rows: list[Row]) -> dict[str, int]:
    """Rows of categories this import does not bring in (Energy, measurements, ...), by category."""
    known = {*MAPPED, "Mood", "Sleep", "Sleep quality", "Notes"}
    return dict(Counter(r.category for r in rows if _category(r) not in known))


def _scale(values: list[float], *, severity: bool = False) -> float:
    """Factor to 0–10: symptom severities of at most 4 are 0–4 (x2.5), other readings of at most 5 are on a
    five-point scale (x2); anything larger is taken as 0–10 already."""
    if not values:
        return 1.0
    if severity and max(values) <= 4:
        return 2.5
    return 2.0 if max(values) <= 5 else 1.0


def _taken_at(row: Row, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    clock = PART_OF_DAY.get(row.time_of_day)
    if clock is None:
        try:
            clock = dt.time.fromisoformat(row.time_of_day)
        except ValueError:
            clock = dt.time(12)
    return dt.datetime.combine(row.day, clock, tzinfo=zone)


def to_diary(rows: list[Row], mapping: dict[str, str], *, zone: zoneinfo.ZoneInfo) -> ParsedDiary:
    """The Painwise diary these rows make under ``mapping`` (label key -> target; see ``suggest``)."""
    diary = ParsedDiary()
    by_day: dict[dt.date, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    notes: dict[dt.date, list[str]] = defaultdict(list)
    first_line: dict[dt.date, int] = {}
    factors: dict[str, FactorRecord] = {}
    medications: dict[str, MedicationRecord] = {}
    for row in rows:
        first_line.setdefault(row.day, row.line)
        if row.notes and row.notes not in notes[row.day]:
            notes[row.day].append(row.notes)
        category = _category(row)
        if category == "Mood" and row.value is not None:
            by_day[row.day]["mood"].append(row.value)
        elif category == "Sleep quality" and row.value is not None:
            by_day[row.day]["sleep_quality"].append(row.value)
        elif category == "Sleep" and row.value is not None:
            by_day[row.day]["sleep_hours"].append(row.value)
        elif category in MAPPED:
            for label in _labels(row):
                _mapped(row, category, label, mapping, diary, by_day, factors, medications, zone)
    diary.custom_factors = list(factors.values())
    diary.medications = list(medications.values())
    scales = {name: _scale([v for day in by_day.values() for v in day.get(name, [])], severity=name == "pain_average")
              for name in ("mood", "sleep_quality", "pain_average")}
    for day in sorted(set(by_day) | set(notes)):
        values = by_day.get(day, {})
        scores: dict[str, Any] = {name: min(TOP[name], round(mean(values[name]) * scales[name]))
                                  for name in scales if values.get(name)}
        hours = round(sum(values["sleep_hours"]), 2) if values.get("sleep_hours") else None
        diary.checkins.append(CheckinRecord(day, **scores, sleep_hours=hours, notes="\n".join(notes.get(day, [])),
                                            where=f"line {first_line[day]}"))
    return diary


def _mapped(row: Row, category: str, label: str, mapping: dict[str, str], diary: ParsedDiary,
            by_day: dict[dt.date, dict[str, list[float]]], factors: dict[str, FactorRecord],
            medications: dict[str, MedicationRecord], zone: zoneinfo.ZoneInfo) -> None:
    target = mapping.get(f"{category}:{label}", SKIP)
    taken_at = _taken_at(row, zone)
    if target == PAIN:
        if row.value is not None:
            by_day[row.day]["pain_average"].append(row.value)
    elif target == FACTOR:
        factors.setdefault(label.casefold(), FactorRecord(label, where=row.where))
        diary.entries.append(EntryRecord("custom", taken_at, factor=factors[label.casefold()].name, where=row.where))
    elif target == MEDICATION:
        medications.setdefault(label.casefold(), MedicationRecord(label, key=label, where=row.where))
        diary.entries.append(EntryRecord("medication", taken_at, medication=medications[label.casefold()].key,
                                         where=row.where))
    elif target.startswith("therapy:"):
        diary.entries.append(EntryRecord(target.removeprefix("therapy:"), taken_at, notes=label, where=row.where))
