"""Shapes of the therapy API: catalog, entries, the medication list and the person's own factors.

The fields of entries and medications come from their declarations in painwise.therapies.records.
``medication`` and ``factor`` are ids of the person's own medication or factor. Modality details,
amounts, units and dates are checked by the therapy services against the catalog.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import AliasChoices, Field

from painwise.accounts.schemas import Input
from painwise.core.schemas import VERSION_READ, Moment, NoticeOut, Output, after, record_schema, schema_fields
from painwise.therapies.models import CustomFactor
from painwise.therapies.records import ENTRY, MEDICATION


class EntryCreate(record_schema("EntryCreate", ENTRY, style="create", base=Input)):  # type: ignore[misc]
    pass


class EntryUpdate(
    record_schema("EntryUpdate", ENTRY, style="update", base=Input, first={"version": VERSION_READ}),  # type: ignore[misc]
):
    pass


class LogAgainIn(Input):
    taken_at: Moment | None = None


# Links are read from the record's foreign-key id, or from an already shaped entry; a stored entry always
# has its time (the services give it "now" when none was sent); the label and the calendar day are its own.
_ENTRY_OUT = {
    **schema_fields(ENTRY, style="out"),
    "taken_at": (dt.datetime, ...),
    "medication": (int | None, Field(validation_alias=AliasChoices("medication_id", "medication"))),
    "factor": (int | None, Field(validation_alias=AliasChoices("factor_id", "factor"))),
}
_ENTRY_OUT = after(after(_ENTRY_OUT, "modality", {"label": (str, ...)}), "taken_at", {"day": (dt.date, ...)})


class EntryOut(
    record_schema("EntryOut", ENTRY, style="out", base=Output, first={"id": (int, ...), "version": (int, ...)},  # type: ignore[misc]
                  fields=_ENTRY_OUT),
):
    created_at: dt.datetime


class EntrySaved(EntryOut):
    notices: list[NoticeOut]


class MedicationCreate(record_schema("MedicationCreate", MEDICATION, style="create", base=Input)):  # type: ignore[misc]
    pass


class MedicationUpdate(
    record_schema("MedicationUpdate", MEDICATION, style="update", base=Input,  # type: ignore[misc]
                  first={"version": VERSION_READ}),
):
    pass


class MedicationOut(
    record_schema("MedicationOut", MEDICATION, style="out", base=Schema,  # type: ignore[misc]
                  first={"id": (int, ...), "version": (int, ...)}),
):
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
