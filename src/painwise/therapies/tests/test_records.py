"""The therapy declarations (painwise.therapies.records) agree with the models, API schemas and file columns."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator

from painwise.core.records import names
from painwise.exchange import formats
from painwise.therapies import records
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.schemas import (
    EntryCreate,
    EntryOut,
    EntryUpdate,
    FactorCreate,
    FactorOut,
    FactorUpdate,
    MedicationCreate,
    MedicationOut,
    MedicationUpdate,
)

KINDS = {(TherapyEntry, records.ENTRY), (Medication, records.MEDICATION), (CustomFactor, records.OWN_FACTOR)}


def _limits(column: Any) -> tuple[Any, Any]:
    low = [v.limit_value for v in column.validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in column.validators if isinstance(v, MaxValueValidator)]
    return (low or [None])[0], (high or [None])[0]


def test_every_declared_field_is_a_model_column_with_the_declared_range_and_encryption() -> None:
    for model, declared in KINDS:
        for field in declared:
            column = model._meta.get_field(field.name)
            assert bool(getattr(column, "encrypted", False)) is field.sensitive, (model, field.name)
            if field.number and field.name != "duration_minutes":  # a PositiveIntegerField: 1 is the form's
                assert _limits(column) == (field.low, field.high), (model, field.name)


def test_the_api_schemas_take_and_return_exactly_the_declared_fields() -> None:
    for create, update, out, declared in (
        (EntryCreate, EntryUpdate, EntryOut, records.ENTRY),
        (MedicationCreate, MedicationUpdate, MedicationOut, records.MEDICATION),
        (FactorCreate, FactorUpdate, FactorOut, records.OWN_FACTOR),
    ):
        fields = set(names(declared))
        assert set(create.model_fields) == fields
        assert set(update.model_fields) - {"version"} == fields
        assert fields <= set(out.model_fields)


def test_the_files_carry_every_declared_field() -> None:
    for kind, declared in (("entry", records.ENTRY), ("medication", records.MEDICATION),
                           ("factor", records.OWN_FACTOR)):
        assert set(names(declared)) <= set(formats.record_fields(kind)), kind


def test_factor_slug_names_medications_own_factors_and_modalities_and_reads_back() -> None:
    assert records.factor_slug(modality="medication", medication="Ibuprofen") == "medication:Ibuprofen"
    assert records.factor_slug(modality="custom", factor="Gluten-free day") == "custom:Gluten-free day"
    assert records.factor_slug(modality="heat_cold") == "heat_cold"
    assert records.slug_parts("custom:Gluten-free day") == ("custom", "Gluten-free day")
    assert records.slug_parts("heat_cold") == ("modality", "heat_cold")
