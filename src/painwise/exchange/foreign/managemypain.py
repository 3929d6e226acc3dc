"""Manage My Pain's export of pain records (CSV, or an .xlsx workbook), turned into a Painwise diary (no Django).

One row per pain record: when it was, how severe (0–10), where (body locations), what it felt like
(characteristics), what made it worse or better (aggravating and alleviating factors), medications
and notes; the list columns hold several values separated by commas. ``read_records`` checks the
file; ``labels_of`` lists the labels a person maps, each with a suggestion; ``to_diary`` builds the
``ParsedDiary`` for a mapping. docs/import.md has the whole mapping and the source of the format.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from statistics import mean
from typing import IO, Any

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip, xlsx
from painwise.exchange.foreign.bearable import FACTOR, MEDICATION, SKIP, THERAPY_WORDS, Label
from painwise.exchange.foreign.text import csv_records
from painwise.exchange.formats import (
    CheckinRecord,
    EntryRecord,
    EpisodeRecord,
    FactorRecord,
    FormatError,
    MedicationRecord,
    ParsedDiary,
    Problem,
    problem,
    repeated,
)

MAX_BYTES = 20 * 1024**2
MAX_PROBLEMS = 200
# A record at least this severe (0–10) also becomes a flare: "severe" on the numeric rating scale.
FLARE_SEVERITY = 7
# The columns read, by the names an export may give them (case-insensitive); the first is the one shown.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "start date", "date and time", "datetime", "recorded at"),
    "time": ("time", "start time"),
    "severity": ("severity", "pain severity", "pain level", "pain intensity", "intensity"),
    "locations": ("body locations", "body location", "locations", "location"),
    "characteristics": ("characteristics", "pain characteristics", "characteristic"),
    "aggravating": ("aggravating factors", "aggravating factor", "aggravating"),
    "alleviating": ("alleviating factors", "alleviating factor", "alleviating"),
    "medications": ("medications", "medication", "medications taken"),
    "notes": ("notes", "description", "note", "comments"),
}
# Categories of labels a person maps, in the order the preview lists them, and the record field of each.
CATEGORIES = {"Body location": "locations", "Characteristic": "characteristics",
              "Aggravating factor": "aggravating", "Alleviating factor": "alleviating", "Medication": "medications"}
REGION, QUALITY = "region:", "quality:"
SIDES = ("left", "right")
SEPARATOR = re.compile(r"\s*[,;|]\s*")
# 03/01/2026 is not among them: March or January? A wrong guess would move every record silently.
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %I:%M %p",
                "%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%Y-%m-%d")
# Rows before the header a spreadsheet may have (a title, the person's name, the period).
MAX_PREAMBLE = 5


@dataclass(frozen=True)
class Record:
    """One pain record: where it is in the file, its local time, severity 0–10, its labels and notes."""

    line: int
    at: dt.datetime
    severity: float
    locations: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()
    aggravating: tuple[str, ...] = ()
    alleviating: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    notes: str = ""

    @property
    def where(self) -> str:
        return f"line {self.line}"

    def labels(self, category: str) -> tuple[str, ...]:
        value: tuple[str, ...] = getattr(self, CATEGORIES[category])
        return value


def parse_moment(text: str) -> dt.datetime:
    """``2026-03-01 14:30`` and the other written forms in DATE_FORMATS; ValueError otherwise."""
    text = " ".join(text.split())
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(text)


def _cells(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """(line or row number, cells) of a CSV or an .xlsx workbook."""
    if safezip.is_zip(stream):
        yield from xlsx.iter_rows(stream)
        return
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        reason = gettext_noop("is larger than 20 MB; is this a Manage My Pain export?")
        raise FormatError([problem("file", "", reason)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = gettext_noop("is not UTF-8 text (%(error)s at byte %(byte)s)")
        raise FormatError([problem("file", "", reason, error=exc.reason, byte=exc.start)]) from None
    yield from csv_records(text)


def _header(cells: list[Any], line: int) -> dict[str, int]:
    names = [str(c).strip().lower() for c in cells]
    columns = {}
    for field, aliases in COLUMNS.items():
        found = next((names.index(a) for a in aliases if a in names), None)
        if found is not None:
            columns[field] = found
    if "date" not in columns or "severity" not in columns:
        missing = [COLUMNS[f][0] for f in ("date", "severity") if f not in columns]
        reason = gettext_noop("is not the header of a Manage My Pain export (expected date, severity, body "
                              "locations, characteristics, aggravating factors, alleviating factors, medications, "
                              "notes; missing %(columns)s)")
        raise FormatError([problem(f"line {line}", "", reason, columns=", ".join(missing))])
    return columns


def read_records(stream: IO[bytes], *, today: dt.date) -> list[Record]:
    """Every pain record of the export; FormatError naming each bad line (unknown app, dates, duplicates)."""
    rows = _cells(stream)
    columns: dict[str, int] | None = None
    records: list[Record] = []
    problems: list[Problem] = []
    seen: dict[Record, int] = {}
    preamble: list[FormatError] = []
    for line, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        if columns is None:
            try:
                columns = _header(cells, line)
            except FormatError as exc:
                preamble.append(exc)
                if len(preamble) >= MAX_PREAMBLE:
                    raise preamble[0] from None
            continue
        record = _record(line, columns, cells, today, problems)
        if record is None:
            continue
        identity = Record(0, *[getattr(record, f) for f in ("at", "severity", "locations", "characteristics",
                                                              "aggravating", "alleviating", "medications", "notes")])
        reason = gettext_noop("repeats the record on line %(line)s (same time, severity and details)")
        if repeated(seen, identity, line=line, where=record.where, reason=reason, problems=problems):
            continue
        records.append(record)
        if len(problems) >= MAX_PROBLEMS:
            break
    if columns is None:
        if preamble:
            raise preamble[0]
        raise FormatError([problem("file", "", gettext_noop("is empty; is this a Manage My Pain export?"))])
    if problems:
        raise FormatError(problems)
    return records


def _cell(cells: list[Any], columns: dict[str, int], field: str) -> Any:
    index = columns.get(field)
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _moment(cells: list[Any], columns: dict[str, int]) -> dt.datetime:
    value, clock = _cell(cells, columns, "date"), _cell(cells, columns, "time")
    # An .xlsx date cell is a serial number; CSV dates are text.
    moment = xlsx.serial_datetime(value) if isinstance(value, float) else parse_moment(str(value))
    if isinstance(clock, float) and clock < 1:
        moment = dt.datetime.combine(moment.date(), dt.time()) + dt.timedelta(seconds=round(clock * 86400))
    elif clock:
        moment = dt.datetime.combine(moment.date(), parse_moment(f"2000-01-01 {clock}").time())
    return moment.replace(second=0, microsecond=0)


def _split(value: Any) -> tuple[str, ...]:
    return tuple(part for part in SEPARATOR.split(str(value).strip()) if part) if value not in ("", None) else ()


def _record(line: int, columns: dict[str, int], cells: list[Any], today: dt.date,
            problems: list[Problem]) -> Record | None:
    where = f"line {line}"
    try:
        at = _moment(cells, columns)
    except (ValueError, OverflowError):
        shown = _cell(cells, columns, "date")
        reason = gettext_noop("%(value)r is not a date and time such as 2026-03-01 14:30")
        problems.append(problem(where, "date", reason, value=shown))
        return None
    if at.date() > today:
        problems.append(problem(where, "date", gettext_noop("%(day)s is after today"), day=at.date().isoformat()))
        return None
    raw = _cell(cells, columns, "severity")
    try:
        severity = float(raw)
    except (TypeError, ValueError):
        problems.append(problem(where, "severity", gettext_noop("%(value)r is not a number from 0 to 10"), value=raw))
        return None
    if not 0 <= severity <= 10:
        problems.append(problem(where, "severity", gettext_noop("%(value)r is not a number from 0 to 10"), value=raw))
        return None
    lists = {field: _split(_cell(cells, columns, field)) for field in CATEGORIES.values()}
    return Record(line, at, severity, **lists, notes=str(_cell(cells, columns, "notes")))


# ---------------------------------------------------------------- labels and their suggestions


def _words(text: str) -> list[str]:
    return [w.removesuffix("s") for w in re.findall(r"[a-z]+", text.lower()) if w not in ("and", "the", "of")]


def region_targets(regions: dict[str, str]) -> dict[str, str]:
    """Body-map targets: each region, and each left/right pair as one target (both sides); target -> words."""
    targets: dict[str, str] = {}
    for region_id, label in regions.items():
        base, _, side = region_id.rpartition("_")
        if side in SIDES:
            both = label.split(" ", 1)[1] if " " in label else label
            targets.setdefault(f"{REGION}{base}", f"{both[0].upper()}{both[1:]} (both sides)")
        targets[f"{REGION}{region_id}"] = label
    return targets


def regions_of(target: str, regions: dict[str, str]) -> list[str]:
    """The body-map region ids a ``region:`` target stands for."""
    name = target.removeprefix(REGION)
    if name in regions:
        return [name]
    return [f"{name}_{side}" for side in SIDES if f"{name}_{side}" in regions]


def suggest(category: str, label: str, *, therapies: Iterable[str], regions: dict[str, str],
            qualities: dict[str, str]) -> str:
    """The suggested target of a label (the person can change every one)."""
    words = _words(label)
    if category == "Body location":
        return _suggest_region(words, regions)
    if category == "Characteristic":
        match = next((q for q, text in qualities.items() if _words(text) == words), None)
        return f"{QUALITY}{match}" if match else SKIP
    if category == "Medication":
        return MEDICATION
    allowed = set(therapies)
    if category == "Alleviating factor":
        for slug, hints in THERAPY_WORDS.items():
            if slug in allowed and set(words) & {h.removesuffix("s") for h in hints}:
                return f"therapy:{slug}"
    return FACTOR


def _suggest_region(words: list[str], regions: dict[str, str]) -> str:
    """The body-map target whose name has the label's words (the same words first, else all of them), if only one."""
    side = next((s for s in SIDES if s in words), None)
    wanted = {w for w in words if w not in SIDES}
    named = {rid: {w for w in _words(label) if w not in SIDES} for rid, label in regions.items()}
    for exact in (True, False):
        found = {_region_target(rid, side) for rid, name in named.items()
                 if wanted and (name == wanted if exact else wanted <= name)}
        if len(found) == 1:
            return found.pop()
        if found:
            return SKIP  # "Back" fits several parts of the back: the person chooses
    return SKIP


def _region_target(region_id: str, side: str | None) -> str:
    base, _, region_side = region_id.rpartition("_")
    if region_side not in SIDES:
        return f"{REGION}{region_id}"
    return f"{REGION}{base}_{side}" if side else f"{REGION}{base}"


def labels_of(records: list[Record], *, therapies: Iterable[str], regions: dict[str, str],
              qualities: dict[str, str]) -> list[Label]:
    """Each label of the file with its record count and suggestion, by category then label."""
    therapies = list(therapies)
    order = list(CATEGORIES)
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        for category in CATEGORIES:
            counts.update((category, label) for label in dict.fromkeys(record.labels(category)))
    return [Label(c, lab, n, suggest(c, lab, therapies=therapies, regions=regions, qualities=qualities))
            for (c, lab), n in sorted(counts.items(), key=lambda item: (order.index(item[0][0]), item[0][1].lower()))]


# ---------------------------------------------------------------- the diary


def to_diary(records: list[Record], mapping: dict[str, str], *, zone: zoneinfo.ZoneInfo,
             regions: dict[str, str]) -> ParsedDiary:
    """The Painwise diary these records make under ``mapping`` (label key -> target).

    Each day with records becomes a check-in: average pain = the day's mean severity, worst pain =
    its highest, where it hurts = each mapped location at the highest severity recorded for it, how it
    feels = the mapped characteristics, notes = the records' notes. Records of FLARE_SEVERITY or more
    also become flares. Factors, therapies and medications become entries at the record's time.
    """
    diary = ParsedDiary()
    by_day: dict[dt.date, list[Record]] = defaultdict(list)
    factors: dict[str, FactorRecord] = {}
    medications: dict[str, MedicationRecord] = {}
    for record in records:
        by_day[record.at.date()].append(record)
        taken_at = record.at.replace(tzinfo=zone)
        for category in ("Aggravating factor", "Alleviating factor", "Medication"):
            for label in dict.fromkeys(record.labels(category)):
                _entry(record, taken_at, label, mapping.get(f"{category}:{label}", SKIP), diary, factors, medications)
        if record.severity >= FLARE_SEVERITY:
            diary.episodes.append(EpisodeRecord(
                taken_at, round(record.severity), regions=_regions([record], mapping, regions),
                triggers=list(dict.fromkeys(record.aggravating)), helped=", ".join(record.alleviating),
                notes=record.notes, where=record.where))
    diary.custom_factors = list(factors.values())
    diary.medications = list(medications.values())
    for day in sorted(by_day):
        day_records = by_day[day]
        qualities = [mapping[key].removeprefix(QUALITY) for r in day_records for c in r.characteristics
                     if (key := f"Characteristic:{c}") in mapping and mapping[key].startswith(QUALITY)]
        notes = [r.notes for r in day_records if r.notes]
        diary.checkins.append(CheckinRecord(
            day, pain_average=round(mean(r.severity for r in day_records)),
            pain_worst=round(max(r.severity for r in day_records)),
            regions=_regions(day_records, mapping, regions), qualities=list(dict.fromkeys(qualities)),
            notes="\n".join(dict.fromkeys(notes)), where=day_records[0].where))
    return diary


def _regions(records: list[Record], mapping: dict[str, str], regions: dict[str, str]) -> dict[str, Any]:
    points: dict[str, int] = {}
    for record in records:
        for location in record.locations:
            target = mapping.get(f"Body location:{location}", SKIP)
            if target.startswith(REGION):
                for region in regions_of(target, regions):
                    points[region] = max(points.get(region, 0), round(record.severity))
    return points


def _entry(record: Record, taken_at: dt.datetime, label: str, target: str, diary: ParsedDiary,
           factors: dict[str, FactorRecord], medications: dict[str, MedicationRecord]) -> None:
    if target == FACTOR:
        factors.setdefault(label.casefold(), FactorRecord(label, where=record.where))
        diary.entries.append(EntryRecord("custom", taken_at, factor=factors[label.casefold()].name,
                                         where=record.where))
    elif target == MEDICATION:
        medications.setdefault(label.casefold(), MedicationRecord(label, key=label, where=record.where))
        diary.entries.append(EntryRecord("medication", taken_at, medication=medications[label.casefold()].key,
                                         where=record.where))
    elif target.startswith("therapy:"):
        diary.entries.append(EntryRecord(target.removeprefix("therapy:"), taken_at, notes=label, where=record.where))
