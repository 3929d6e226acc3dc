"""A field of a record kind, declared once (pure Python, no Django): see docs/dev/records.md.

Each domain declares its record kinds in ``<domain>/records.py`` with these; forms, API schemas, file
columns and the statistics are derived from the declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# int / float: a number (a 0–10 score is an int in points); bool: yes or no; choice: one id of a list;
# choices: several ids of a list; tags: the person's own short words; regions: body-region id -> 0–10;
# text: free text; datetime: an aware moment; details: a mapping checked by a catalogue; link: one of the
# person's own records (an id in the API, a name or key in files).
FieldKind = Literal[
    "int", "float", "bool", "choice", "choices", "tags", "regions", "text", "datetime", "details", "link",
]
# What the statistics make of a field: an outcome they analyse, a covariate they adjust for, or nothing.
StatisticsRole = Literal["outcome", "covariate", ""]


def gettext_noop(message: str) -> str:
    """Mark a label for the translators' catalog without translating it here (this module stays free of Django).

    ``django-admin makemessages`` collects every ``gettext_noop("...")``; the Django edge that shows the text
    (a form, a page) translates it with ``gettext(field.label)`` in the person's language.
    """
    return message


# How each unit a declaration uses reads for a person (after a figure, or in a heading: "Sleep (hours)");
# translated at the Django edge with ``gettext``. A test fails when a declared unit has no words here.
UNIT_WORDS: dict[str, str] = {
    "points": gettext_noop("points"),
    "hours": gettext_noop("hours"),
    "minutes": gettext_noop("minutes"),
    "day": gettext_noop("day"),
}


@dataclass(frozen=True)
class RecordField:
    """One field of a record kind; ``low``/``high`` bound numbers (inclusive), in ``unit``."""

    name: str
    kind: FieldKind
    label: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    low_anchor: str = ""
    high_anchor: str = ""
    help: str = ""
    sensitive: bool = False
    required: bool = False
    statistics: StatisticsRole = ""
    step: float = 1.0
    lines: int = 1
    # What a new record holds when the field is not given; None: the kind's empty value.
    default: Any = None

    @property
    def is_score(self) -> bool:
        """A whole-number rating from 0 to 10 points (asked as a row of eleven buttons)."""
        return self.kind == "int" and self.unit == "points"

    @property
    def number(self) -> bool:
        return self.kind in ("int", "float")

    @property
    def empty(self) -> Any:
        """The value of the field when nothing was given: None, "" or an empty list or mapping."""
        return {"text": "", "choice": "", "choices": [], "tags": [], "regions": {}, "details": {},
                "bool": False}.get(self.kind)

    @property
    def initial(self) -> Any:
        """The value of a new record's field when nothing was given: ``default``, else ``empty``."""
        return self.empty if self.default is None else self.default

    @property
    def form_help(self) -> str:
        """The help under the field: for a score with words at its ends, what the two ends mean."""
        if self.low_anchor:
            return f"{self.low:g} = {self.low_anchor}, {self.high:g} = {self.high_anchor}"
        return self.help


def score(name: str, question: str, low_anchor: str, high_anchor: str, *,
          statistics: StatisticsRole = "", required: bool = False) -> RecordField:
    """A whole-number rating from 0 to 10 points."""
    return RecordField(name, "int", question, unit="points", low=0, high=10, low_anchor=low_anchor,
                       high_anchor=high_anchor, statistics=statistics, required=required)


def form_order(declared: tuple[RecordField, ...]) -> tuple[RecordField, ...]:
    """The fields as forms, the API and JSON files list them: the scores first, then the rest as declared."""
    return (*(f for f in declared if f.is_score), *(f for f in declared if not f.is_score))


def names(declared: tuple[RecordField, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in declared)


def by_name(declared: tuple[RecordField, ...]) -> dict[str, RecordField]:
    return {f.name: f for f in declared}
