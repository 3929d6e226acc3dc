"""The therapies' record kinds, declared once (pure Python, no Django: the simulator may import it).

A therapy entry, a medication of the person's list and an own factor (``CustomFactor``): each field's
kind, unit, range, label, help and whether it is sensitive (stored encrypted). The services' field lists
and the forms' labels are derived from it; a test checks the models, API schemas and file columns
against it (docs/dev/records.md). Also here: how the statistics name a factor (``factor_slug``).
"""

from __future__ import annotations

from painwise.core.records import RecordField, names

# A therapy, dose or session, in form and API order. ``medication`` and ``factor`` link one of the
# person's own medications or factors; amounts and units are checked against the catalogue.
ENTRY: tuple[RecordField, ...] = (
    RecordField("modality", "choice", "What", required=True, sensitive=True),
    RecordField("medication", "link", "Medication"),
    RecordField("factor", "link", "Factor"),
    RecordField("taken_at", "datetime", "When"),
    RecordField("duration_minutes", "int", "Minutes", unit="minutes", low=1),
    RecordField("amount", "float", "Amount"),
    RecordField("unit", "choice", "Unit", sensitive=True),
    RecordField("details", "details", "Details", sensitive=True),
    RecordField("effect", "int", "How did it go?", unit="points", low=-2, high=2),
    RecordField("side_effects", "text", "Side effects", sensitive=True, lines=2),
    RecordField("notes", "text", "Notes", sensitive=True, lines=2, help="Private; stored encrypted."),
)

# A medication or substance on the person's list.
MEDICATION: tuple[RecordField, ...] = (
    RecordField("name", "text", "Name", required=True, sensitive=True),
    RecordField("strength", "text", "Strength", help="As on the pack, e.g. '10 mg tablet'."),
    RecordField("dose", "float", "Usual dose", low=0.000001),
    RecordField("unit", "text", "Unit"),
    RecordField("schedule", "text", "Schedule", help="e.g. 'twice daily', 'as needed'."),
    RecordField("reason", "text", "Why you take it", sensitive=True),
    RecordField("drug_key", "text", "Drug-list keys", sensitive=True),
    RecordField("active", "bool", "Active"),
)

# Something the person tracks that the catalogue lacks.
OWN_FACTOR: tuple[RecordField, ...] = (
    RecordField("name", "text", "What do you want to track?", required=True, sensitive=True),
    RecordField("kind", "choice", "How"),
    RecordField("as_needed", "bool", "I use this when pain is bad",
                help="Taken or done because the day is bad, so \"What helps me\" does not compare the same day."),
)

ENTRY_FIELDS: tuple[str, ...] = names(ENTRY)
MEDICATION_FIELDS: tuple[str, ...] = names(MEDICATION)
FACTOR_FIELDS: tuple[str, ...] = names(OWN_FACTOR)


def labels(declared: tuple[RecordField, ...]) -> dict[str, str]:
    """Field name -> label, for a ModelForm's ``Meta.labels``."""
    return {f.name: f.label for f in declared}


MEDICATION_PREFIX = "medication:"
CUSTOM_PREFIX = "custom:"


def factor_slug(*, modality: str, medication: str | None = None, factor: str | None = None) -> str:
    """The identity the statistics give a therapy entry: ``medication:<name>`` for a medication of the
    person's list, ``custom:<name>`` for one of their own factors, else the catalogue modality."""
    if medication is not None:
        return f"{MEDICATION_PREFIX}{medication}"
    if factor is not None:
        return f"{CUSTOM_PREFIX}{factor}"
    return modality


def slug_parts(slug: str) -> tuple[str, str]:
    """(kind, name) of a factor slug: ("medication", name), ("custom", name) or ("modality", slug)."""
    for kind, prefix in (("medication", MEDICATION_PREFIX), ("custom", CUSTOM_PREFIX)):
        if slug.startswith(prefix):
            return kind, slug.removeprefix(prefix)
    return "modality", slug
