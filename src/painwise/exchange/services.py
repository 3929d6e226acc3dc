"""Export a person's whole diary, and import one all-or-nothing through the domain services.

Export reads every record of the person (decrypted: it is their own data) into a ``ParsedDiary``
and writes it with ``painwise.exchange.formats``; the sections other domains registered
(``painwise.exchange.sections``) export and store their own records. Import parses a file, validates each record with
the same service checks the forms and the API use (so the same rules apply) without writing, and
only then writes everything with bulk inserts in one short transaction: if any record is refused,
nothing is stored and every problem is reported. Safety checks run once per import, afterwards.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from painwise.accounts.services import Profile, prepare_profile, profile_of, user_zone
from painwise.core.datacache import writing_many
from painwise.core.fields import BlindIndexField
from painwise.core.hooks import Notice, most_serious_first, registry, run_checks, run_entry_checks
from painwise.core.inputs import size_text
from painwise.diary import services as diary_services
from painwise.diary.services import CheckIn, PainEpisode, day_taken, prepare_checkin, prepare_episode
from painwise.exchange import formats
from painwise.exchange.formats import (
    CheckinRecord,
    EntryRecord,
    EpisodeRecord,
    FactorRecord,
    FormatError,
    MedicationRecord,
    ParsedDiary,
    Problem,
    ProfileRecord,
    SectionRecord,
)
from painwise.therapies import services as therapy_services
from painwise.therapies.services import (
    CustomFactor,
    Medication,
    TherapyEntry,
    prepare_entry,
    prepare_factor,
    prepare_medication,
)

if TYPE_CHECKING:
    from painwise.core.types import User


# Rows per INSERT/UPDATE statement when an import is written.
WRITE_BATCH = 500
# Rows fetched at a time from the long lists of a streamed export (check-ins, flares, entries).
READ_CHUNK = 250
CHANGED_MEANWHILE = ("your diary changed while this file was being checked (for example a check-in was added for "
                     "one of its days); nothing was imported, please try again")
# Fields that are not stored through the services: where a record came from and when it was written.
NOT_VALUES = ("where", "key", "day", "created_at", "updated_at")
# What makes a medication in the file the same as one already on the person's list.
MEDICATION_IDENTITY = ("name", "strength", "dose", "unit", "schedule")
# Record kind -> (one, several), for "Imported 3 check-ins, 1 medication".
# (one, several) with the count, marked for translation; a section's ``names`` are the same.
KIND_NAMES = {
    "profile": (gettext_noop("%(count)s profile"), gettext_noop("%(count)s profiles")),
    "factor": (gettext_noop("%(count)s own factor"), gettext_noop("%(count)s own factors")),
    "medication": (gettext_noop("%(count)s medication"), gettext_noop("%(count)s medications")),
    "checkin": (gettext_noop("%(count)s check-in"), gettext_noop("%(count)s check-ins")),
    "episode": (gettext_noop("%(count)s flare"), gettext_noop("%(count)s flares")),
    "entry": (gettext_noop("%(count)s therapy entry"), gettext_noop("%(count)s therapy entries")),
}


@dataclass(frozen=True)
class Exported:
    """A finished export: the file's bytes, its media type and a suggested file name."""

    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class StreamedExport:
    """An export to send in pieces: an iterator of bytes (read it once), its media type and file name; ``whole``
    holds the file when a format is built in one piece (FHIR), so it can be sent with its length."""

    chunks: Iterator[bytes]
    content_type: str
    filename: str
    whole: bytes | None = None


class ImportRejectedError(Exception):
    """A file that was not imported (nothing was stored); ``problems`` says where, which field and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


class ImportTooLargeError(ImportRejectedError):
    """A file over the import size limit (PAINWISE_MAX_IMPORT_MB), refused before it is read."""


def max_import_bytes() -> int:
    """The import size limit in bytes (PAINWISE_MAX_IMPORT_MB; a year of a busy diary is about 1 MB)."""
    return int(settings.MAX_IMPORT_BYTES)


def too_large(size: int) -> ImportTooLargeError:
    reason = (f"the file is {size_text(size)}, larger than the {size_text(max_import_bytes())} import limit of "
              "this server (PAINWISE_MAX_IMPORT_MB); is this a Painwise diary?")
    return ImportTooLargeError([Problem("file", "", reason)])


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: the number of records of each kind, the safety notices they raised."""

    counts: dict[str, int]
    notices: list[Notice] = field(default_factory=list)
    transaction_seconds: float = 0.0  # how long the writing transaction was open (SQLite: held the write lock)

    def __str__(self) -> str:
        names = {**KIND_NAMES, **{section.key: section.names for section in formats.sections()}}
        parts = [gettext(names[kind][n != 1]) % {"count": n} for kind, n in self.counts.items()
                 if n and kind != "profile"]
        return ", ".join(parts) or gettext("no records")


# ---------------------------------------------------------------- export


def _local(moment: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    return moment.astimezone(zone) if moment is not None else None


def medication_keys(medications: list[Medication]) -> dict[int, str]:
    """A stable, unique key per medication: its name, or 'name (2)', 'name (3)' for repeated names."""
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for medication in medications:
        key, number = medication.name, 2
        while key in taken:
            key, number = f"{medication.name} ({number})", number + 1
        taken.add(key)
        keys[medication.pk] = key
    return keys


def _record(kind: str, model_obj: Model, zone: zoneinfo.ZoneInfo, **overrides: Any) -> Any:
    """A ``kind`` record filled from the model fields of the same names (times in the person's zone)."""
    values = {n: getattr(model_obj, n) for n in formats.record_fields(kind) if n not in overrides}
    values = {n: _local(v, zone) if isinstance(v, dt.datetime) else v for n, v in values.items()}
    return formats.RECORD_CLASSES[kind](**values, **overrides)


def diary_parts(*, user: User) -> formats.DiaryParts:
    """Every record of ``user`` as plain data, times in the person's own time zone, read a list at a time.

    The profile and the medications (their keys name them in entries) are read now; each other list
    is queried only when the file reaches it, and the long ones (check-ins, flares, entries) are
    iterated in chunks, so a streamed export holds a few thousand rows at most, not the whole diary.
    """
    zone = user_zone(user)
    medications = therapy_services.medications_of(user=user)
    keys = medication_keys(medications)

    def records(list_key: str) -> Iterator[Any]:
        if list_key == "custom_factors":
            yield from (_record("factor", f, zone) for f in therapy_services.factors_of(user=user))
        elif list_key == "medications":
            yield from (_record("medication", m, zone, key=keys[m.pk]) for m in medications)
        elif list_key == "checkins":
            checkins = diary_services.iter_checkins(user=user, chunk_size=READ_CHUNK)
            yield from (_record("checkin", c, zone) for c in checkins)
        elif list_key == "episodes":
            episodes = diary_services.iter_episodes(user=user, chunk_size=READ_CHUNK)
            yield from (_record("episode", e, zone) for e in episodes)
        elif list_key == "entries":
            for e in therapy_services.iter_entries(user=user, chunk_size=READ_CHUNK):
                yield _record("entry", e, zone, medication=keys[e.medication.pk] if e.medication else None,
                              factor=e.factor.name if e.factor else None)
        else:
            raise KeyError(list_key)

    def section_records(key: str) -> Iterator[SectionRecord]:
        section = registry.exchange_sections[key]
        return (_section_record(section, values, zone) for values in section.export(user))

    return formats.DiaryParts(
        profile=_record("profile", profile_of(user), zone),
        exported_at=timezone.now().astimezone(zone).replace(microsecond=0),
        records=records,
        section_records=section_records,
    )


def _section_record(section: Any, values: dict[str, Any], zone: zoneinfo.ZoneInfo) -> SectionRecord:
    """A section's exported values, every column present, times in the person's zone."""
    return SectionRecord({c.name: _local(v, zone) if isinstance(v := values.get(c.name), dt.datetime) else v
                          for c in section.columns})


# Bytes handed to the web server at a time by a streamed export.
PIECE_BYTES = 64 * 1024


def _encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 bytes of the pieces, gathered into blocks of about PIECE_BYTES."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= PIECE_BYTES:
            yield "".join(gathered).encode("utf-8")
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered).encode("utf-8")


def stream_json(user: User) -> tuple[Iterator[bytes], str, str]:
    """The person's diary as Painwise JSON in pieces, each list read when the file reaches it."""
    return _encoded(formats.json_pieces(diary_parts(user=user))), "application/json", "json"


def stream_csv(user: User) -> tuple[Iterator[bytes], str, str]:
    """The person's diary as Painwise CSV in pieces, each list read when the file reaches it."""
    return _encoded(formats.csv_pieces(diary_parts(user=user))), "text/csv; charset=utf-8", "csv"


# Formats written in pieces; every other registered exporter (FHIR) builds its file whole.
STREAMERS: dict[str, Callable[[User], tuple[Iterator[bytes], str, str]]] = {"json": stream_json, "csv": stream_csv}


def export_json(user: User) -> tuple[bytes, str, str]:
    """The person's diary as Painwise JSON: (bytes, media type, file extension)."""
    chunks, content_type, extension = stream_json(user)
    return b"".join(chunks), content_type, extension


def export_csv(user: User) -> tuple[bytes, str, str]:
    """The person's diary as Painwise CSV: (bytes, media type, file extension)."""
    chunks, content_type, extension = stream_csv(user)
    return b"".join(chunks), content_type, extension


def export_formats() -> list[str]:
    """Names of every registered export format (json and csv first, then the others by name)."""
    own = [name for name in ("json", "csv") if name in registry.exporters]
    return own + sorted(set(registry.exporters) - set(own))


def stream_user(*, user: User, fmt: str) -> StreamedExport:
    """The person's data in format ``fmt`` as pieces of bytes (read once); ValidationError when unknown.

    JSON and CSV are read and written a list at a time (``STREAMERS``); other formats come as one piece.
    """
    exporter = registry.exporters.get(fmt)
    if exporter is None:
        choices = ", ".join(export_formats())
        raise ValidationError(
            {
                "format": gettext("Unknown format %(fmt)s; choose one of %(choices)s.")
                % {"fmt": repr(fmt), "choices": choices}
            }
        )
    streamer = STREAMERS.get(fmt)
    whole = None
    if streamer is not None and registry.exporters[fmt] in (export_json, export_csv):
        chunks, content_type, extension = streamer(user)
    else:
        whole, content_type, extension = exporter(user)
        chunks = iter((whole,))
    stamp = timezone.now().astimezone(user_zone(user)).date().isoformat()
    return StreamedExport(chunks, content_type, f"painwise-{slugify(user.username)}-{stamp}.{extension}", whole)


def export_user(*, user: User, fmt: str) -> Exported:
    """The person's data in format ``fmt`` (any registered exporter) as one file; ValidationError when unknown."""
    streamed = stream_user(user=user, fmt=fmt)
    return Exported(b"".join(streamed.chunks), streamed.content_type, streamed.filename)


# ---------------------------------------------------------------- import


def read_upload(stream: Any) -> bytes:
    """The bytes of an uploaded file, reading no more than one byte past the size limit.

    An upload whose size is known (``stream.size``) and over the limit is refused unread.
    """
    size = getattr(stream, "size", None)
    if isinstance(size, int) and size > max_import_bytes():
        raise too_large(size)
    return bytes(stream.read(max_import_bytes() + 1))


def parse_upload(*, data: bytes | str, fmt: str = "auto") -> ParsedDiary:
    """A file's bytes (or text) parsed as ``fmt`` (auto, json, csv); ImportRejectedError lists problems."""
    if len(data) > max_import_bytes():
        raise too_large(len(data))
    try:
        text = formats.decode(data) if isinstance(data, bytes) else data
        return formats.read_text(text, fmt)
    except FormatError as exc:
        raise ImportRejectedError(exc.problems) from None


def import_into(*, user: User, data: bytes | str, fmt: str = "auto") -> ImportSummary:
    """Store every record of the file for ``user``, or nothing: ImportRejectedError names each problem.

    Everything is parsed and validated first, reading only; then the records are written with bulk
    inserts in one short transaction (so other people's writes wait well under a second, see
    bench/import_speed.py); the safety checks run once at the end, each notice shown once.
    """
    return store_diary(user=user, diary=parse_upload(data=data, fmt=fmt))


def store_diary(*, user: User, diary: ParsedDiary) -> ImportSummary:
    """Store every record of a parsed diary for ``user``, or nothing (ImportRejectedError names each problem).

    The way in for every import: Painwise's own files and the other apps' exports
    (painwise.exchange.foreign) alike, so they share the validation and the safety checks.
    """
    importer = _Importer(user)
    try:
        importer.prepare(diary)
        with writing_many(user.pk):  # bulk inserts send no signals: the person's cached charts go here
            importer.write(diary)
    except Exception:
        importer.forget_profile()
        raise
    notices = importer.safety_notices()
    importer.settle_sections()
    return ImportSummary(importer.counts, notices, importer.transaction_seconds)


def check_diary(*, user: User, diary: ParsedDiary) -> dict[str, int]:
    """The records ``store_diary`` would store, counted by kind, after the very same validation; nothing is
    written (ImportRejectedError names each problem, such as a day already in the diary). For dry runs."""
    importer = _Importer(user)
    try:
        importer.prepare(diary)
    finally:
        importer.forget_profile()
    return {kind: n for kind, n in importer.counts.items() if n}


def field_problems(where: str, exc: ValidationError) -> list[Problem]:
    """A refusal as problems at ``where``, one per field and message."""
    if not hasattr(exc, "error_dict"):
        return [Problem(where, "", message) for message in exc.messages]
    return [
        Problem(where, "" if name == NON_FIELD_ERRORS else name, message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def _service_values(record: Any) -> dict[str, Any]:
    # A shallow read: dataclasses.asdict deep-copies every value and was half the cost of an import.
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in NOT_VALUES}


class _Importer:
    """Validates a parsed diary record by record (collecting every refusal), then writes it all at once."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = dict.fromkeys([*KIND_NAMES, *(s.key for s in formats.sections())], 0)
        # For sections: (section key, a record's ref in the file) -> the stored object.
        self.refs: dict[tuple[str, str], Any] = {}
        self.started_at = timezone.now()
        self.original_profile = profile_of(user)
        self.profile: Profile | None = None
        self.medications: dict[str, Medication] = {}
        self.factors: dict[str, CustomFactor] = {}
        self.existing_medications = {_identity(m): m for m in therapy_services.medications_of(user=user)}
        self.existing_factors = {f.name.casefold(): f for f in therapy_services.factors_of(user=user)}
        self.taken_days = diary_services.checkin_days(user=user)
        # New records per model, in the order they are written (entries refer to the ones before).
        self.new: dict[type[Model], list[Any]] = {
            CustomFactor: [], Medication: [], CheckIn: [], PainEpisode: [], TherapyEntry: [],
        }
        self.transaction_seconds = 0.0  # how long the write transaction took (SQLite: the write lock)
        self.timed: list[tuple[Model, dict[str, dt.datetime]]] = []

    @contextmanager
    def _attempt(self, kind: str, where: str) -> Iterator[None]:
        """Validate one record; a refusal is noted and the import carries on to find every problem."""
        try:
            yield
            self.counts[kind] += 1
        except ValidationError as exc:
            self.problems.extend(field_problems(where, exc))

    def prepare(self, diary: ParsedDiary) -> None:
        """Validate every record with the services' own checks, writing nothing (reads only)."""
        handlers: dict[str, Callable[[Any], None]] = {
            "profile": self._profile, "factor": self._factor, "medication": self._medication,
            "checkin": self._checkin, "episode": self._episode, "entry": self._entry,
        }
        for kind, record in formats.all_records(diary):
            if kind == "entry" and self._refers_to_refused(record):
                continue
            with self._attempt(kind, record.where):
                handlers[kind](record)
        if self.problems:
            raise ImportRejectedError(self.problems)

    def write(self, diary: ParsedDiary) -> None:
        """Write every prepared record in one short transaction, then the other domains' sections in it.

        The database values of the many records (check-ins, flares, entries) are computed first, outside
        the transaction (conversion and encryption are most of the cost); inside it, the few factors and
        medications are bulk-created (their ids are needed) and the rest goes in as prepared INSERTs.
        The sections (questionnaires, safety events, ...: few records) are stored by their domains'
        own functions after that, so they can refer to the diary's records; a refused one undoes all.
        """
        many = [_InsertRows.of(model, self.new[model]) for model in (CheckIn, PainEpisode, TherapyEntry)]
        try:
            with transaction.atomic():
                started = time.perf_counter()
                if self.profile is not None:
                    self.profile.save()
                for model in (CustomFactor, Medication):
                    model._default_manager.bulk_create(self.new[model], batch_size=WRITE_BATCH)
                self._write_times()
                for rows in many:
                    rows.insert(_reserve_ids(rows.model, len(rows.rows)))
                self._store_sections(diary)
            self.transaction_seconds = time.perf_counter() - started
        except IntegrityError:
            # Someone saved a clashing record (a check-in for one of the days) since the file was checked.
            raise ImportRejectedError([Problem("file", "", CHANGED_MEANWHILE)]) from None

    def _store_sections(self, diary: ParsedDiary) -> None:
        for section in formats.sections():
            for item in diary.sections.get(section.key, []):
                with self._attempt(section.key, item.where):
                    section.store(self, dict(item.values))
        if self.problems:
            raise ImportRejectedError(self.problems)

    def keep_times(self, obj: Model, values: dict[str, Any]) -> None:
        """For sections: keep the file's ``created_at`` / ``updated_at`` for a saved ``obj``."""
        names = {f.name for f in obj._meta.concrete_fields}
        times = {n: values[n] for n in ("created_at", "updated_at") if n in names and values.get(n) is not None}
        if times:
            type(obj)._default_manager.filter(pk=obj.pk).update(**times)
            for name, value in times.items():
                setattr(obj, name, value)

    def settle_sections(self) -> None:
        """Let sections reconcile what the safety checks recorded after writing with what the file said."""
        for section in formats.sections():
            if section.settle is not None:
                section.settle(self)

    def forget_profile(self) -> None:
        """Undo the file's profile on the cached user after a refusal (local dates used its time zone)."""
        self.user.profile = self.original_profile

    def safety_notices(self) -> list[Notice]:
        """The notices the stored records raise, each once, most serious first (run after writing).

        Medication and diary checks run per record (a few per import, and cheap); entry checks run
        once for all entries where the domain gives a many-entries form (the substance and evidence
        checks, which query the person's records), otherwise per entry.
        """
        notices = [n for m in self.new[Medication] for n in run_checks(registry.medication_checks, m)]
        for record in (*self.new[CheckIn], *self.new[PainEpisode]):
            notices += run_checks(registry.diary_checks, record)
        if self.new[TherapyEntry]:
            notices += run_entry_checks(self.new[TherapyEntry])
        return most_serious_first(notices)

    def _keep_times(self, obj: Model, record: Any) -> None:
        """Keep when the record was first written (and last changed) as the file says, when it says."""
        times: dict[str, Any] = {n: getattr(record, n, None) for n in ("created_at", "updated_at")}
        times = {n: v for n, v in times.items() if v is not None}
        for name, value in times.items():
            setattr(obj, name, value)
        if times and isinstance(obj, CustomFactor | Medication):
            self.timed.append((obj, times))

    def _write_times(self) -> None:
        # bulk_create stamps auto_now fields with the present moment; the file's times are set again.
        for obj, times in self.timed:
            type(obj)._default_manager.filter(pk=obj.pk).update(**times)
            for name, value in times.items():
                setattr(obj, name, value)

    def _new(self, obj: Model, record: Any) -> None:
        self.new[type(obj)].append(obj)
        self._keep_times(obj, record)

    def _refers_to_refused(self, entry: EntryRecord) -> bool:
        # The medication or factor was refused and reported already; its entries cannot be stored.
        lost_medication = entry.medication is not None and entry.medication not in self.medications
        lost_factor = entry.factor is not None and entry.factor.casefold() not in self.factors
        return lost_medication or lost_factor

    def _profile(self, record: ProfileRecord) -> None:
        self.profile = prepare_profile(user=self.user, values=_service_values(record))
        self.user.profile = self.profile  # later records' local dates use the file's time zone

    def _factor(self, record: FactorRecord) -> None:
        factor = self.existing_factors.get(record.name.strip().casefold())
        if factor is None:
            factor = prepare_factor(user=self.user, name=record.name, kind=record.kind, as_needed=record.as_needed)
            self._new(factor, record)
        elif factor.kind != record.kind:
            already = f"You already track {factor.name!r} as {CustomFactor.Kind(factor.kind).label.lower()!r}."
            raise ValidationError({"kind": already})
        self.factors[record.name.casefold()] = factor

    def _medication(self, record: MedicationRecord) -> None:
        medication = self.existing_medications.get(_identity(record))
        if medication is None:
            medication = prepare_medication(user=self.user, values=_service_values(record))
            self._new(medication, record)
        self.medications[record.key] = medication

    def _checkin(self, record: CheckinRecord) -> None:
        if record.day in self.taken_days:
            raise day_taken(record.day)
        self._new(prepare_checkin(user=self.user, day=record.day, values=_service_values(record)), record)

    def _episode(self, record: EpisodeRecord) -> None:
        self._new(prepare_episode(user=self.user, values=_service_values(record)), record)

    def _entry(self, record: EntryRecord) -> None:
        values = _service_values(record)
        values["medication"] = self.medications.get(record.medication) if record.medication else None
        values["factor"] = self.factors.get(record.factor.casefold()) if record.factor else None
        self._new(prepare_entry(user=self.user, values=values), record)


@dataclass
class _InsertRows:
    """Validated records of one model as database-ready rows for a prepared INSERT.

    Values are converted (and encrypted) by each field's own ``get_db_prep_save``, as ``save()`` would;
    record times come from the file, or are now when it has none. A link to a record created in the
    same import (a new medication or factor) stays an object until ``insert()``, when its id is known.
    """

    model: type[Model]
    objs: list[Model]
    columns: list[str]
    rows: list[list[Any]]

    @classmethod
    def of(cls, model: type[Model], objs: list[Model]) -> _InsertRows:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        rows = [[_db_value(f, obj, now) for f in fields] for obj in objs]
        return cls(model, objs, [cast(str, f.column) for f in fields], rows)  # concrete fields have columns

    def insert(self, ids: list[int]) -> None:
        """INSERT the rows with these ids, which are also set on the objects (the checks need them)."""
        if not self.rows:
            return
        for obj, pk in zip(self.objs, ids, strict=True):
            obj.pk = pk
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in [cast(str, self.model._meta.pk.column), *self.columns])
        marks = ", ".join(["%s"] * (len(self.columns) + 1))
        # Table and column names come from the model, never from the file; values are parameters.
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        rows = [
            [pk, *(v.pk if isinstance(v, Model) else v for v in row)]
            for pk, row in zip(ids, self.rows, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``'s table, reserved inside the writing transaction.

    PostgreSQL hands them out from the table's sequence (safe alongside other writers). On SQLite the
    transaction holds the only write lock, so the next ids after the largest ever used are free.
    """
    if not count:
        return []
    table, pk = model._meta.db_table, cast(str, model._meta.pk.column)  # a primary key always has a column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, count])
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")  # noqa: S608
        largest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        used = cursor.fetchone()
        start = max(largest, used[0] if used else 0) + 1
        return list(range(start, start + count))


def _db_value(field_: Any, obj: Model, now: dt.datetime) -> Any:
    if field_.is_relation:
        related = getattr(obj, field_.name)
        return related if related is not None else None
    if isinstance(field_, BlindIndexField):
        return field_.get_db_prep_save(field_.pre_save(obj, True), connection)  # the digest save() would compute
    value = getattr(obj, field_.attname)
    if value is None and (getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False)):
        value = now
    return field_.get_db_prep_save(value, connection)


def _identity(medication: Medication | MedicationRecord) -> tuple[Any, ...]:
    return tuple(getattr(medication, name) for name in MEDICATION_IDENTITY)
