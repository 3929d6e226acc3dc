"""Shapes of the therapy API: catalog, entries, the medication list and the person's own factors.

``medication`` and ``factor`` are ids of the person's own medication or factor. Modality details,
amounts, units and dates are checked by the therapy services against the catalog.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import AliasChoices, Field

from painwise.accounts.schemas import Input
from painwise.core.schemas import Moment, NoticeOut
from painwise.therapies.models import CustomFactor


class EntryCreate(Input):
    modality: str
    medication: int | None = None
    factor: int | None = None
    taken_at: Moment | None = None
    duration_minutes: int | None = None
    amount: float | None = None
    unit: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    effect: int | None = None
    side_effects: str = ""
    notes: str = ""


class EntryUpdate(Input):
    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")
    modality: str | None = None
    medication: int | None = None
    factor: int | None = None
    taken_at: Moment | None = None
    duration_minutes: int | None = None
    amount: float | None = None
    unit: str | None = None
    details: dict[str, Any] | None = None
    effect: int | None = None
    side_effects: str | None = None
    notes: str | None = None


class LogAgainIn(Input):
    taken_at: Moment | None = None


class EntryOut(Schema):
    id: int
    version: int
    modality: str
    label: str
    # Read from the record's foreign-key id, or from an already shaped entry.
    medication: int | None = Field(validation_alias=AliasChoices("medication_id", "medication"))
    factor: int | None = Field(validation_alias=AliasChoices("factor_id", "factor"))
    taken_at: dt.datetime
    day: dt.date
    duration_minutes: int | None
    amount: float | None
    unit: str
    details: dict[str, Any]
    effect: int | None
    side_effects: str
    notes: str
    created_at: dt.datetime


class EntrySaved(EntryOut):
    notices: list[NoticeOut]


class MedicationCreate(Input):
    name: str
    strength: str = ""
    dose: float | None = None
    unit: str = "mg"
    schedule: str = ""
    reason: str = ""
    drug_key: str = ""
    active: bool = True


class MedicationUpdate(Input):
    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")
    name: str | None = None
    strength: str | None = None
    dose: float | None = None
    unit: str | None = None
    schedule: str | None = None
    reason: str | None = None
    drug_key: str | None = None
    active: bool | None = None


class MedicationOut(Schema):
    id: int
    version: int
    name: str
    strength: str
    dose: float | None
    unit: str
    schedule: str
    reason: str
    drug_key: str
    active: bool
    created_at: dt.datetime


class MedicationSaved(MedicationOut):
    notices: list[NoticeOut]


class FactorCreate(Input):
    name: str
    kind: CustomFactor.Kind = CustomFactor.Kind.YES_NO
    as_needed: bool = False


class FactorUpdate(Input):
    """Only the fields sent change: the name, the kind (while no entry uses it), ``as_needed``."""

    name: str | None = None
    kind: CustomFactor.Kind | None = None
    as_needed: bool | None = None
    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")


class FactorOut(Schema):
    id: int
    version: int
    name: str
    kind: str
    as_needed: bool
    unit: str
    created_at: dt.datetime
