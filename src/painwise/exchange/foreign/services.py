"""Bringing other apps' exports into a diary: parse, preview, then store all or nothing.

Sleep (Apple Health, Fitbit, Health Connect) fills the check-in's sleep hours (and sleep quality
when the source scores it) of each day: days without a check-in get a new one through the same
writer as every import (``painwise.exchange.services.store_diary``); days that already have a
value keep the person's value unless they chose the file's (``replace``).

Between the preview and the confirmation nothing is stored on the server: the parsed nights travel
in the confirmation form as a sealed token (encrypted with the server's keys, signed, bound to the
person, valid for an hour), so there is no pending upload to clean up afterwards.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from dataclasses import replace as replace_fields
from typing import IO, TYPE_CHECKING, Any, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from painwise.accounts.services import local_today, user_zone
from painwise.core import crypto
from painwise.core.hooks import Notice, most_serious_first, notices_of
from painwise.core.versioning import EditConflictError, same
from painwise.diary.records import CHECKIN as CHECKIN_RECORD
from painwise.diary.services import (
    CHECKIN_FIELDS,
    CheckIn,
    checkins_on,
    episode_starts_between,
    prepare_checkin,
    quality_labels,
    region_labels,
    update_checkin,
)
from painwise.exchange.foreign import apple_health, bearable, fitbit, google_fit, health_connect, managemypain
from painwise.exchange.foreign.sleep import SleepNight
from painwise.exchange.formats import CheckinRecord, FormatError, ParsedDiary, Problem
from painwise.exchange.services import ImportRejectedError, ImportSummary, check_diary, field_problems, store_diary
from painwise.therapies.services import catalog, entries_taken_between

if TYPE_CHECKING:
    from painwise.core.types import User


SLEEP_FORMATS = {"apple-health": "Apple Health", "fitbit": "Fitbit", "health-connect": "Health Connect",
                 "google-fit": "Google Fit"}
LABEL_FORMATS = {"bearable": "Bearable", "managemypain": "Manage My Pain"}
FOREIGN_FORMATS = {**SLEEP_FORMATS, **LABEL_FORMATS}
TOKEN_SALT = "painwise.exchange.foreign"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 3600  # seconds a preview stays confirmable
Done = TypeVar("Done")  # what the importer's check or store gives back


@dataclass(frozen=True)
class SleepConflict:
    """A day whose check-in already has sleep: the person's values and the file's."""

    night: SleepNight
    hours: float | None
    quality: int | None


@dataclass
class SleepPlan:
    """What a sleep import would do: new check-ins, days already matching, and days to choose for."""

    nights: list[SleepNight]
    new: list[SleepNight] = field(default_factory=list)
    fill: list[SleepNight] = field(default_factory=list)  # a check-in without sleep: the file fills it
    same: list[SleepNight] = field(default_factory=list)
    conflicts: list[SleepConflict] = field(default_factory=list)


@dataclass
class SleepSummary:
    """What a sleep import stored."""

    created: int
    updated: int
    kept: int
    notices: list[Notice] = field(default_factory=list)

    def __str__(self) -> str:
        days = self.created + self.updated
        return ngettext("sleep for %(days)s day (%(created)s new check-ins, %(updated)s updated, %(kept)s kept as "
                        "you had them)",
                        "sleep for %(days)s days (%(created)s new check-ins, %(updated)s updated, %(kept)s kept as "
                        "you had them)", days) % {
            "days": days, "created": self.created, "updated": self.updated, "kept": self.kept}

    def counts(self) -> dict[str, int]:
        return {"checkin": self.created, "updated": self.updated, "kept": self.kept}


@contextmanager
def seekable(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """``stream`` itself when it can seek (zip files need it), else a spooled copy of it."""
    try:
        can_seek = stream.seekable()
    except (AttributeError, ValueError):
        can_seek = False
    # Only the question is guarded: an error of the reader inside must reach the caller as it is.
    if can_seek:
        yield stream
        return
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024**2) as copy:
        while chunk := stream.read(1 << 20):
            copy.write(chunk)
        copy.seek(0)
        yield copy


def read_sleep(*, user: User, stream: IO[bytes], fmt: str) -> list[SleepNight]:
    """Nights of sleep from an export in ``fmt`` (apple-health, fitbit, health-connect), in the person's zone.

    ImportRejectedError names each problem (line or record) when the file cannot be read.
    """
    today = local_today(user)
    try:
        with seekable(stream) as source:
            if fmt == "apple-health":
                return apple_health.read_nights(source, zone=user_zone(user), today=today)
            if fmt == "fitbit":
                return fitbit.read_nights(source, today=today, name=getattr(stream, "name", "file") or "file")
            if fmt == "google-fit":
                name = getattr(stream, "name", "file") or "file"
                return google_fit.read_nights(source, zone=user_zone(user), today=today, name=name)
            if fmt == "health-connect":
                return health_connect.read_nights(source, zone=user_zone(user), today=today)
    except FormatError as exc:
        raise ImportRejectedError(exc.problems) from None
    reason = gettext("%(format)r is not a sleep format; choose one of %(formats)s") % {
        "format": fmt, "formats": ", ".join(SLEEP_FORMATS)}
    raise ImportRejectedError([Problem("format", "", reason)])


def plan_sleep(*, user: User, nights: list[SleepNight]) -> SleepPlan:
    """Sort the nights into new check-ins, check-ins to fill, days already the same, and conflicts."""
    existing = checkins_on(user=user, days=[n.day for n in nights])
    plan = SleepPlan(nights)
    for night in nights:
        checkin = existing.get(night.day)
        if checkin is None:
            plan.new.append(night)
        elif checkin.sleep_hours is None and (night.quality is None or checkin.sleep_quality is None):
            plan.fill.append(night)
        elif _same(checkin, night):
            plan.same.append(night)
        else:
            plan.conflicts.append(SleepConflict(night, checkin.sleep_hours, checkin.sleep_quality))
    return plan


def check_sleep(*, user: User, plan: SleepPlan) -> None:
    """Validate the check-ins a sleep import would make as the import itself does, storing nothing
    (ImportRejectedError names each problem). For dry runs."""
    check_diary(user=user, diary=_new_checkins(plan))


def _new_checkins(plan: SleepPlan) -> ParsedDiary:
    return ParsedDiary(checkins=[CheckinRecord(n.day, **_sleep_values(n), where=n.where) for n in plan.new])


def _same(checkin: CheckIn, night: SleepNight) -> bool:
    hours_same = checkin.sleep_hours is not None and abs(checkin.sleep_hours - night.hours) < 0.05
    return hours_same and (night.quality is None or checkin.sleep_quality == night.quality)


def _sleep_values(night: SleepNight) -> dict[str, Any]:
    values: dict[str, Any] = {"sleep_hours": night.hours}
    if night.quality is not None:
        values["sleep_quality"] = night.quality
    return values


def apply_sleep(*, user: User, nights: list[SleepNight], replace: set[dt.date] | bool = False) -> SleepSummary:
    """Store the nights all or nothing; ``replace``: days (or all, True) where the file's value wins.

    New days become check-ins holding only sleep; check-ins without sleep are filled; a day whose
    check-in already has a different value keeps it unless it is in ``replace``.
    """
    plan = plan_sleep(user=user, nights=nights)
    chosen = [c.night for c in plan.conflicts if replace is True or (replace and c.night.day in replace)]
    updates = [*plan.fill, *chosen]
    problems: list[Problem] = []
    with transaction.atomic():
        summary = store_diary(user=user, diary=_new_checkins(plan)) if plan.new else None
        checkins = checkins_on(user=user, days=[n.day for n in updates])
        for night in updates:
            try:
                update_checkin(checkin=checkins[night.day], values=_sleep_values(night))
            except ValidationError as exc:
                problems.extend(Problem(night.where, "", m) for m in exc.messages)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportRejectedError(problems)
    kept = len(plan.conflicts) - len(chosen)
    return SleepSummary(len(plan.new), len(updates), kept, summary.notices if summary else [])


# ---------------------------------------------------------------- the preview's sealed token


def seal(*, user: User, payload: Any) -> str:
    """``payload`` (JSON-ready) encrypted and signed for ``user``, to come back with the confirmation."""
    # Compressed before it is encrypted (ciphertext does not compress): a year of Bearable rows stays small.
    packed = base64.b64encode(zlib.compress(json.dumps(payload).encode("utf-8"), 9)).decode("ascii")
    return signing.dumps({"user": user.pk, "data": crypto.encrypt(packed)}, salt=TOKEN_SALT)


def unseal(*, user: User, token: str) -> Any:
    """The payload sealed for ``user``; ValidationError when it is not theirs, altered or over an hour old."""
    try:
        sealed = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            {"token": gettext("This preview is over an hour old; please upload the file again.")}
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            {"token": gettext("This preview cannot be confirmed; please upload the file again.")}
        ) from None
    if sealed.get("user") != user.pk:
        raise ValidationError({"token": gettext("This preview cannot be confirmed; please upload the file again.")})
    return json.loads(zlib.decompress(base64.b64decode(crypto.decrypt(sealed["data"]))))


def nights_payload(nights: list[SleepNight]) -> list[dict[str, Any]]:
    return [{**asdict(n), "day": n.day.isoformat()} for n in nights]


def nights_from_payload(payload: list[dict[str, Any]]) -> list[SleepNight]:
    return [SleepNight(dt.date.fromisoformat(n["day"]), float(n["hours"]), n["quality"], n["where"]) for n in payload]


# ---------------------------------------------------------------- Bearable


@dataclass
class LabelChoice:
    """A label of the file, how many rows use it, and where it goes (target and its words)."""

    category: str
    label: str
    rows: int
    target: str
    target_text: str

    @property
    def key(self) -> str:
        return f"{self.category}:{self.label}"


@dataclass
class BearablePreview:
    """What a Bearable import would create under the chosen mapping."""

    rows: list[bearable.Row]
    labels: list[LabelChoice]
    mapping: dict[str, str]
    diary: ParsedDiary
    skipped: dict[str, int]

    def describe(self) -> str:
        d = self.diary
        return gettext("%(checkins)s check-ins, %(entries)s therapy entries, %(factors)s own factors and "
                       "%(medications)s medications from %(rows)s rows") % {
            "checkins": len(d.checkins), "entries": len(d.entries), "factors": len(d.custom_factors),
            "medications": len(d.medications), "rows": len(self.rows)}


def therapy_choices() -> dict[str, str]:
    """Catalogue therapies a label can map to (those that need no further details), slug -> name."""
    return {slug: m.name for slug, m in catalog().items()
            if slug not in ("custom", "medication") and not any(f.required for f in m.fields)}


def target_choices(category: str) -> list[tuple[str, str]]:
    """(target, words) a label of ``category`` may map to."""
    skip = gettext("Skip it")
    choices = [(bearable.SKIP, skip), (bearable.FACTOR, gettext("An own factor (yes/no)"))]
    if category == "Symptom":
        choices.insert(1, (bearable.PAIN, gettext("Pain (average pain of the day)")))
    if category in ("Meds/Supplements", "Medication"):
        choices.insert(1, (bearable.MEDICATION, gettext("A medication on my list")))
    if category == "Body location":
        return [(bearable.SKIP, skip), *managemypain.region_targets(region_labels()).items()]
    if category == "Characteristic":
        return [(bearable.SKIP, skip),
                *((f"{managemypain.QUALITY}{q}", text) for q, text in quality_labels().items())]
    if category == "Aggravating factor":
        return choices
    choices += [(f"therapy:{slug}", gettext("Therapy: %(name)s") % {"name": name})
                for slug, name in therapy_choices().items()]
    return choices


def read_mapping(data: bytes | str) -> dict[str, str]:
    """A mapping file: a JSON object of "Category:label" -> target; ValidationError when it is not one."""
    try:
        mapping = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError({"mapping": gettext("is not valid JSON (%(exc)s)") % {"exc": exc}}) from None
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise ValidationError(
            {"mapping": gettext('must be a JSON object such as {"Factors:Yoga": "therapy:exercise"}')}
        )
    return mapping


def _check_mapping(labels: list[bearable.Label], mapping: dict[str, str]) -> None:
    known = {label.key: label for label in labels}
    problems = []
    for key, target in mapping.items():
        if key not in known:
            problems.append(Problem("mapping", key, gettext("is not a label of this file")))
        elif target not in dict(target_choices(known[key].category)):
            problems.append(Problem("mapping", key, gettext("%(target)s is not a target this label can map to")
                                    % {"target": repr(target)}))
    if problems:
        raise ImportRejectedError(problems)


def bearable_preview(*, user: User, rows: list[bearable.Row], mapping: dict[str, str]) -> BearablePreview:
    """The preview for parsed rows and the person's mapping (labels not in it take the suggestion)."""
    labels = bearable.labels_of(rows, therapy_choices())
    _check_mapping(labels, mapping)
    final = {label.key: mapping.get(label.key, label.suggestion) for label in labels}
    words = {label.category: dict(target_choices(label.category)) for label in labels}
    choices = [LabelChoice(lab.category, lab.label, lab.rows, final[lab.key], words[lab.category][final[lab.key]])
               for lab in labels]
    diary = bearable.to_diary(rows, final, zone=user_zone(user))
    return BearablePreview(rows, choices, final, diary, bearable.skipped_categories(rows))


def read_bearable(*, user: User, stream: IO[bytes]) -> list[bearable.Row]:
    """The rows of a Bearable CSV; ImportRejectedError naming each bad line."""
    try:
        return bearable.read_rows(stream, today=local_today(user))
    except FormatError as exc:
        raise ImportRejectedError(exc.problems) from None


def preview_bearable(*, user: User, stream: IO[bytes], mapping: dict[str, str]) -> BearablePreview:
    """Read a Bearable CSV and preview it under ``mapping``."""
    return bearable_preview(user=user, rows=read_bearable(user=user, stream=stream), mapping=mapping)


# ---------------------------------------------------------------- days already in the diary


@dataclass(frozen=True)
class DayOverlap:
    """A day of the file that already has a check-in: the file's values for the fields the check-in left
    empty (``fill``) and for those where it holds another value (``change``)."""

    checkin: CheckIn
    where: str
    fill: dict[str, Any]
    change: dict[str, Any]

    @property
    def day(self) -> dt.date:
        return self.checkin.day

    def fill_labels(self) -> str:
        """The fields the file fills, in words (for the preview)."""
        return _labels(self.fill)

    def change_labels(self) -> str:
        """The fields where the file has another value, in words (for the preview)."""
        return _labels(self.change)

    def values(self, replace: bool) -> dict[str, Any]:
        """What the check-in takes from the file: the empty fields only, or (``replace``) every field the file has."""
        return {**self.fill, **self.change} if replace else dict(self.fill)


@dataclass
class LabelPlan:
    """What storing a Bearable or Manage My Pain preview does to this diary.

    ``diary``: what is new (check-ins of days without one, flares and therapy entries not already
    logged); ``overlaps``: the file's days that already have a check-in; ``duplicates``: flares and
    entries the diary already holds (same start, or same therapy at the same time), left out.
    """

    diary: ParsedDiary
    overlaps: list[DayOverlap]
    duplicates: int
    days: int  # the file's days (check-ins) in all

    def chosen(self, replace: set[dt.date] | bool) -> list[tuple[DayOverlap, dict[str, Any]]]:
        """(day, values to write) for the overlapping days that take something from the file."""
        picked = [(o, o.values(replace is True or bool(replace and o.day in replace))) for o in self.overlaps]
        return [(overlap, values) for overlap, values in picked if values]


@dataclass
class LabelSummary:
    """What a Bearable or Manage My Pain import stored: the new records, the days already in the diary that
    took values from the file (``updated``) or stayed as they were (``kept``), the duplicates left out."""

    stored: ImportSummary
    updated: int
    kept: int
    duplicates: int
    notices: list[Notice] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [str(self.stored)] if any(self.stored.counts.values()) or not (self.updated or self.kept) else []
        if self.updated:
            parts.append(ngettext("%(count)s day already in your diary completed from the file",
                                  "%(count)s days already in your diary completed from the file",
                                  self.updated) % {"count": self.updated})
        if self.kept:
            parts.append(ngettext("%(count)s day already in your diary kept as it was",
                                  "%(count)s days already in your diary kept as they were",
                                  self.kept) % {"count": self.kept})
        if self.duplicates:
            parts.append(ngettext("%(count)s flare or therapy entry already in your diary not added again",
                                  "%(count)s flares or therapy entries already in your diary not added again",
                                  self.duplicates) % {"count": self.duplicates})
        return ", ".join(parts)

    @property
    def counts(self) -> dict[str, int]:
        return {**self.stored.counts, "updated": self.updated, "kept": self.kept, "duplicate": self.duplicates}


def _labels(values: dict[str, Any]) -> str:
    words = {f.name: f.label for f in CHECKIN_RECORD}
    return ", ".join(gettext(words[name]) for name in values)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def _overlap(checkin: CheckIn, record: CheckinRecord) -> DayOverlap:
    theirs = {name: getattr(record, name) for name in CHECKIN_FIELDS if not _empty(getattr(record, name))}
    fill = {name: value for name, value in theirs.items() if _empty(getattr(checkin, name))}
    change = {name: value for name, value in theirs.items()
              if name not in fill and not same(getattr(checkin, name), value)}
    return DayOverlap(checkin, record.where, fill, change)


def _entry_key(modality: str, taken_at: dt.datetime, medication: str | None, factor: str | None) -> tuple[Any, ...]:
    return (modality, taken_at.astimezone(dt.UTC), (medication or "").casefold(), (factor or "").casefold())


def plan_labels(*, user: User, diary: ParsedDiary) -> LabelPlan:
    """Sort a mapped file's records into what is new, the days already in the diary, and duplicates."""
    existing = checkins_on(user=user, days=[r.day for r in diary.checkins])
    new = [r for r in diary.checkins if r.day not in existing]
    overlaps = [_overlap(existing[r.day], r) for r in diary.checkins if r.day in existing]
    episodes, entries = diary.episodes, diary.entries
    if episodes:
        starts = [e.started_at for e in episodes]
        logged = {s.astimezone(dt.UTC) for s in episode_starts_between(user=user, start=min(starts), end=max(starts))}
        episodes = [e for e in episodes if e.started_at.astimezone(dt.UTC) not in logged]
    if entries:
        times = [e.taken_at for e in entries]
        taken = {_entry_key(e.modality, e.taken_at, e.medication.name if e.medication else None,
                            e.factor.name if e.factor else None)
                 for e in entries_taken_between(user=user, start=min(times), end=max(times))}
        names = {m.key: m.name for m in diary.medications}
        entries = [e for e in entries
                   if _entry_key(e.modality, e.taken_at, names.get(e.medication or "", e.medication), e.factor)
                   not in taken]
    duplicates = len(diary.episodes) - len(episodes) + len(diary.entries) - len(entries)
    # Own factors and medications are made for their entries: those whose entries are all in the diary already
    # stay out, so a second import of a file does not claim to have brought them in.
    used_factors = {e.factor.casefold() for e in entries if e.factor}
    used_medications = {e.medication for e in entries if e.medication}
    factors = [f for f in diary.custom_factors if f.name.casefold() in used_factors]
    medications = [m for m in diary.medications if m.key in used_medications]
    new_diary = replace_fields(diary, checkins=new, episodes=episodes, entries=entries, custom_factors=factors,
                               medications=medications)
    return LabelPlan(new_diary, overlaps, duplicates, len(diary.checkins))


def _update_problems(*, user: User, chosen: list[tuple[DayOverlap, dict[str, Any]]]) -> list[Problem]:
    """Each refusal the diary's own validation gives the days' check-ins as they would become (nothing saved)."""
    problems: list[Problem] = []
    for overlap, values in chosen:
        merged = {name: getattr(overlap.checkin, name) for name in CHECKIN_FIELDS} | values
        try:
            prepare_checkin(user=user, day=overlap.day, values=merged)
        except ValidationError as exc:
            problems.extend(field_problems(overlap.where, exc))
    return problems


def _new_records_then(
    run: Callable[..., Done], *, user: User, preview: BearablePreview | ManageMyPainPreview,
    replace: set[dt.date] | bool,
) -> tuple[LabelPlan, list[tuple[DayOverlap, dict[str, Any]]], Done]:
    """Sort the preview's records (``plan_labels``), ``run`` the importer's check or store on the new ones, and
    refuse with every problem at once: the new records' and the changed days'. The dry run and the import both
    come through here, so the one refuses exactly what the other would."""
    plan = plan_labels(user=user, diary=preview.diary)
    chosen = plan.chosen(replace)
    problems = _update_problems(user=user, chosen=chosen)
    try:
        done = run(user=user, diary=plan.diary)
    except ImportRejectedError as exc:
        raise ImportRejectedError([*exc.problems, *problems]) from None
    if problems:
        raise ImportRejectedError(problems)
    return plan, chosen, done


def check_preview(*, user: User, preview: BearablePreview | ManageMyPainPreview,
                  replace: set[dt.date] | bool = False) -> dict[str, int]:
    """What storing the preview would store, counted by kind, after the same validation as the import
    (the days already in the diary as they would become included); nothing is written.
    ImportRejectedError names each problem."""
    plan, chosen, counts = _new_records_then(check_diary, user=user, preview=preview, replace=replace)
    return {**counts, "updated": len(chosen), "kept": len(plan.overlaps) - len(chosen), "duplicate": plan.duplicates}


def store_preview(*, user: User, preview: BearablePreview | ManageMyPainPreview,
                  replace: set[dt.date] | bool = False) -> LabelSummary:
    """Store the previewed diary, all or nothing, through the writer every import uses.

    Days that already have a check-in are not refused: by default they keep the person's values and
    take the file's only for the fields left empty; ``replace`` (those days, or all of them: True) takes
    every value the file has for them. Each is saved by the diary's own ``update_checkin`` with the
    version it was read at, so a check-in edited meanwhile refuses the whole file. Flares and therapy
    entries the diary already holds are not added again.
    """
    with transaction.atomic():
        # a refusal leaves the block, which undoes what store_diary wrote
        plan, chosen, stored = _new_records_then(store_diary, user=user, preview=preview, replace=replace)
        problems: list[Problem] = []
        notices = list(stored.notices)
        for overlap, values in chosen:
            try:
                saved = update_checkin(checkin=overlap.checkin, values=values, version=overlap.checkin.version)
            except EditConflictError:
                problems.append(Problem(overlap.where, "day", gettext(
                    "the check-in of %(day)s changed while the file was being imported; nothing was imported, "
                    "please try again") % {"day": overlap.day.isoformat()}))
                continue
            except ValidationError as exc:
                problems.extend(field_problems(overlap.where, exc))
                continue
            notices.extend(notices_of(saved))
        if problems:
            raise ImportRejectedError(problems)
    kept = len(plan.overlaps) - len(chosen)
    return LabelSummary(stored, len(chosen), kept, plan.duplicates, most_serious_first(notices))


def rows_payload(rows: list[bearable.Row]) -> list[list[Any]]:
    return [[r.line, r.day.isoformat(), r.time_of_day, r.category, r.value, r.detail, r.notes] for r in rows]


def rows_from_payload(payload: list[list[Any]]) -> list[bearable.Row]:
    return [bearable.Row(line, dt.date.fromisoformat(day), time, category, value, detail, notes)
            for line, day, time, category, value, detail, notes in payload]


# ---------------------------------------------------------------- Manage My Pain


@dataclass
class ManageMyPainPreview:
    """What a Manage My Pain import would create under the chosen mapping."""

    records: list[managemypain.Record]
    labels: list[LabelChoice]
    mapping: dict[str, str]
    diary: ParsedDiary
    skipped: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        d = self.diary
        return ngettext(
            "%(checkins)s check-ins, %(flares)s flare, %(entries)s therapy entries, %(factors)s own factors and "
            "%(medications)s medications from %(records)s pain records",
            "%(checkins)s check-ins, %(flares)s flares, %(entries)s therapy entries, %(factors)s own factors and "
            "%(medications)s medications from %(records)s pain records", len(d.episodes)) % {
            "checkins": len(d.checkins), "flares": len(d.episodes), "entries": len(d.entries),
            "factors": len(d.custom_factors), "medications": len(d.medications), "records": len(self.records)}


def read_managemypain(*, user: User, stream: IO[bytes]) -> list[managemypain.Record]:
    """The pain records of a Manage My Pain export (CSV or .xlsx); ImportRejectedError naming each bad line."""
    try:
        with seekable(stream) as source:
            return managemypain.read_records(source, today=local_today(user))
    except FormatError as exc:
        raise ImportRejectedError(exc.problems) from None


def managemypain_preview(*, user: User, records: list[managemypain.Record],
                         mapping: dict[str, str]) -> ManageMyPainPreview:
    """The preview for parsed records and the person's mapping (labels not in it take the suggestion)."""
    regions = region_labels()
    labels = managemypain.labels_of(records, therapies=therapy_choices(), regions=regions,
                                    qualities=quality_labels())
    _check_mapping(labels, mapping)
    final = {label.key: mapping.get(label.key, label.suggestion) for label in labels}
    words = {label.category: dict(target_choices(label.category)) for label in labels}
    choices = [LabelChoice(lab.category, lab.label, lab.rows, final[lab.key], words[lab.category][final[lab.key]])
               for lab in labels]
    diary = managemypain.to_diary(records, final, zone=user_zone(user), regions=regions)
    return ManageMyPainPreview(records, choices, final, diary)


def preview_managemypain(*, user: User, stream: IO[bytes], mapping: dict[str, str]) -> ManageMyPainPreview:
    """Read a Manage My Pain export and preview it under ``mapping``."""
    return managemypain_preview(user=user, records=read_managemypain(user=user, stream=stream), mapping=mapping)


def records_payload(records: list[managemypain.Record]) -> list[list[Any]]:
    return [[r.line, r.at.isoformat(), r.severity, list(r.locations), list(r.characteristics), list(r.aggravating),
             list(r.alleviating), list(r.medications), r.notes] for r in records]


def records_from_payload(payload: list[list[Any]]) -> list[managemypain.Record]:
    return [managemypain.Record(line, dt.datetime.fromisoformat(at), float(severity), tuple(locations),
                                tuple(characteristics), tuple(aggravating), tuple(alleviating), tuple(medications),
                                notes)
            for line, at, severity, locations, characteristics, aggravating, alleviating, medications, notes in payload]


def preview_labels(*, user: User, fmt: str, stream: IO[bytes],
                   mapping: dict[str, str]) -> BearablePreview | ManageMyPainPreview:
    """Read a file of a format whose labels the person maps (bearable, managemypain) and preview it."""
    if fmt == "managemypain":
        return preview_managemypain(user=user, stream=stream, mapping=mapping)
    return preview_bearable(user=user, stream=stream, mapping=mapping)
