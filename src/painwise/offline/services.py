"""Receiving entries queued on a device while offline: each saved once, none overwriting another.

A device sends each queued form with the id it made for it. ``receive_entry`` claims (person, id) in
the same transaction that saves the entry, so a retried or doubled send finds the claim and saves
nothing again. An offline check-in for a day that got a check-in meanwhile is not saved over it: it is
held, with its form fields, until the person has seen both and chosen (``combine_with_saved``,
``replace_with_offline`` or ``discard_entry``). So is an entry the form refuses, or an edit that meets a
change made elsewhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from painwise.core.versioning import sign_base
from painwise.diary import services as diary
from painwise.offline.models import OfflineEntry

if TYPE_CHECKING:
    from painwise.core.types import User


Fields = list[list[str]]
# Sends form fields to the entry's own form and returns the HTTP status of its answer: a redirect
# (301-303) means saved; 409 a change made elsewhere; anything else a refusal (the form's errors).
Attempt = Callable[[Fields], int]
SAVED_STATUSES = frozenset({301, 302, 303})
# Form fields never kept: the page's anti-forgery token is renewed at every send.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})
Status = OfflineEntry.Status
Reason = OfflineEntry.Reason


@dataclass(frozen=True)
class Outcome:
    """What became of a sent entry: its record, and whether this id had been received before."""

    entry: OfflineEntry
    repeated: bool = False

    @property
    def status(self) -> str:
        return str(self.entry.status)


def kept_fields(fields: Fields) -> Fields:
    """The form fields worth keeping: [name, value] pairs without the anti-forgery token."""
    return [[str(name), str(value)] for name, value in fields if name not in NOT_KEPT]


def field_value(fields: Fields, name: str) -> str:
    return next((value for key, value in fields if key == name), "")


def receive_entry(
    *, user: User, client_id: uuid.UUID, kind: str, path: str, fields: Fields, attempt: Attempt,
    day: dt.date | None = None, logged_at: dt.datetime | None = None,
) -> Outcome:
    """Save one offline entry exactly once, or hold it for the person's choice.

    ``fields`` are the form's [name, value] pairs, ``day`` the day of a check-in. Returns the outcome;
    a second call with the same ``client_id`` saves nothing and reports the first outcome (repeated).
    """
    fields = kept_fields(fields)
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry = OfflineEntry.objects.create(user=user, client_id=client_id, kind=kind, path=path,
                                                    logged_at=logged_at)
        except IntegrityError:  # received before (or being received right now: the claim waited for it)
            return Outcome(OfflineEntry.objects.get(user=user, client_id=client_id), repeated=True)
        reason = Reason.SAME_DAY if _meets_a_newer_checkin(user, kind, day, fields) else _try(attempt, fields)
        if reason:
            _hold(entry, reason, fields)
        return Outcome(entry)


def _meets_a_newer_checkin(user: User, kind: str, day: dt.date | None, fields: Fields) -> bool:
    """A new check-in (its form showed no saved one: no version) for a day that has one on the server now."""
    if kind != OfflineEntry.Kind.CHECKIN or day is None or field_value(fields, "version"):
        return False
    return diary.checkin_for_day(user=user, day=day) is not None


def _try(attempt: Attempt, fields: Fields) -> str:
    """Send the fields to the form; on anything but a save, undo what it did and say why (a Reason)."""
    savepoint = transaction.savepoint()
    status = attempt(fields)
    if status in SAVED_STATUSES:
        transaction.savepoint_commit(savepoint)
        return ""
    transaction.savepoint_rollback(savepoint)
    return Reason.CHANGED if status == 409 else Reason.INVALID


def _hold(entry: OfflineEntry, reason: str, fields: Fields) -> None:
    entry.status, entry.reason, entry.payload = Status.HELD, reason, fields
    entry.save(update_fields=["status", "reason", "payload"])


def _settle(entry: OfflineEntry, status: str) -> OfflineEntry:
    """Leave the held state: the form fields are forgotten, the id stays (a late resend saves nothing)."""
    entry.status, entry.reason, entry.payload = status, Reason.NONE, []
    entry.save(update_fields=["status", "reason", "payload"])
    return entry


def held_entries(*, user: User) -> list[OfflineEntry]:
    """The person's offline entries waiting for a choice, oldest first."""
    return list(OfflineEntry.objects.filter(user=user, status=Status.HELD).order_by("received_at", "pk"))


def discard_entry(*, entry: OfflineEntry) -> OfflineEntry:
    """Keep what is saved and drop the held offline copy."""
    return _settle(entry, Status.DISCARDED)


@transaction.atomic
def send_again(*, entry: OfflineEntry, fields: Fields, attempt: Attempt) -> bool:
    """Send a held entry (as the person corrected it in its form) once more; True when it was saved."""
    locked = OfflineEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != Status.HELD:
        return bool(locked.status == Status.SAVED)
    fields = kept_fields(fields)
    if _meets_a_newer_checkin(locked.user, locked.kind, checkin_day(locked.path), fields):
        _hold(locked, Reason.SAME_DAY, fields)  # checked in meanwhile: never saved over it, shown side by side
        return False
    if reason := _try(attempt, fields):
        _hold(locked, reason, fields)  # the person's corrections are kept for the next try
        return False
    _settle(locked, Status.SAVED)
    return True


def replace_with_offline(*, entry: OfflineEntry, attempt: Attempt) -> bool:
    """Put a held offline check-in in place of the one saved meanwhile (the person chose it); True when saved.

    Every field becomes what the offline form said: a field left empty offline is emptied.
    """
    saved = saved_checkin(entry)
    if saved is None:  # deleted meanwhile: the offline one is simply new
        return send_again(entry=entry, fields=entry.payload, attempt=attempt)
    current = {name: getattr(saved, name) for name in diary.CHECKIN_FIELDS}
    return send_again(entry=entry, fields=_edit_of(saved, entry.payload, current), attempt=attempt)


def combine_with_saved(*, entry: OfflineEntry, attempt: Attempt) -> bool:
    """Add a held offline check-in to the one saved meanwhile (the person chose it); True when saved.

    What was answered offline replaces the saved answer; what was left empty offline keeps the saved value.
    """
    saved = saved_checkin(entry)
    if saved is None:
        return send_again(entry=entry, fields=entry.payload, attempt=attempt)
    blank = type(saved)()  # the values of a check-in with nothing answered
    empty = {name: getattr(blank, name) for name in diary.CHECKIN_FIELDS}
    return send_again(entry=entry, fields=_edit_of(saved, entry.payload, empty), attempt=attempt)


def _edit_of(saved: Any, fields: Fields, base: dict[str, Any]) -> Fields:
    """The offline form's fields as an edit of ``saved`` at its current version, starting from ``base``.

    The form changes exactly the fields whose value differs from ``base``; at the current version no
    field counts as changed by someone else, so the person's choice is applied as made.
    """
    edit = [pair for pair in fields if pair[0] not in ("version", "base")]
    return [*edit, ["version", str(saved.version)], ["base", sign_base(base)]]


def saved_checkin(entry: OfflineEntry) -> Any:
    """The check-in saved on the server for the day of a held offline check-in (None when there is none)."""
    day = checkin_day(entry.path)
    return diary.checkin_for_day(user=entry.user, day=day) if day else None


def checkin_day(path: str) -> dt.date | None:
    """The day in a check-in form's address (/checkin/2026-11-28/), or None."""
    try:
        return dt.date.fromisoformat(path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None
