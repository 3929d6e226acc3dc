"""Therapy routes: the catalog, therapy entries, the medication list and the person's own factors.

Saving an entry or a medication answers with ``notices`` (safety and interaction warnings) that a
client must show at once. Another person's medication or factor id is refused as invalid, never linked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from painwise.core.fields import blind_lookup
from painwise.core.paging import paged
from painwise.core.schemas import ConflictOut
from painwise.core.types import AuthedRequest
from painwise.therapies import services
from painwise.therapies.access import get_entry_for_user, get_factor_for_user, get_medication_for_user
from painwise.therapies.catalog import Modality, catalog
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.ordering import by_name
from painwise.therapies.schemas import (
    EntryCreate,
    EntryOut,
    EntrySaved,
    EntryUpdate,
    FactorCreate,
    FactorOut,
    FactorUpdate,
    LogAgainIn,
    MedicationCreate,
    MedicationOut,
    MedicationSaved,
    MedicationUpdate,
)

if TYPE_CHECKING:
    from painwise.core.types import User


router = Router(tags=["therapies"])

# Entry input field -> the access helper that turns the person's id into their own record.
_LINKS: dict[str, Callable[[Any, Any], Any]] = {
    "medication": get_medication_for_user,
    "factor": get_factor_for_user,
}


def _resolve_links(user: User, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with medication/factor ids swapped for the person's own records (else 422)."""
    resolved = dict(values)
    for field, get_for_user in _LINKS.items():
        if resolved.get(field) is None:
            continue
        try:
            resolved[field] = get_for_user(user, resolved[field])
        except Http404:
            raise ValidationError(
                {
                    field: gettext("There is no %(field)s %(value)s in your list.")
                    % {"field": field, "value": resolved[field]}
                }
            ) from None
    return resolved


def _saved(saved: services.Saved, out: type[EntryOut] | type[MedicationOut]) -> dict[str, Any]:
    """A saved record in its output shape plus the notices to show at once."""
    return {**out.model_validate(saved.obj).model_dump(), "notices": [notice.as_dict() for notice in saved.notices]}


@router.get("/modalities", response=list[Modality])
def list_modalities(request: HttpRequest) -> list[Modality]:
    """The catalog: each modality with its amount rule (units and per-entry ceilings) and detail fields."""
    return list(catalog().values())


@router.get("/entries", response=list[EntryOut])
@paged
def list_entries(
    request: AuthedRequest,
    since: dt.date | None = None,
    until: dt.date | None = None,
    modality: str | None = None,
) -> Any:
    """The person's entries, latest first; ``since``/``until`` are local days, ``modality`` a slug; at most
    100 per page (``limit``, ``offset``), with the ``count`` of all."""
    # The linked medication gives the label (its name and strength): its other encrypted fields are not
    # read, so not decrypted (two per medication entry).
    rows = (TherapyEntry.objects.filter(user=request.user).select_related("medication", "factor")
            .defer("medication__reason", "medication__drug_key"))
    if since is not None:
        rows = rows.filter(day__gte=since)
    if until is not None:
        rows = rows.filter(day__lte=until)
    if modality is not None:
        rows = rows.filter(**blind_lookup(TherapyEntry, request.user, modality=modality))
    return rows


@router.post("/entries", response={201: EntrySaved})
def create_entry(request: AuthedRequest, payload: EntryCreate) -> Status[dict[str, Any]]:
    """Log a therapy, dose or session (``taken_at`` defaults to now); answers with the entry and notices."""
    values = _resolve_links(request.user, payload.model_dump(exclude_unset=True))
    return Status(201, _saved(services.log_entry(user=request.user, values=values), EntryOut))


@router.get("/entries/frequent", response=list[EntryOut])
def frequent_entries(request: AuthedRequest) -> list[TherapyEntry]:
    """The latest entry of each of the person's most frequent kinds (last 60 days), for "log again"."""
    return services.frequent_entries(user=request.user)


@router.get("/entries/{int:entry_id}", response=EntryOut)
def get_entry(request: AuthedRequest, entry_id: int) -> TherapyEntry:
    return get_entry_for_user(request.user, entry_id)


@router.patch("/entries/{int:entry_id}", response={200: EntrySaved, 409: ConflictOut})
def update_entry(request: AuthedRequest, entry_id: int, payload: EntryUpdate) -> dict[str, Any]:
    """Correct an entry (e.g. add the effect later): only the fields sent change; answers with new notices.
    409 when ``version`` is stale and someone else changed one of those fields to another value."""
    entry = get_entry_for_user(request.user, entry_id)
    values = _resolve_links(request.user, payload.model_dump(exclude_unset=True))
    version = values.pop("version", None)
    return _saved(services.update_entry(entry=entry, values=values, version=version), EntryOut)


@router.delete("/entries/{int:entry_id}", response={204: None})
def delete_entry(request: AuthedRequest, entry_id: int) -> Status[None]:
    services.delete_entry(entry=get_entry_for_user(request.user, entry_id))
    return Status(204, None)


@router.post("/entries/{int:entry_id}/log-again", response={201: EntrySaved})
def log_again(
    request: AuthedRequest, entry_id: int, payload: LogAgainIn | None = None
) -> Status[dict[str, Any]]:
    """Repeat an entry (same modality, amount, details; no effect or notes) at ``taken_at`` or now."""
    entry = get_entry_for_user(request.user, entry_id)
    taken_at = payload.taken_at if payload is not None else None
    return Status(201, _saved(services.log_again(entry=entry, taken_at=taken_at), EntryOut))


@router.get("/medications", response=list[MedicationOut])
def list_medications(request: AuthedRequest) -> Any:
    """The person's medication list, active ones first."""
    return by_name(Medication.objects.filter(user=request.user), active_first=True)


@router.post("/medications", response={201: MedicationSaved})
def create_medication(request: AuthedRequest, payload: MedicationCreate) -> Status[dict[str, Any]]:
    """Add a medication or substance; answers with it and any interaction notices."""
    saved = services.add_medication(user=request.user, values=payload.model_dump(exclude_unset=True))
    return Status(201, _saved(saved, MedicationOut))


@router.get("/medications/{int:medication_id}", response=MedicationOut)
def get_medication(request: AuthedRequest, medication_id: int) -> Medication:
    return get_medication_for_user(request.user, medication_id)


@router.patch("/medications/{int:medication_id}", response={200: MedicationSaved, 409: ConflictOut})
def update_medication(request: AuthedRequest, medication_id: int, payload: MedicationUpdate) -> dict[str, Any]:
    """Change a medication: only the fields sent change; 409 on a conflicting edit (see ``version``)."""
    medication = get_medication_for_user(request.user, medication_id)
    values = payload.model_dump(exclude_unset=True)
    version = values.pop("version", None)
    return _saved(services.update_medication(medication=medication, values=values, version=version), MedicationOut)


@router.delete("/medications/{int:medication_id}", response={204: None})
def delete_medication(request: AuthedRequest, medication_id: int) -> Status[None]:
    """Remove a medication; one with logged doses stays in the history, marked inactive."""
    services.delete_medication(medication=get_medication_for_user(request.user, medication_id))
    return Status(204, None)


@router.get("/factors", response=list[FactorOut])
def list_factors(request: AuthedRequest) -> Any:
    return by_name(CustomFactor.objects.filter(user=request.user))


@router.post("/factors", response={201: FactorOut})
def create_factor(request: AuthedRequest, payload: FactorCreate) -> Status[CustomFactor]:
    """Start tracking something of one's own: a yes/no, a count or a 0–10 rating."""
    return Status(201, services.create_factor(user=request.user, name=payload.name, kind=payload.kind,
                                              as_needed=payload.as_needed))


@router.get("/factors/{int:factor_id}", response=FactorOut)
def get_factor(request: AuthedRequest, factor_id: int) -> CustomFactor:
    return get_factor_for_user(request.user, factor_id)


@router.patch("/factors/{int:factor_id}", response={200: FactorOut, 409: ConflictOut})
def update_factor(request: AuthedRequest, factor_id: int, payload: FactorUpdate) -> CustomFactor:
    """Mark an own factor as used when pain is bad (``as_needed``) or not, rename it, or change its kind
    while no entry uses it; only the fields sent change; 409 on a conflicting edit."""
    factor = get_factor_for_user(request.user, factor_id)
    values = payload.model_dump(exclude_unset=True)
    return services.update_factor(factor=factor, values=values, version=values.pop("version", None))


@router.delete("/factors/{int:factor_id}", response={204: None})
def delete_factor(request: AuthedRequest, factor_id: int) -> Status[None]:
    """Stop tracking a factor; refused with 422 while logged entries still use it."""
    services.delete_factor(factor=get_factor_for_user(request.user, factor_id))
    return Status(204, None)
