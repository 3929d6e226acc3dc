"""Export a person's whole diary, and import one all-or-nothing through the domain services.

Export reads every record of the person (decrypted: it is their own data) into a ``ParsedDiary``
and writes it with ``painwise.exchange.formats``. Import parses a file, then stores each record
with the same services the forms and the API use (so the same rules apply), inside one
transaction: if any record is refused, nothing is stored and every problem is reported.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from painwise.accounts.services import profile_of, update_profile, user_zone
from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice, registry
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.services import record_checkin, record_episode
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
)
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.services import add_medication, create_factor, log_entry

# A year of a busy diary is about 1 MB of JSON; anything far larger is not a diary.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Fields that are not stored through the services: where a record came from and when it was written.
NOT_VALUES = ("where", "key", "day", "created_at", "updated_at")
# What makes a medication in the file the same as one already on the person's list.
MEDICATION_IDENTITY = ("name", "strength", "dose", "unit", "schedule")
# Record kind -> (one, several), for "Imported 3 check-ins, 1 medication".
KIND_NAMES = {
    "profile": ("profile", "profiles"), "factor": ("own factor", "own factors"),
    "medication": ("medication", "medications"), "checkin": ("check-in", "check-ins"),
    "episode": ("flare", "flares"), "entry": ("therapy entry", "therapy entries"),
}


@dataclass(frozen=True)
class Exported:
    """A finished export: the file's bytes, its media type and a suggested file name."""

    content: bytes
    content_type: str
    filename: str


class ImportRejectedError(Exception):
    """A file that was not imported (nothing was stored); ``problems`` says where, which field and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: the number of records of each kind and the safety notices they raised."""

    counts: dict[str, int]
    notices: list[Notice] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{n} {KIND_NAMES[kind][n != 1]}" for kind, n in self.counts.items() if n and kind != "profile"]
        return ", ".join(parts) or "no records"


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


def diary_of(*, user: Any) -> ParsedDiary:
    """Every record of ``user`` as plain data, times in the person's own time zone."""
    zone = user_zone(user)
    medications = list(Medication.objects.filter(user=user).order_by("pk"))
    keys = medication_keys(medications)
    entries = TherapyEntry.objects.filter(user=user).select_related("factor", "medication").order_by("taken_at", "pk")
    factors = CustomFactor.objects.filter(user=user).order_by("pk")
    episodes = PainEpisode.objects.filter(user=user).order_by("started_at", "pk")
    return ParsedDiary(
        profile=_record("profile", profile_of(user), zone),
        custom_factors=[_record("factor", f, zone) for f in factors],
        medications=[_record("medication", m, zone, key=keys[m.pk]) for m in medications],
        checkins=[_record("checkin", c, zone) for c in CheckIn.objects.filter(user=user).order_by("day")],
        episodes=[_record("episode", e, zone) for e in episodes],
        entries=[
            _record("entry", e, zone, medication=keys[e.medication.pk] if e.medication else None,
                    factor=e.factor.name if e.factor else None)
            for e in entries
        ],
        exported_at=timezone.now().astimezone(zone).replace(microsecond=0),
    )


def export_json(user: Any) -> tuple[bytes, str, str]:
    """The person's diary as Painwise JSON: (bytes, media type, file extension)."""
    return formats.write_json(diary_of(user=user)).encode("utf-8"), "application/json", "json"


def export_csv(user: Any) -> tuple[bytes, str, str]:
    """The person's diary as Painwise CSV: (bytes, media type, file extension)."""
    return formats.write_csv(diary_of(user=user)).encode("utf-8"), "text/csv; charset=utf-8", "csv"


def export_formats() -> list[str]:
    """Names of every registered export format (json and csv first, then the others by name)."""
    own = [name for name in ("json", "csv") if name in registry.exporters]
    return own + sorted(set(registry.exporters) - set(own))


def export_user(*, user: Any, fmt: str) -> Exported:
    """The person's data in format ``fmt`` (any registered exporter); ValidationError when unknown."""
    exporter = registry.exporters.get(fmt)
    if exporter is None:
        choices = ", ".join(export_formats())
        raise ValidationError({"format": f"Unknown format {fmt!r}; choose one of {choices}."})
    content, content_type, extension = exporter(user)
    stamp = timezone.now().astimezone(user_zone(user)).date().isoformat()
    return Exported(content, content_type, f"painwise-{slugify(user.username)}-{stamp}.{extension}")


# ---------------------------------------------------------------- import


def read_upload(stream: Any) -> bytes:
    """The bytes of an uploaded file, reading no more than one byte past the size limit."""
    return bytes(stream.read(MAX_IMPORT_BYTES + 1))


def parse_upload(*, data: bytes | str, fmt: str = "auto") -> ParsedDiary:
    """A file's bytes (or text) parsed as ``fmt`` (auto, json, csv); ImportRejectedError lists problems."""
    if len(data) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES // (1024 * 1024)
        raise ImportRejectedError([Problem("file", "", f"larger than {limit} MB; is this a Painwise diary?")])
    try:
        text = formats.decode(data) if isinstance(data, bytes) else data
        return formats.read_text(text, fmt)
    except FormatError as exc:
        raise ImportRejectedError(exc.problems) from None


def import_into(*, user: Any, data: bytes | str, fmt: str = "auto") -> ImportSummary:
    """Store every record of the file for ``user``, or nothing: ImportRejectedError names each problem."""
    diary = parse_upload(data=data, fmt=fmt)
    with transaction.atomic():
        importer = _Importer(user)
        importer.store(diary)
        if importer.problems:
            raise ImportRejectedError(importer.problems)
    return ImportSummary(importer.counts, importer.notices)


def _field_problems(where: str, exc: ValidationError) -> list[Problem]:
    if not hasattr(exc, "error_dict"):
        return [Problem(where, "", message) for message in exc.messages]
    return [
        Problem(where, "" if name == NON_FIELD_ERRORS else name, message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def _service_values(record: Any) -> dict[str, Any]:
    return {k: v for k, v in asdict(record).items() if k not in NOT_VALUES}


class _Importer:
    """Stores a parsed diary record by record, collecting every refusal instead of stopping at the first."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = dict.fromkeys(KIND_NAMES, 0)
        self.notices: list[Notice] = []
        self.medications: dict[str, Medication] = {}
        self.factors: dict[str, CustomFactor] = {}
        self.existing_medications = {_identity(m): m for m in Medication.objects.filter(user=user)}
        self.timed: dict[type[Model], list[Model]] = {}

    @contextmanager
    def _attempt(self, kind: str, where: str) -> Iterator[None]:
        """Store one record; a refusal is noted and the import carries on to find every problem.

        The services validate before they write, each in its own transaction, so a refused record
        leaves nothing behind and the surrounding transaction stays usable.
        """
        try:
            yield
            self.counts[kind] += 1
        except ValidationError as exc:
            self.problems.extend(_field_problems(where, exc))

    def _keep_times(self, obj: Model, record: Any) -> None:
        """Keep when the record was first written (and last changed) as the file says, when it says."""
        times = {n: getattr(record, n, None) for n in ("created_at", "updated_at")}
        times = {n: v for n, v in times.items() if v is not None}
        for name, value in times.items():
            setattr(obj, name, value)
        if times:
            self.timed.setdefault(type(obj), []).append(obj)

    def _write_times(self) -> None:
        # Record times are set after saving (auto_now fields overwrite them on save), in one query per model.
        for model, objs in self.timed.items():
            names = [n for n in ("created_at", "updated_at") if any(f.name == n for f in model._meta.fields)]
            model._default_manager.bulk_update(objs, names, batch_size=500)

    def store(self, diary: ParsedDiary) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            "profile": self._profile, "factor": self._factor, "medication": self._medication,
            "checkin": self._checkin, "episode": self._episode, "entry": self._entry,
        }
        for kind, record in formats.all_records(diary):
            if kind == "entry" and self._refers_to_refused(record):
                continue
            with self._attempt(kind, record.where):
                handlers[kind](record)
        if not self.problems:
            self._write_times()

    def _refers_to_refused(self, entry: EntryRecord) -> bool:
        # The medication or factor was refused and reported already; its entries cannot be stored.
        lost_medication = entry.medication is not None and entry.medication not in self.medications
        lost_factor = entry.factor is not None and entry.factor.casefold() not in self.factors
        return lost_medication or lost_factor

    def _profile(self, record: ProfileRecord) -> None:
        update_profile(user=self.user, values=_service_values(record))

    def _factor(self, record: FactorRecord) -> None:
        same_name = blind_lookup(CustomFactor, self.user, name=record.name)
        factor = CustomFactor.objects.filter(user=self.user, **same_name).first()
        if factor is None:
            factor = create_factor(user=self.user, name=record.name, kind=record.kind)
            self._keep_times(factor, record)
        elif factor.kind != record.kind:
            already = f"You already track {factor.name!r} as {CustomFactor.Kind(factor.kind).label.lower()!r}."
            raise ValidationError({"kind": already})
        self.factors[record.name.casefold()] = factor

    def _medication(self, record: MedicationRecord) -> None:
        medication = self.existing_medications.get(_identity(record))
        if medication is None:
            saved = add_medication(user=self.user, values=_service_values(record))
            medication = saved.obj
            self.notices.extend(saved.notices)
            self._keep_times(medication, record)
        self.medications[record.key] = medication

    def _checkin(self, record: CheckinRecord) -> None:
        checkin = record_checkin(user=self.user, day=record.day, values=_service_values(record))
        self._keep_times(checkin, record)

    def _episode(self, record: EpisodeRecord) -> None:
        self._keep_times(record_episode(user=self.user, values=_service_values(record)), record)

    def _entry(self, record: EntryRecord) -> None:
        values = _service_values(record)
        values["medication"] = self.medications.get(record.medication) if record.medication else None
        values["factor"] = self.factors.get(record.factor.casefold()) if record.factor else None
        saved = log_entry(user=self.user, values=values)
        self.notices.extend(n for n in saved.notices if n not in self.notices)
        self._keep_times(saved.obj, record)


def _identity(medication: Medication | MedicationRecord) -> tuple[Any, ...]:
    return tuple(getattr(medication, name) for name in MEDICATION_IDENTITY)
