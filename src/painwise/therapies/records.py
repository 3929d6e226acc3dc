"""The therapies' record kinds, declared once (pure Python, no Django: the simulator may import it).

A therapy entry, a medication of the person's list and an own factor (``CustomFactor``): each field's
kind, unit, range, label, help, default and whether it is sensitive (stored encrypted). The services' field
lists, the forms' labels, the API schemas of entries and medications and the file columns are derived from
it; a test checks the models against it (docs/dev/records.md). Also here: how the statistics name a
factor (``factor_slug``).
"""

from __future__ import annotations

from painwise.core.records import RecordField, gettext_noop, names

# A therapy, dose or session, in form and API order. ``medication`` and ``factor`` link one of the
# person's own medications or factors; amounts and units are checked against the catalogue.
ENTRY: tuple[RecordField, ...] = (
    RecordField("modality", "choice", gettext_noop("What"), required=True, sensitive=True),
    RecordField("medication", "link", gettext_noop("Medication")),
    RecordField("factor", "link", gettext_noop("Factor")),
    RecordField("taken_at", "datetime", gettext_noop("When")),
    RecordField("duration_minutes", "int", gettext_noop("Minutes"), unit="minutes", low=1),
    RecordField("amount", "float", gettext_noop("Amount")),
    RecordField("unit", "choice", gettext_noop("Unit"), sensitive=True),
    RecordField("details", "details", gettext_noop("Details"), sensitive=True),
    RecordField("effect", "int", gettext_noop("How did it go?"), unit="points", low=-2, high=2),
    RecordField("side_effects", "text", gettext_noop("Side effects"), sensitive=True, lines=2),
    RecordField(
        "notes", "text", gettext_noop("Notes"), sensitive=True, lines=2, help=gettext_noop("Private; stored encrypted.")
    ),
)

# A medication or substance on the person's list.
MEDICATION: tuple[RecordField, ...] = (
    RecordField("name", "text", gettext_noop("Name"), required=True, sensitive=True),
    RecordField(
        "strength", "text", gettext_noop("Strength"), help=gettext_noop("As on the pack, e.g. '10 mg tablet'.")
    ),
    RecordField("dose", "float", gettext_noop("Usual dose"), low=0.000001),
    RecordField("unit", "text", gettext_noop("Unit"), default="mg"),
    RecordField("schedule", "text", gettext_noop("Schedule"), help=gettext_noop("e.g. 'twice daily', 'as needed'.")),
    RecordField("reason", "text", gettext_noop("Why you take it"), sensitive=True),
    RecordField("drug_key", "text", gettext_noop("Drug-list keys"), sensitive=True),
    RecordField("active", "bool", gettext_noop("Active"), default=True),
)

# Something the person tracks that the catalogue lacks.
OWN_FACTOR: tuple[RecordField, ...] = (
    RecordField("name", "text", gettext_noop("What do you want to track?"), required=True, sensitive=True),
    RecordField("kind", "choice", gettext_noop("How")),
    RecordField(
        "as_needed",
        "bool",
        gettext_noop("I use this when pain is bad"),
        help=gettext_noop('Taken or done because the day is bad, so "What helps me" does not compare the same day.'),
    ),
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
