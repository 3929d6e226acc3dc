"""Edits that change only what the person changed, and notice when someone else changed the same field.

Every editable record carries ``version`` (1 when created, +1 on every save) and ``field_versions``
(field name -> the version that last changed it). An edit names the version it started from:

- a form also carries the values it was rendered with (``base``, signed), so the fields the person
  changed are exactly those that differ from ``base``, and a field counts as changed by someone else
  when the saved value differs from ``base``;
- an API PATCH sends only the fields it changes; a field counts as changed by someone else when
  ``field_versions`` says it changed after the version the client read.

When the same field was changed by someone else *to a different value*, nothing is saved and
``EditConflictError`` lists each such field with both values; otherwise only the changed columns
are written (``save(update_fields=...)``) with the row locked, so edits of different fields of the
same record made at the same moment both survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core import signing
from django.db import models, transaction
from django.utils.translation import gettext, gettext_lazy

from painwise.core.fields import fill_blind_indexes

M = TypeVar("M", bound=models.Model)

SALT = "painwise.versioning.base"
# Fields the bookkeeping itself writes; never compared as the person's changes.
BOOKKEEPING = ("version", "field_versions")


class Versioned(models.Model):
    """Abstract base of every record a person can edit: a version number and per-field versions."""

    version = models.PositiveIntegerField(default=1, editable=False,
                                          help_text=gettext_lazy("1 when created, one more on every save."))
    field_versions = models.JSONField(default=dict, blank=True, editable=False,
                                      help_text=gettext_lazy("Field name -> the version that last changed it."))

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Conflict:
    """One field changed both by this edit and, differently, by someone else since the edit began."""

    field: str
    yours: Any
    current: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "yours": plain(self.yours), "current": plain(self.current)}


class EditConflictError(Exception):
    """The record changed meanwhile in a field this edit changes too; nothing was saved."""

    def __init__(self, conflicts: list[Conflict], *, version: int, record: models.Model) -> None:
        self.conflicts = conflicts
        self.version = version
        self.record = record
        names = ", ".join(c.field for c in conflicts)
        super().__init__(f"Changed meanwhile by someone else: {names}.")

    def as_dict(self) -> dict[str, Any]:
        """The API's 409 body: the first conflict at the top level, every one in ``conflicts``."""
        first = self.conflicts[0].as_dict()
        return {
            "detail": f"{self} Nothing was saved. Send the fields again with \"version\": {self.version} "
                      "to keep yours, or leave them out to keep the current values.",
            **first, "version": self.version, "conflicts": [c.as_dict() for c in self.conflicts],
        }


def plain(value: Any, *, minutes: bool = False) -> Any:
    """A JSON-safe form of a field value for comparing and showing: records -> id, times -> UTC ISO.

    ``minutes=True`` drops the seconds of times, as a form shows them (``datetime-local`` inputs).
    """
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC) if value.tzinfo else value
        moment = moment.replace(second=0, microsecond=0) if minutes else moment.replace(microsecond=0)
        return moment.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v, minutes=minutes) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, minutes=minutes) for v in value]
    return value


def same(a: Any, b: Any, *, minutes: bool = False) -> bool:
    """Whether two field values are the same once made plain (7 == 7.0; equal instants in any zone)."""
    return bool(plain(a, minutes=minutes) == plain(b, minutes=minutes))


def _column_values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


def _conflicts(fresh: M, values: dict[str, Any], version: int, base: dict[str, Any] | None) -> list[Conflict]:
    found = []
    for name, yours in values.items():
        current = getattr(fresh, name)
        if same(current, yours):
            continue
        if base is not None:
            changed_by_other = name in base and not same(current, base[name], minutes=True)
        else:
            changed_by_other = fresh.field_versions.get(name, 1) > version  # type: ignore[attr-defined]
        if changed_by_other:
            found.append(Conflict(name, yours, current))
    return found


def _keep_related(obj: models.Model, fresh: models.Model) -> None:
    """Give ``fresh`` the related rows ``obj`` already holds (its owner, most often) where it points at the same
    rows, so the checks run after saving do not read them again."""
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or not field.is_cached(obj):
            continue
        if getattr(obj, field.attname) == getattr(fresh, field.attname):
            field.set_cached_value(fresh, field.get_cached_value(obj))


def save_changes(
    obj: M, *, values: dict[str, Any], version: int | None = None, base: dict[str, Any] | None = None,
    validate: Callable[[M], None],
) -> M:
    """Apply ``values`` (only the fields the person changed) to the latest saved copy of ``obj``.

    The row is locked for the transaction (PostgreSQL ``SELECT ... FOR UPDATE``; SQLite transactions
    here take the write lock at their start), ``validate(record)`` checks the result (raise
    ValidationError), and only the columns that changed are written. With ``version`` given, a field
    that someone else changed since then to another value raises EditConflictError and saves nothing.
    Returns the saved record (a fresh instance; ``obj`` itself is left as it was).
    """
    with transaction.atomic():
        fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        _keep_related(obj, fresh)
        if version is not None and fresh.version != version:  # type: ignore[attr-defined]
            conflicts = _conflicts(fresh, values, version, base)
            if conflicts:
                raise EditConflictError(conflicts, version=fresh.version, record=fresh)  # type: ignore[attr-defined]
        before = _column_values(fresh)
        for name, value in values.items():
            setattr(fresh, name, value)
        validate(fresh)
        fill_blind_indexes(fresh)  # an index column written with update_fields must be current too
        after = _column_values(fresh)
        changed = [f.name for f in fresh._meta.concrete_fields
                   if not f.primary_key and not same(before[f.attname], after[f.attname])]
        if not changed:
            return fresh
        fresh.version += 1  # type: ignore[attr-defined]
        fresh.field_versions = {**fresh.field_versions, **dict.fromkeys(changed, fresh.version)}  # type: ignore[attr-defined]
        auto_now = [f.name for f in fresh._meta.concrete_fields if getattr(f, "auto_now", False)]
        fresh.save(update_fields=[*changed, *BOOKKEEPING, *auto_now])
        return fresh


# ---------------------------------------------------------------- forms


def sign_base(values: dict[str, Any]) -> str:
    """The values a form was rendered with, signed so a page cannot claim another starting point."""
    return signing.dumps(plain(values, minutes=True), salt=SALT, compress=True)


def read_base(token: str) -> dict[str, Any] | None:
    """The values a form was rendered with, or None when the token is missing or was tampered with."""
    try:
        values = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return values if isinstance(values, dict) else None


class EditGuardForm(forms.Form):
    """Hidden ``version`` and ``base`` fields for edit forms, and the person's answer to a conflict.

    ``guard(record, values)`` fills them when the form is shown; ``changes(values)`` gives what the
    person changed (fields that differ from what the form showed), minus the conflicting fields for
    which they chose to keep the saved value (``keep_<field>=current``).
    """

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    base = forms.CharField(required=False, widget=forms.HiddenInput)

    def guard(self, record: models.Model, values: dict[str, Any]) -> None:
        self.initial["version"] = record.version  # type: ignore[attr-defined]
        self.initial["base"] = sign_base(values)
        self.fields["version"].initial = self.initial["version"]
        self.fields["base"].initial = self.initial["base"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("base") and read_base(data["base"]) is None:
            raise forms.ValidationError(gettext("This form was changed or is too old to save; please reload the page."))
        return data

    def edit_basis(self) -> tuple[int | None, dict[str, Any] | None]:
        """(version the form was rendered from, values it was rendered with); None when not guarded."""
        base = read_base(self.cleaned_data.get("base") or "")
        return (self.cleaned_data.get("version") if base is not None else None), base

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        """The entries of ``values`` the person changed, without the conflicts they settled as 'current'."""
        _, base = self.edit_basis()
        if base is None:
            return values
        return {
            name: value for name, value in values.items()
            if not (name in base and same(value, base[name], minutes=True))
            and self.data.get(f"keep_{name}") != "current"
        }


def with_changes(record: M, values: dict[str, Any], names: Iterable[str]) -> M:
    """An unsaved copy of ``record`` showing ``values`` (to re-show a form over the latest saved copy)."""
    copy = type(record)._default_manager.get(pk=record.pk)
    for name in names:
        if name in values:
            setattr(copy, name, values[name])
    return copy


def shown(value: Any) -> str:
    """A field value as a person reads it in the conflict box (lists joined, times local, empty said)."""
    from django.utils import timezone

    if value is None or value in ("", [], {}):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {shown(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def describe_conflicts(exc: EditConflictError, form: forms.Form, labels: dict[str, str] | None = None
                       ) -> list[dict[str, str]]:
    """The conflicts of ``exc`` for the form's conflict box: field, label, yours, current (as text)."""
    labels = labels or {}

    def label(name: str) -> str:
        field = form.fields.get(name)
        return labels.get(name) or (str(field.label) if field and field.label else name.replace("_", " ").capitalize())

    return [{"field": c.field, "label": label(c.field), "yours": shown(c.yours), "current": shown(c.current)}
            for c in exc.conflicts]
