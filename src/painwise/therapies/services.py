"""Therapy services: log entries (validated against the catalog), the medication list, own factors."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from painwise.accounts.services import local_date, local_today
from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice, registry, run_checks
from painwise.core.validators import validate_not_after_tomorrow
from painwise.core.versioning import save_changes
from painwise.therapies import records
from painwise.therapies.catalog import catalog as catalog
from painwise.therapies.catalog import check_amount as check_amount
from painwise.therapies.catalog import choice_label as choice_label
from painwise.therapies.catalog import clean_details as clean_details
from painwise.therapies.catalog import get_modality as get_modality
from painwise.therapies.catalog import repeatable_details

# The record classes, handed out for type annotations and the bulk writers of other domains (import, demo).
from painwise.therapies.models import CustomFactor as CustomFactor
from painwise.therapies.models import Medication as Medication
from painwise.therapies.models import TherapyEntry as TherapyEntry
from painwise.therapies.ordering import by_name as by_name

if TYPE_CHECKING:
    from painwise.core.types import User


# What an entry, a medication and an own factor accept, declared once in painwise.therapies.records.
ENTRY_FIELDS = records.ENTRY_FIELDS
MEDICATION_FIELDS = records.MEDICATION_FIELDS
FACTOR_FIELDS = records.FACTOR_FIELDS


@dataclass(frozen=True)
class Saved:
    """A saved record plus the notices (e.g. interaction warnings) the person must see at once."""

    obj: Any
    notices: list[Notice] = field(default_factory=list)


def _check_links(entry: TherapyEntry) -> None:
    if entry.modality == "medication":
        if entry.medication is None or entry.medication.user_id != entry.user_id:
            raise ValidationError({"medication": gettext("Choose a medication from your list.")})
        entry.unit = entry.unit or entry.medication.unit
    elif entry.medication_id is not None:
        raise ValidationError({"medication": gettext("Only medication entries name a medication.")})
    if entry.modality == "custom":
        if entry.factor is None or entry.factor.user_id != entry.user_id:
            raise ValidationError({"factor": gettext("Choose one of your own factors.")})
        entry.unit = entry.factor.unit
        if entry.factor.kind == CustomFactor.Kind.YES_NO:
            entry.amount = 1.0
    elif entry.factor_id is not None:
        raise ValidationError({"factor": gettext("Only custom entries name one of your own factors.")})


def _validate_entry(entry: TherapyEntry) -> None:
    modality = get_modality(entry.modality)
    _check_links(entry)
    entry.details = clean_details(modality, entry.details or {})
    check_amount(modality, amount=entry.amount, unit=entry.unit, duration_minutes=entry.duration_minutes)
    if entry.taken_at is None:
        raise ValidationError({"taken_at": gettext("When was it? A time is required.")})
    if timezone.is_naive(entry.taken_at):
        raise ValidationError({"taken_at": gettext("The time needs a time zone.")})
    validate_not_after_tomorrow(local_date(entry.user, entry.taken_at), local_today(entry.user), "taken_at")
    entry.day = local_date(entry.user, entry.taken_at)
    entry.full_clean(exclude=["user", "medication", "factor"])


def _assign(obj: Any, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))
    for name, value in values.items():
        setattr(obj, name, value)


def prepare_entry(*, user: User, values: dict[str, Any]) -> TherapyEntry:
    """A validated, unsaved therapy entry (what log_entry checks before saving); ValidationError per field."""
    entry = TherapyEntry(user=user, details={})
    _assign(entry, {"taken_at": timezone.now(), **values}, ENTRY_FIELDS)
    _validate_entry(entry)
    return entry


@transaction.atomic
def log_entry(*, user: User, values: dict[str, Any]) -> Saved:
    """Validate and save one therapy entry; returns it with any safety notices to show at once."""
    entry = prepare_entry(user=user, values=values)
    entry.save()
    return Saved(entry, run_checks(registry.entry_checks, entry))


def _check_known(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))


@transaction.atomic
def update_entry(
    *, entry: TherapyEntry, values: dict[str, Any], version: int | None = None, base: dict[str, Any] | None = None,
) -> Saved:
    """Correct an entry; only the given fields change; a conflicting edit raises EditConflictError."""
    _check_known(values, ENTRY_FIELDS)
    saved = save_changes(entry, values=values, version=version, base=base, validate=_validate_entry)
    return Saved(saved, run_checks(registry.entry_checks, saved))


def delete_entry(*, entry: TherapyEntry) -> None:
    entry.delete()


def log_again(*, entry: TherapyEntry, taken_at: dt.datetime | None = None) -> Saved:
    """Repeat an earlier entry now (same modality, amount and details; no effect or notes yet)."""
    values = {
        "modality": entry.modality, "medication": entry.medication, "factor": entry.factor,
        "duration_minutes": entry.duration_minutes, "amount": entry.amount, "unit": entry.unit,
        "details": repeatable_details(get_modality(entry.modality), dict(entry.details)),
        "taken_at": taken_at or timezone.now(),
    }
    return log_entry(user=entry.user, values=values)


def frequent_entries(*, user: User, limit: int = 6, days: int = 60) -> list[TherapyEntry]:
    """The most recent entry of each of the person's most frequent kinds of entry (for "log again").

    Grouped in Python: the modality and unit are encrypted, so SQL cannot group by them.
    """
    since = timezone.now() - dt.timedelta(days=days)
    recent = (TherapyEntry.objects.filter(user=user, taken_at__gte=since)
              .select_related("medication", "factor").order_by("-taken_at"))
    counts: Counter[tuple[Any, ...]] = Counter()
    latest: dict[tuple[Any, ...], TherapyEntry] = {}
    for entry in recent:
        habit = (entry.modality, entry.medication_id, entry.factor_id, entry.amount, entry.unit,
                 entry.duration_minutes)
        counts[habit] += 1
        latest.setdefault(habit, entry)
    # most_common keeps first-seen order among equal counts: the more recent habit first.
    return [latest[habit] for habit, _ in counts.most_common(limit)]


def _check_dose(medication: Medication) -> None:
    """The unit must be one doses are logged in, and the dose within the catalog's per-dose ceiling (typo guard)."""
    ceilings = get_modality("medication").amount.units
    if medication.unit not in ceilings:
        raise ValidationError({"unit": gettext("Unit must be one of %(join)s.") % {"join": ', '.join(ceilings)}})
    ceiling = ceilings[medication.unit]
    if medication.dose is not None and medication.dose > ceiling:
        raise ValidationError(
            {
                "dose": gettext(
                    "%(dose)s %(unit)s is above the %(ceiling)s %(unit2)s limit for one dose; check for a typo."
                )
                % {
                    "dose": format(medication.dose, "g"),
                    "unit": medication.unit,
                    "ceiling": format(ceiling, "g"),
                    "unit2": medication.unit,
                }
            }
        )


def prepare_medication(*, user: User, values: dict[str, Any]) -> Medication:
    """A validated, unsaved medication (what add_medication checks before saving)."""
    medication = Medication(user=user)
    _assign(medication, values, MEDICATION_FIELDS)
    medication.name = (medication.name or "").strip()
    medication.full_clean(exclude=["user"])
    _check_dose(medication)
    return medication


@transaction.atomic
def add_medication(*, user: User, values: dict[str, Any]) -> Saved:
    """Add a medication or substance to the person's list; returns notices (e.g. interactions)."""
    medication = prepare_medication(user=user, values=values)
    medication.save()
    return Saved(medication, run_checks(registry.medication_checks, medication))


def _validate_medication(medication: Medication) -> None:
    medication.full_clean(exclude=["user"])
    _check_dose(medication)


@transaction.atomic
def update_medication(
    *, medication: Medication, values: dict[str, Any], version: int | None = None,
    base: dict[str, Any] | None = None,
) -> Saved:
    """Change a medication; only the given fields change; a conflicting edit raises EditConflictError."""
    _check_known(values, MEDICATION_FIELDS)
    saved = save_changes(medication, values=values, version=version, base=base, validate=_validate_medication)
    return Saved(saved, run_checks(registry.medication_checks, saved))


def delete_medication(*, medication: Medication) -> None:
    """Remove a medication; one with logged doses is kept but marked inactive (history stays true)."""
    if medication.entries.exists():
        medication.active = False
        medication.save(update_fields=["active"])
    else:
        medication.delete()


def prepare_factor(*, user: User, name: str, kind: str, as_needed: bool = False) -> CustomFactor:
    """A validated, unsaved own factor; whether the name is free is checked by the caller.

    ``as_needed``: the person uses it when pain is bad (rescue use)."""
    factor = CustomFactor(user=user, name=name.strip(), kind=kind, as_needed=as_needed)
    factor.full_clean(exclude=["user"], validate_unique=False)
    return factor


def create_factor(*, user: User, name: str, kind: str, as_needed: bool = False) -> CustomFactor:
    """Start tracking an own factor; ``as_needed``: the person uses it when pain is bad (rescue use)."""
    name = name.strip()
    if CustomFactor.objects.filter(user=user, **blind_lookup(CustomFactor, user, name=name)).exists():
        raise ValidationError({"name": gettext("You already track %(name)s.") % {"name": repr(name)}})
    factor = prepare_factor(user=user, name=name, kind=kind, as_needed=as_needed)
    try:
        with transaction.atomic():  # a savepoint: the same name saved meanwhile by another request
            factor.save()
    except IntegrityError:
        raise ValidationError({"name": gettext("You already track %(name)s.") % {"name": repr(name)}}) from None
    return factor


@transaction.atomic
def set_factor_as_needed(*, factor: CustomFactor, as_needed: bool) -> CustomFactor:
    """Mark (or unmark) an own factor as used when pain is bad; "What helps me" then skips the same day."""
    factor.as_needed = as_needed
    factor.full_clean(exclude=["user"], validate_unique=False)  # only as_needed changes
    factor.save(update_fields=["as_needed"])
    return factor




def _validate_factor(factor: CustomFactor) -> None:
    factor.name = (factor.name or "").strip()
    same_name = blind_lookup(CustomFactor, factor.user, name=factor.name)
    others = CustomFactor.objects.filter(user=factor.user_id, **same_name).exclude(pk=factor.pk)
    if others.exists():
        raise ValidationError({"name": gettext("You already track %(name)s.") % {"name": repr(factor.name)}})
    if factor.entries.exists() and CustomFactor.objects.get(pk=factor.pk).kind != factor.kind:
        raise ValidationError({"kind": gettext("Entries already use this factor; its kind cannot change.")})
    factor.full_clean(exclude=["user"], validate_unique=False)


def update_factor(
    *, factor: CustomFactor, values: dict[str, Any], version: int | None = None,
    base: dict[str, Any] | None = None,
) -> CustomFactor:
    """Rename an own factor (or change its kind while no entry uses it); conflicts raise EditConflictError."""
    _check_known(values, FACTOR_FIELDS)
    try:
        with transaction.atomic():
            return save_changes(factor, values=values, version=version, base=base, validate=_validate_factor)
    except IntegrityError:
        raise ValidationError(
            {"name": gettext("You already track %(get)s.") % {"get": repr(values.get("name"))}}
        ) from None


def delete_factor(*, factor: CustomFactor) -> None:
    """Stop tracking one of the person's own factors; refused while entries use it (history stays true)."""
    used = factor.entries.count()
    if used:
        raise ValidationError(
            {
                "factor": gettext("%(used)s logged entries use %(name)s; delete them first.")
                % {"used": used, "name": repr(factor.name)}
            }
        )
    factor.delete()


def active_medications(*, user: User) -> list[Medication]:
    """The person's current medication list (active entries), by name (for reports)."""
    # Names are encrypted at rest, so the database cannot sort them; sort after decryption.
    return sorted(Medication.objects.filter(user=user, active=True), key=lambda m: str(m).casefold())


def entries_between(*, user: User, start: dt.date, end: dt.date, brief: bool = False) -> list[TherapyEntry]:
    """The person's therapy entries from ``start`` to ``end`` (local days, inclusive), oldest first.

    ``brief``: for pages that show labels and days only; the details, side effects, notes and the
    medication's reason and drug key are not read (nor decrypted).
    """
    rows = TherapyEntry.objects.filter(user=user, day__range=(start, end))
    rows = rows.select_related("medication", "factor").order_by("taken_at")
    if brief:
        rows = rows.defer("details", "side_effects", "notes", "medication__reason", "medication__drug_key")
    return list(rows)


def first_entry_day(*, user: User) -> dt.date | None:
    """The local day of the person's first therapy entry; None when they have none."""
    first: dt.date | None = TherapyEntry.objects.filter(user=user).aggregate(first=Min("day"))["first"]
    return first


def _of_modality(user: User, modality: str) -> QuerySet[TherapyEntry]:
    # The modality is stored encrypted; it is found through its blind index.
    return TherapyEntry.objects.filter(user=user, **blind_lookup(TherapyEntry, user, modality=modality))


def _of_modalities(user: User, modalities: Iterable[str]) -> QuerySet[TherapyEntry]:
    # The modality is stored encrypted; it is found through its blind index.
    return TherapyEntry.objects.filter(user=user, **blind_lookup(TherapyEntry, user, modality__in=sorted(modalities)))


def count_entries_of(*, user: User, modality: str) -> int:
    """How many entries of therapy ``modality`` (a catalog slug) the person has."""
    return _of_modality(user, modality).count()


def has_entries_of(*, user: User, modality: str) -> bool:
    """Whether the person has logged therapy ``modality`` (a catalog slug) at all."""
    return _of_modality(user, modality).exists()


def entry_times_since(*, user: User, modalities: Iterable[str], since: dt.datetime) -> list[TherapyEntry]:
    """The person's entries of ``modalities`` taken at or after ``since``; only modality and time are read."""
    return list(_of_modalities(user, modalities).filter(taken_at__gte=since).only("modality", "taken_at"))


def doses_of(*, user: User, modality: str, since: dt.date | None = None) -> list[TherapyEntry]:
    """The person's entries of ``modality`` (from local day ``since`` when given), oldest first; only what a
    dose is made of is read (time, amount, unit, details), not the notes or side effects."""
    rows = _of_modality(user, modality).order_by("taken_at").only(
        "taken_at", "amount", "unit", "details")
    if since is not None:
        rows = rows.filter(day__gte=since)
    return list(rows)


def entries_taken_between(*, user: User, start: dt.datetime, end: dt.datetime) -> list[TherapyEntry]:
    """The person's entries taken from ``start`` to ``end`` (moments), with their medication and own factor."""
    return list(TherapyEntry.objects.filter(user=user, taken_at__gte=start, taken_at__lte=end)
                .select_related("medication", "factor"))


def dose_entries_since(*, user: User, modalities: Iterable[str], taken_since: dt.datetime,
                       day_since: dt.date) -> list[TherapyEntry]:
    """The person's entries of ``modalities`` taken at or after ``taken_since`` or on local day ``day_since`` or
    later, newest first; only what a dose is made of is read (modality, time, day, amount, unit, details)."""
    rows = _of_modalities(user, modalities).filter(Q(taken_at__gte=taken_since) | Q(day__gte=day_since))
    return list(rows.only("modality", "taken_at", "amount", "unit", "details", "day"))


def entry_values(*, user: User, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Every entry of the person as a dict of the plain (unencrypted or decrypted) ``fields``, oldest first."""
    return list(TherapyEntry.objects.filter(user=user).order_by("taken_at").values(*fields))


def unlinked_details(*, user: User, modalities: Iterable[str]) -> dict[int, dict[str, Any]]:
    """The details of the person's catalog entries (no medication, no own factor) of ``modalities``, by entry id."""
    rows = _of_modalities(user, modalities).order_by("taken_at").filter(medication__isnull=True, factor__isnull=True)
    return dict(rows.values_list("pk", "details"))


def medications_of(*, user: User) -> list[Medication]:
    """The person's whole medication list (active or not) in the order it was written."""
    return list(Medication.objects.filter(user=user).order_by("pk"))


def medications_by_name(*, user: User, active_only: bool = False, active_first: bool = False) -> list[Medication]:
    """The person's medications by name ignoring case (active ones only, or first, when asked)."""
    rows = Medication.objects.filter(user=user, **({"active": True} if active_only else {}))
    return by_name(rows, active_first=active_first)


def factors_of(*, user: User) -> list[CustomFactor]:
    """The person's own factors in the order they were made."""
    return list(CustomFactor.objects.filter(user=user).order_by("pk"))


def iter_entries(*, user: User, chunk_size: int) -> Iterator[TherapyEntry]:
    """Every entry of the person with its medication and factor, oldest first, read ``chunk_size`` at a time."""
    rows = TherapyEntry.objects.filter(user=user).select_related("factor", "medication").order_by("taken_at", "pk")
    return rows.iterator(chunk_size=chunk_size)


def entry_with_id(*, user_id: int, entry_id: int) -> TherapyEntry | None:
    """The person's therapy entry ``entry_id``; None when it is gone or someone else's."""
    return TherapyEntry.objects.filter(user=user_id, pk=entry_id).first()


def entry_taken_at(*, user: User, modality: str, taken_at: dt.datetime) -> TherapyEntry | None:
    """The person's entry of ``modality`` taken at ``taken_at`` (the first one, if several were), or None."""
    return _of_modality(user, modality).filter(taken_at=taken_at).first()


def add_simulated(*, medications: list[Medication], factors: list[CustomFactor], entries: list[TherapyEntry]) -> None:
    """Write a simulated diary's medications, own factors and entries (the demo person) as they are built.

    The simulator builds values the catalog accepts (``check_amount``, ``clean_details``); no entry or
    medication check runs, so the demo person gets no notices about a past they did not log.
    """
    for obj in (*medications, *factors):
        obj.save(force_insert=True)
    TherapyEntry.objects.bulk_create(entries)


def effect_words(effect: int) -> str:
    """The words for an own effect rating from -2 (much worse) to +2 (much better)."""
    from painwise.therapies.models import EFFECT_LABELS

    return EFFECT_LABELS[effect]
