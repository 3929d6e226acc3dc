"""Painwise JSON and Painwise CSV: reading and writing a whole diary as plain data (no Django).

``read_json(text)`` and ``read_csv(text)`` turn a file into a ``ParsedDiary`` of plain dataclasses,
checking the structure of the format: known record kinds and columns, value types (whole numbers,
decimals, true/false, ISO dates, ISO times *with* a UTC offset, JSON objects and lists), the 0–10
and -2..+2 ranges of scores, unique medication keys and factor names, one check-in per day, and
that every entry names a medication or factor that is in the file. Catalogue rules (known
modalities, body regions, dose ceilings, days already in an account) are checked when the diary is
stored, by the same services the forms use. Every problem names where it is (``line 7`` of a CSV,
``checkins[3]`` of a JSON file), the field and the reason; all problems of a file are reported
together in ``FormatError``.

Besides the diary's own kinds (profile, own factors, medications, check-ins, flares, therapy
entries), other domains add *sections* (``painwise.exchange.sections.Section``, registered in
``painwise.core.hooks.registry.exchange_sections`` at start-up): each is a JSON key holding a list
(or one object) and a CSV record kind, read and written here by its columns.

``write_json(diary)`` and ``write_csv(diary)`` produce the files; ``docs/data-formats.md``
describes both. Text cells of the CSV that a spreadsheet would run as a formula are guarded with a
leading single quote, which ``read_csv`` removes again.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Literal, cast

from painwise.core import inputs
from painwise.core.hooks import registry
from painwise.core.messages import Message, gettext_noop
from painwise.diary import records as diary_records
from painwise.diary.records import RecordField
from painwise.therapies import records as therapy_records

FORMAT_NAME = "painwise"
VERSION = 1
SUPPORTED_VERSIONS = (1,)

Kind = Literal["text", "int", "float", "bool", "date", "datetime", "object", "list"]


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be read or stored: where (``line 7`` / ``entries[2]``), field, why."""

    where: str
    field: str
    reason: str
    # The reason to translate (gettext_noop template and values); ``reason`` is it in English.
    message: Message | None = dataclasses.field(default=None, compare=False, repr=False)

    def in_language(self, translate: Callable[[str], str]) -> Problem:
        """This problem with its reason through ``translate`` (gettext) when it was marked."""
        if self.message is None:
            return self
        return Problem(self.where, self.field, self.message.render(translate), self.message)

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, {self.field}: {self.reason}"
        return f"{self.where}: {self.reason}"


class FormatError(Exception):
    """A file that is not a valid Painwise diary; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass(frozen=True)
class Column:
    """One field of a record kind: its name, value kind, whether it is required and its range."""

    name: str
    kind: Kind
    required: bool = False
    low: float | None = None
    high: float | None = None


# How a declared field's kind (painwise.diary.records) is written in a file.
COLUMN_KINDS: dict[str, Kind] = {
    "int": "int", "float": "float", "choice": "text", "choices": "list", "tags": "list", "regions": "object",
    "text": "text", "datetime": "datetime", "bool": "bool", "details": "object", "link": "text",
}


def declared_columns(declared: Iterable[RecordField], *, required: tuple[str, ...] = (),
                     after: dict[str, Column] | None = None) -> tuple[Column, ...]:
    """The file columns of declared fields: the same names, kinds, required flags and scales (a file checks
    a range with both ends, such as 0–10 or -2..+2; an open bound, such as a dose above zero, is the
    services' to check, in their words, once per record);
    ``required`` names fields a file must give although a form may leave them out (the service fills
    them), ``after`` places a file-only column right after a declared one."""
    columns: list[Column] = []
    for f in declared:
        scale = f.number and f.low is not None and f.high is not None
        columns.append(Column(f.name, COLUMN_KINDS[f.kind], required=f.required or f.name in required,
                              low=f.low if scale else None, high=f.high if scale else None))
        if after and f.name in after:
            columns.append(after[f.name])
    return tuple(columns)


# The fields of each record kind, in file order. JSON keys and CSV columns use these names.
RECORD_COLUMNS: dict[str, tuple[Column, ...]] = {
    "format": (Column("name", "text", required=True), Column("version", "int", required=True),
               Column("exported_at", "datetime")),
    "profile": (
        Column("timezone", "text"), Column("country", "text"), Column("region", "text"),
        Column("conditions", "list"), Column("track_cycle", "bool"), Column("mcid_mode", "text"),
        Column("mcid_points", "float"), Column("pool_opt_in", "bool"), Column("show_sexual_health", "bool"),
    ),
    "factor": (*declared_columns(therapy_records.OWN_FACTOR), Column("created_at", "datetime")),
    # ``key`` (default: the name) is how entries in the file name the medication.
    "medication": (
        Column("key", "text"), *declared_columns(therapy_records.MEDICATION), Column("created_at", "datetime"),
    ),
    "checkin": (
        Column("day", "date", required=True), *declared_columns(diary_records.form_order(diary_records.CHECKIN)),
        Column("created_at", "datetime"), Column("updated_at", "datetime"),
    ),
    "episode": (
        *declared_columns(diary_records.EPISODE), Column("created_at", "datetime"),
    ),
    # An entry names its medication or factor by key or name, and is stored at the time and day given.
    "entry": (
        *declared_columns(therapy_records.ENTRY, required=("taken_at",),
                          after={"taken_at": Column("day", "date")}),
        Column("created_at", "datetime"),
    ),
}

# JSON list key -> record kind, in the order records are stored (entries refer to the ones before).
JSON_LISTS = {
    "custom_factors": "factor", "medications": "medication", "checkins": "checkin",
    "episodes": "episode", "entries": "entry",
}


# Columns every record kind may share, kept at the right edge of the CSV: notes and the record times.
CSV_TAIL = ("version", "exported_at", "notes", "created_at", "updated_at")


def _once(*groups: Iterable[str]) -> tuple[str, ...]:
    """The names of ``groups`` in order, each once, without the tail columns."""
    seen: list[str] = []
    for name in (name for group in groups for name in group):
        if name not in seen and name not in CSV_TAIL:
            seen.append(name)
    return tuple(seen)


def _names(kind: str) -> tuple[str, ...]:
    return tuple(column.name for column in RECORD_COLUMNS[kind])


# The CSV header, in this order: check-in then flare columns as declared (as a day is lived); an entry's
# what and when, then the rest of it; medications and own factors by key and name; the profile; long
# text and record times at the right edge.
CSV_COLUMNS = (
    *_once(
        ("record", "day"), diary_records.names(diary_records.CHECKIN), diary_records.names(diary_records.EPISODE),
        ("modality", "taken_at"), _names("entry"), ("key", "name"), _names("factor"), _names("medication"),
        _names("profile"),
    ),
    *CSV_TAIL,
)


@dataclass
class ProfileRecord:
    """The person's settings; a field missing from the file takes the account default shown here."""

    timezone: str = "UTC"
    country: str = "ZZ"
    region: str = ""
    conditions: list[str] = field(default_factory=list)
    track_cycle: bool = False
    mcid_mode: str = "points"
    mcid_points: float = 1.0
    pool_opt_in: bool = False
    show_sexual_health: bool = False
    where: str = ""


@dataclass
class FactorRecord:
    """A factor the person defined: its name (unique, referenced by entries), kind, and whether they use
    it when pain is bad (``as_needed``)."""

    name: str
    kind: str = "yes_no"
    as_needed: bool = False
    created_at: dt.datetime | None = None
    where: str = ""


@dataclass
class MedicationRecord:
    """A medication on the person's list; ``key`` (default: the name) is how entries refer to it."""

    name: str
    key: str = ""
    strength: str = ""
    dose: float | None = None
    unit: str = "mg"
    schedule: str = ""
    reason: str = ""
    drug_key: str = ""
    active: bool = True
    created_at: dt.datetime | None = None
    where: str = ""


@dataclass
class CheckinRecord:
    """One day: scores on 0–10, sleep in hours, regions as region id -> 0–10, tags as lists."""

    day: dt.date
    pain_now: int | None = None
    pain_average: int | None = None
    pain_worst: int | None = None
    peg_enjoyment: int | None = None
    peg_activity: int | None = None
    stress: int | None = None
    mood: int | None = None
    fatigue: int | None = None
    muscle_tension: int | None = None
    sleep_quality: int | None = None
    sleep_hours: float | None = None
    cycle_day: int | None = None
    cycle_phase: str = ""
    regions: dict[str, Any] = field(default_factory=dict)
    qualities: list[Any] = field(default_factory=list)
    activities: list[Any] = field(default_factory=list)
    activities_note: str = ""
    notes: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    where: str = ""


@dataclass
class EpisodeRecord:
    """A flare: start and end (aware datetimes), intensity 0–10, regions, triggers, what helped."""

    started_at: dt.datetime
    intensity: int
    ended_at: dt.datetime | None = None
    regions: dict[str, Any] = field(default_factory=dict)
    triggers: list[Any] = field(default_factory=list)
    helped: str = ""
    notes: str = ""
    created_at: dt.datetime | None = None
    where: str = ""


@dataclass
class EntryRecord:
    """A therapy, dose or session: modality, time, minutes or amount with unit, details, effect -2..+2."""

    modality: str
    taken_at: dt.datetime
    medication: str | None = None
    factor: str | None = None
    day: dt.date | None = None
    duration_minutes: int | None = None
    amount: float | None = None
    unit: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    effect: int | None = None
    side_effects: str = ""
    notes: str = ""
    created_at: dt.datetime | None = None
    where: str = ""

    @property
    def local_day(self) -> dt.date:
        """The calendar day of the entry: ``day`` when given, else the date of ``taken_at`` at its offset."""
        return self.day or self.taken_at.date()


@dataclass
class SectionRecord:
    """One record of a section another domain registered: every column's value by name (None = not given)."""

    values: dict[str, Any]
    where: str = ""


@dataclass
class ParsedDiary:
    """A whole diary as plain data, in the order records are stored."""

    profile: ProfileRecord | None = None
    custom_factors: list[FactorRecord] = field(default_factory=list)
    medications: list[MedicationRecord] = field(default_factory=list)
    checkins: list[CheckinRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)
    entries: list[EntryRecord] = field(default_factory=list)
    sections: dict[str, list[SectionRecord]] = field(default_factory=dict)
    exported_at: dt.datetime | None = None
    version: int = VERSION


@dataclass(frozen=True)
class DiaryParts:
    """A diary to write whose records are read only when their turn comes (an export streamed in pieces).

    ``records(list_key)`` gives the records of one of the diary's own lists (``JSON_LISTS``), and
    ``section_records(section_key)`` those of a registered section, each called once, in file order.
    """

    profile: ProfileRecord | None
    exported_at: dt.datetime | None
    records: Callable[[str], Iterable[Any]]
    section_records: Callable[[str], Iterable[SectionRecord]]


def parts_of(diary: ParsedDiary) -> DiaryParts:
    """A diary already in memory as ``DiaryParts``."""
    return DiaryParts(
        profile=diary.profile, exported_at=diary.exported_at,
        records=lambda list_key: cast("Iterable[Any]", getattr(diary, list_key)),
        section_records=lambda key: diary.sections.get(key, []),
    )


@dataclass
class FormatRecord:
    """The first row of a CSV file (top-level keys of a JSON file): which format and version."""

    name: str
    version: int
    exported_at: dt.datetime | None = None
    where: str = ""


RECORD_CLASSES: dict[str, type[Any]] = {
    "profile": ProfileRecord, "factor": FactorRecord, "medication": MedicationRecord,
    "checkin": CheckinRecord, "episode": EpisodeRecord, "entry": EntryRecord,
}


def sections() -> list[Any]:
    """The sections other domains registered (``painwise.exchange.sections.Section``), in storing order."""
    return sorted(registry.exchange_sections.values(), key=lambda section: (section.order, section.key))


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the diary's columns, with the sections' own columns before the format and time columns."""
    extra: list[str] = []
    for section in sections():
        extra.extend(c.name for c in section.columns if c.name not in CSV_COLUMNS and c.name not in extra)
    tail = CSV_COLUMNS.index("version")
    return (*CSV_COLUMNS[:tail], *extra, *CSV_COLUMNS[tail:])


# ---------------------------------------------------------------- values


def problem(where: str, field_name: str, template: str, **values: object) -> Problem:
    """A problem whose reason is marked for translation (``template`` from gettext_noop, named values)."""
    message = Message(template, values)
    return Problem(where, field_name, str(message), message)


def repeated(seen: dict[Any, int], identity: Any, *, line: int, where: str, reason: str,
             problems: list[Problem]) -> bool:
    """Whether a record like ``identity`` came on an earlier line of the file: then a problem at ``where`` naming
    that line (``reason``, from gettext_noop, has a ``%(line)s``) is added; else ``identity`` is remembered as
    seen on ``line``. The readers of other apps' exports use it so a file repeating a record is refused."""
    if identity in seen:
        problems.append(problem(where, "", reason, line=seen[identity]))
        return True
    seen[identity] = line
    return False


class _BadValueError(ValueError):
    """A value of the wrong type or out of range (the message is the reason shown to the person)."""

    def __init__(self, template: str, **values: object) -> None:
        self.message = Message(template, values)
        super().__init__(str(self.message))


def _parse_datetime(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        reason = gettext_noop("%(value)s is not an ISO time such as 2026-03-01T08:30:00+01:00")
        raise _BadValueError(reason, value=repr(text)) from None
    if moment.tzinfo is None:
        raise _BadValueError(
            gettext_noop("%(value)s has no UTC offset; add one, e.g. 2026-03-01T08:30:00+01:00"), value=repr(text))
    try:
        return inputs.check_moment(moment)
    except ValueError as exc:
        raise _BadValueError(gettext_noop("%(value)s %(reason)s"), value=repr(text), reason=str(exc)) from None


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        reason = gettext_noop("%(value)s is not an ISO date such as 2026-03-01")
        raise _BadValueError(reason, value=repr(text)) from None


def _check_range(column: Column, value: float) -> None:
    if (column.low is not None and value < column.low) or (column.high is not None and value > column.high):
        raise _BadValueError(
            gettext_noop("%(value)s is outside %(low)s to %(high)s"), value=f"{value:g}", low=f"{column.low:g}",
            high=f"{column.high:g}")


def _from_json_value(column: Column, value: Any) -> Any:
    """A JSON value converted to the column's Python type (raises _BadValueError with the reason)."""
    kind = column.kind
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer():
            raise _BadValueError(gettext_noop("%(value)s is not a whole number"), value=repr(value))
        _check_range(column, value)
        return int(value)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _BadValueError(gettext_noop("%(value)s is not a number"), value=repr(value))
        _check_range(column, value)
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _BadValueError(gettext_noop("%(value)s is not true or false"), value=repr(value))
        return value
    expected, described = {
        "object": (dict, gettext_noop("%(value)s is not an object")),
        "list": (list, gettext_noop("%(value)s is not a list")),
    }.get(kind, (str, gettext_noop("%(value)s is not text")))
    if not isinstance(value, expected):
        raise _BadValueError(described, value=repr(value))
    if kind == "date":
        return _parse_date(value)
    if kind == "datetime":
        return _parse_datetime(value)
    return value


TRUE_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _cell_to_json_value(column: Column, cell: str) -> Any:
    """A CSV cell read as the JSON value it stands for, so both formats share one converter."""
    if column.kind in ("int", "float"):
        return _number(cell)
    if column.kind == "bool":
        if cell.strip().lower() not in TRUE_WORDS:
            raise _BadValueError(gettext_noop("%(value)s is not true or false"), value=repr(cell))
        return TRUE_WORDS[cell.strip().lower()]
    if column.kind in ("object", "list"):
        try:
            return inputs.loads(cell)
        except json.JSONDecodeError as exc:
            raise _BadValueError(
                gettext_noop("is not valid JSON (%(reason)s at character %(position)s)"), reason=exc.msg,
                position=exc.pos) from None
        except inputs.UnacceptableValueError as exc:
            # the reason comes from core.inputs in English (not a sentence of this module)
            raise _BadValueError("%(reason)s", reason=f"{' '.join(exc.path)} {exc.reason}".strip()) from None
    return unguard(cell)


def _number(cell: str) -> int | float:
    """A number cell; whole numbers stay whole. Python-only spellings such as ``1_000`` are refused."""
    if "_" in cell:
        raise _BadValueError(f"{cell!r} is not a number")
    if len(cell.strip().lstrip("+-")) > inputs.MAX_DIGITS:
        raise _BadValueError(gettext_noop("is a number longer than %(digits)s digits"), digits=inputs.MAX_DIGITS)
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        raise _BadValueError(f"{cell!r} is not a number") from None


# ---------------------------------------------------------------- records


def _build(kind: str, raw: dict[str, Any], where: str, problems: list[Problem]) -> Any:
    """A record of ``kind`` from raw values (missing / None = default); problems are appended."""
    values = _converted(RECORD_COLUMNS[kind], raw, where, problems)
    if values is None:
        return None
    if kind == "medication":
        values["key"] = values.get("key") or values["name"]
    return {**RECORD_CLASSES, "format": FormatRecord}[kind](**values, where=where)


def _section_record(section: Any, raw: dict[str, Any], where: str, problems: list[Problem]) -> SectionRecord | None:
    values = _converted(section.columns, raw, where, problems)
    if values is None:
        return None
    return SectionRecord({c.name: values.get(c.name) for c in section.columns}, where)


def _converted(
    columns: Iterable[Column], raw: dict[str, Any], where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """The given values of ``raw`` converted to the columns' types; None when any is refused."""
    values: dict[str, Any] = {}
    for column in columns:
        value = raw.get(column.name)
        if value is None:
            if column.required:
                problems.append(problem(where, column.name, gettext_noop("is required but missing")))
            continue
        try:
            values[column.name] = _from_json_value(column, value)
        except _BadValueError as exc:
            problems.append(Problem(where, column.name, str(exc), exc.message))
    if any(p.where == where for p in problems):
        return None
    return values


def _check_version(meta: dict[str, Any], where: str) -> list[Problem]:
    if meta.get("format", meta.get("name")) != FORMAT_NAME:
        return [problem(where, "format", gettext_noop("this is not a Painwise file (expected format %(format)s)"),
                         format=repr(FORMAT_NAME))]
    version = meta.get("version")
    if type(version) is not int or version not in SUPPORTED_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        reason = gettext_noop("version %(version)s is not supported (this Painwise reads %(supported)s)")
        return [problem(where, "version", reason, version=repr(version), supported=supported)]
    return []


def _check_references(diary: ParsedDiary) -> list[Problem]:
    """Unique medication keys, factor names and check-in days; entries name a medication/factor of the file."""
    problems: list[Problem] = []
    keys: set[str] = set()
    for medication in diary.medications:
        if medication.key in keys:
            problems.append(
                problem(medication.where, "key", gettext_noop("key %(key)s is used twice"), key=repr(medication.key)))
        keys.add(medication.key)
    names: set[str] = set()
    for factor in diary.custom_factors:
        if factor.name.casefold() in names:
            twice = gettext_noop("factor %(name)s is defined twice")
            problems.append(problem(factor.where, "name", twice, name=repr(factor.name)))
        names.add(factor.name.casefold())
    first_days: dict[dt.date, str] = {}
    for checkin in diary.checkins:
        if checkin.day in first_days:
            reason = gettext_noop("a second check-in for %(day)s (the first is on %(first)s)")
            problems.append(problem(checkin.where, "day", reason, day=checkin.day.isoformat(),
                                     first=first_days[checkin.day]))
        first_days.setdefault(checkin.day, checkin.where)
    for entry in diary.entries:
        if entry.medication is not None and entry.medication not in keys:
            reason = gettext_noop("no medication with key %(key)s in this file")
            problems.append(problem(entry.where, "medication", reason, key=repr(entry.medication)))
        if entry.factor is not None and entry.factor.casefold() not in names:
            problems.append(problem(
                entry.where, "factor", gettext_noop("no factor named %(name)s in this file"), name=repr(entry.factor)))
    return problems


def _finish(diary: ParsedDiary, problems: list[Problem]) -> ParsedDiary:
    problems.extend(_check_references(diary))
    if problems:
        raise FormatError(problems)
    return diary


# ---------------------------------------------------------------- JSON


def _json_lines(text: str) -> Any:
    try:
        return inputs.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FormatError([problem(where, "", gettext_noop("malformed JSON: %(reason)s"), reason=exc.msg)]) from None
    except inputs.UnacceptableValueError as exc:
        raise FormatError([_unacceptable(exc.path, exc.reason)]) from None


def _unacceptable(path: tuple[str, ...], reason: str) -> Problem:
    """A refused JSON value as a problem of its record: ``entries[3]``, field ``details.form``."""
    if len(path) >= 2 and path[0] in JSON_LISTS and path[1].isdigit():
        return Problem(f"{path[0]}[{path[1]}]", ".".join(path[2:]), reason)
    if path[:1] == ("profile",):
        return Problem("profile", ".".join(path[1:]), reason)
    return Problem("file", ".".join(path), reason)


def _json_records(doc: dict[str, Any], problems: list[Problem]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, where, raw record) for every record of every list, reporting unknown keys."""
    for list_key, kind in JSON_LISTS.items():
        items = doc.get(list_key) or []
        if not isinstance(items, list):
            problems.append(problem(list_key, "", gettext_noop("must be a list of records")))
            continue
        known = {c.name for c in RECORD_COLUMNS[kind]}
        for index, raw in enumerate(items):
            where = f"{list_key}[{index}]"
            if not isinstance(raw, dict):
                problems.append(problem(where, "", gettext_noop("must be an object")))
                continue
            problems.extend(problem(where, key, gettext_noop("unknown field")) for key in sorted(set(raw) - known))
            yield kind, where, raw


def read_json(text: str) -> ParsedDiary:
    """Parse Painwise JSON text; raises FormatError listing each problem by record index and field."""
    doc = _json_lines(text.lstrip("\ufeff"))
    if not isinstance(doc, dict):
        reason = gettext_noop("a Painwise JSON file is an object with format and version")
        raise FormatError([problem("file", "", reason)])
    problems = _check_version(doc, "file")
    if problems:
        raise FormatError(problems)
    allowed = {"format", "version", "exported_at", "profile", *JSON_LISTS, *(s.key for s in sections())}
    problems.extend(problem("file", key, gettext_noop("unknown field")) for key in sorted(set(doc) - allowed))
    diary = ParsedDiary(version=doc["version"])
    meta = _build("format", {"name": FORMAT_NAME, "version": doc["version"],
                             "exported_at": doc.get("exported_at")}, "file", problems)
    diary.exported_at = meta.exported_at if meta else None
    if doc.get("profile") is not None:
        _read_json_profile(doc["profile"], diary, problems)
    for kind, where, raw in _json_records(doc, problems):
        record = _build(kind, raw, where, problems)
        if record is not None:
            _collect(diary, kind, record)
    for section in sections():
        _read_json_section(doc.get(section.key), section, diary, problems)
    return _finish(diary, problems)


def _read_json_section(raw: Any, section: Any, diary: ParsedDiary, problems: list[Problem]) -> None:
    """Records of one registered section: a list of objects, or one object for a ``single`` section."""
    if raw is None:
        return
    expected, described = (
        (dict, gettext_noop("must be an object")) if section.single
        else (list, gettext_noop("must be a list of records"))
    )
    if not isinstance(raw, expected):
        problems.append(problem(section.key, "", described))
        return
    known = {c.name for c in section.columns}
    for index, item in enumerate([raw] if section.single else raw):
        where = section.key if section.single else f"{section.key}[{index}]"
        if not isinstance(item, dict):
            problems.append(problem(where, "", gettext_noop("must be an object")))
            continue
        problems.extend(problem(where, key, gettext_noop("unknown field")) for key in sorted(set(item) - known))
        record = _section_record(section, item, where, problems)
        if record is not None:
            diary.sections.setdefault(section.key, []).append(record)


def _read_json_profile(raw: Any, diary: ParsedDiary, problems: list[Problem]) -> None:
    if not isinstance(raw, dict):
        problems.append(problem("profile", "", gettext_noop("must be an object")))
        return
    known = {c.name for c in RECORD_COLUMNS["profile"]}
    problems.extend(problem("profile", key, gettext_noop("unknown field")) for key in sorted(set(raw) - known))
    diary.profile = _build("profile", raw, "profile", problems)


def _collect(diary: ParsedDiary, kind: str, record: Any) -> None:
    if kind == "profile":
        diary.profile = record
        return
    list_key = next(key for key, k in JSON_LISTS.items() if k == kind)
    getattr(diary, list_key).append(record)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _record_dict(kind: str, record: Any) -> dict[str, Any]:
    return {c.name: _json_value(getattr(record, c.name)) for c in RECORD_COLUMNS[kind]}


def write_json(diary: ParsedDiary) -> str:
    """Painwise JSON text (UTF-8 when encoded, two-space indented, one trailing newline)."""
    return "".join(json_pieces(parts_of(diary)))


def _dumped(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels deep inside a document."""
    # Strings never hold a raw newline once dumped (it is escaped), so every newline starts an indented line.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def _json_list(key: str, items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One top-level list of the document, an item at a time (as ``json.dumps`` lays it out)."""
    name = f"  {json.dumps(key, ensure_ascii=False)}: "
    opening = name + "["
    for item in items:
        yield f"{opening}\n    {_dumped(item, 2)}"
        opening = ","
    yield name + "[]" if opening != "," else "\n  ]"


def json_pieces(diary: DiaryParts) -> Iterator[str]:
    """Painwise JSON text in pieces: the opening, each list's records one by one, then the closing.

    The pieces joined are exactly ``json.dumps(document, ensure_ascii=False, indent=2) + "\n"``: a file
    streamed is byte for byte the file built whole.
    """
    yield "{\n"
    head = {
        "format": FORMAT_NAME,
        "version": VERSION,
        "exported_at": _json_value(diary.exported_at),
        "profile": _record_dict("profile", diary.profile) if diary.profile else None,
    }
    yield ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {_dumped(v, 1)}" for k, v in head.items())
    for list_key, kind in JSON_LISTS.items():
        yield ",\n"
        yield from _json_list(list_key, (_record_dict(kind, r) for r in diary.records(list_key)))
    for section in sections():
        records = ({c.name: _json_value(r.values.get(c.name)) for c in section.columns}
                   for r in diary.section_records(section.key))
        yield ",\n"
        if section.single:
            yield f"  {json.dumps(section.key, ensure_ascii=False)}: {_dumped(next(records, None), 1)}"
        else:
            yield from _json_list(section.key, records)
    yield "\n}\n"


# ---------------------------------------------------------------- CSV

# A spreadsheet runs a cell that starts with one of these as a formula (or, for the quote, hides it).
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def guard(text: str) -> str:
    """Text made safe for a spreadsheet: one leading ``'`` when it starts with = + - @ tab CR or '."""
    return "'" + text if text.startswith(RISKY_STARTS) else text


def unguard(text: str) -> str:
    """The original text of a guarded cell: one leading ``'`` removed (inverse of ``guard``)."""
    return text[1:] if text.startswith("'") else text


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "bool":
        return "true" if value else "false"
    if column.kind in ("int", "float"):
        return repr(value)
    if column.kind in ("object", "list"):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if column.kind in ("date", "datetime"):
        return str(value.isoformat())
    return guard(value)


def _csv_row(kind: str, record: Any) -> dict[str, str]:
    row = {"record": kind}
    row.update({c.name: _cell(c, getattr(record, c.name)) for c in RECORD_COLUMNS[kind]})
    return row


def _csv_sections(diary: DiaryParts) -> Iterator[Iterable[dict[str, str]]]:
    """The CSV rows after the header, a section (one kind of record) at a time."""
    meta = {"name": FORMAT_NAME, "version": VERSION, "exported_at": diary.exported_at}
    head = [{"record": "format", **{c.name: _cell(c, meta[c.name]) for c in RECORD_COLUMNS["format"]}}]
    if diary.profile is not None:
        head.append(_csv_row("profile", diary.profile))
    yield head
    for list_key, kind in JSON_LISTS.items():
        yield (_csv_row(kind, record) for record in diary.records(list_key))
    for section in sections():
        yield ({"record": section.record, **{c.name: _cell(c, item.values.get(c.name)) for c in section.columns}}
               for item in diary.section_records(section.key))


# Rows written before a streamed CSV hands its text on (a few hundred kB at most).
CSV_ROWS_PER_PIECE = 500


def csv_pieces(diary: DiaryParts) -> Iterator[str]:
    """Painwise CSV text in pieces: byte-order mark and header, then the rows a few hundred at a time."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), restval="", lineterminator="\r\n")
    writer.writeheader()
    yield "\ufeff" + buffer.getvalue()
    for rows in _csv_sections(diary):
        buffer.seek(0)
        buffer.truncate()
        for number, row in enumerate(rows, 1):
            writer.writerow(row)
            if number % CSV_ROWS_PER_PIECE == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()


def write_csv(diary: ParsedDiary) -> str:
    """Painwise CSV text: a byte-order mark (so spreadsheets see UTF-8), header, one row per record."""
    return "".join(csv_pieces(parts_of(diary)))


def _numbered_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each CSV row; a quoted cell may span several lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = gettext_noop("malformed CSV: %(reason)s")
        raise FormatError([problem(f"line {reader.line_num}", "", reason, reason=str(exc))]) from None


def _read_header(rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    header = next(rows, None)
    if header is None:
        raise FormatError([problem("line 1", "", gettext_noop("the file is empty"))])
    names = [name.strip() for name in header[1]]
    known = csv_columns()
    unknown = [n for n in names if n not in known]
    repeated = sorted({n for n in names if names.count(n) > 1})
    problems = [problem("line 1", n, gettext_noop("unknown column")) for n in unknown]
    problems += [problem("line 1", n, gettext_noop("column appears twice")) for n in repeated]
    if "record" not in names:
        problems.append(problem("line 1", "record", gettext_noop("the header needs a record column")))
    if problems:
        raise FormatError(problems)
    return names


def _row_record(kind: str, cells: dict[str, str], where: str, problems: list[Problem]) -> Any:
    """A record from one CSV row; an empty cell means the field is not given."""
    raw = _row_raw(kind, RECORD_COLUMNS[kind], cells, where, problems)
    return None if raw is None else _build(kind, raw, where, problems)


def _row_raw(
    kind: str, column_list: Iterable[Column], cells: dict[str, str], where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """The non-empty cells of a row as JSON values of ``kind``'s columns; None when any is refused."""
    columns = {c.name: c for c in column_list}
    raw: dict[str, Any] = {}
    for name, cell in cells.items():
        if name == "record" or cell == "":
            continue
        if name not in columns:
            reason = gettext_noop("does not apply to a %(kind)s row; leave it empty")
            problems.append(problem(where, name, reason, kind=kind))
            continue
        try:
            raw[name] = _cell_to_json_value(columns[name], cell)
        except _BadValueError as exc:
            problems.append(Problem(where, name, str(exc), exc.message))
    if any(p.where == where for p in problems):
        return None
    return raw


def _data_rows(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    rows = _numbered_rows(text)
    names = _read_header(rows)
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            reason = gettext_noop("%(cells)s cells but the header has %(names)s")
            raise FormatError([problem(f"line {line}", "", reason, cells=len(cells), names=len(names))])
        yield f"line {line}", dict(zip(names, cells, strict=False))


def read_csv(text: str) -> ParsedDiary:
    """Parse Painwise CSV text; raises FormatError listing each problem by line and column."""
    rows = _data_rows(text.lstrip("\ufeff"))
    diary = ParsedDiary()
    problems: list[Problem] = []
    first = next(rows, None)
    if first is None or first[1].get("record") != "format":
        where = first[0] if first else "line 2"
        reason = gettext_noop("the first row after the header must be the format row")
        raise FormatError([problem(where, "record", reason)])
    meta = _row_record("format", first[1], first[0], problems)
    if meta is None:
        raise FormatError(problems)
    problems = _check_version({"format": meta.name, "version": meta.version}, first[0])
    if problems:
        raise FormatError(problems)
    diary.exported_at = meta.exported_at
    by_record = {section.record: section for section in sections()}
    for where, cells in rows:
        kind = cells.get("record", "").strip()
        if kind in by_record:
            _read_csv_section(by_record[kind], cells, where, diary, problems)
            continue
        if kind not in RECORD_CLASSES:
            kinds = ", ".join([*RECORD_CLASSES, *by_record])
            reason = gettext_noop("%(kind)s is not one of %(kinds)s")
            problems.append(problem(where, "record", reason, kind=repr(kind), kinds=kinds))
            continue
        if kind == "profile" and diary.profile is not None:
            problems.append(problem(where, "record", gettext_noop("the file has more than one profile row")))
            continue
        record = _row_record(kind, cells, where, problems)
        if record is not None:
            _collect(diary, kind, record)
    return _finish(diary, problems)


def _read_csv_section(
    section: Any, cells: dict[str, str], where: str, diary: ParsedDiary, problems: list[Problem]
) -> None:
    if section.single and diary.sections.get(section.key):
        problems.append(problem(
            where, "record", gettext_noop("the file has more than one %(kind)s row"), kind=section.record))
        return
    raw = _row_raw(section.record, section.columns, cells, where, problems)
    record = None if raw is None else _section_record(section, raw, where, problems)
    if record is not None:
        diary.sections.setdefault(section.key, []).append(record)


# ---------------------------------------------------------------- both


READERS: dict[str, Callable[[str], ParsedDiary]] = {"json": read_json, "csv": read_csv}


def detect_format(text: str) -> str:
    """``json`` when the text starts with ``{`` (after a byte-order mark and spaces), else ``csv``."""
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


def read_text(text: str, fmt: str = "auto") -> ParsedDiary:
    """Parse a diary in ``fmt`` (json, csv or auto); raises FormatError with every problem found."""
    chosen = detect_format(text) if fmt == "auto" else fmt
    if chosen not in READERS:
        raise FormatError([problem(
            "file", "format", gettext_noop("%(format)s is not one of auto, %(formats)s"), format=repr(fmt),
            formats=", ".join(READERS))])
    return READERS[chosen](text)


def decode(data: bytes) -> str:
    """File bytes as text (UTF-8, with or without a byte-order mark); FormatError when not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = gettext_noop("not UTF-8 text (byte %(byte)s cannot be read)")
        raise FormatError([problem("file", "", reason, byte=exc.start)]) from None


def record_fields(kind: str) -> tuple[str, ...]:
    """Names of the stored fields of a record kind (its columns, without where it came from)."""
    return tuple(f.name for f in fields(RECORD_CLASSES[kind]) if f.name != "where")


def all_records(diary: ParsedDiary) -> Iterable[tuple[str, Any]]:
    """(kind, record) for every record in storing order: profile, factors, medications, days, entries."""
    if diary.profile is not None:
        yield "profile", diary.profile
    for list_key, kind in JSON_LISTS.items():
        for record in getattr(diary, list_key):
            yield kind, record
