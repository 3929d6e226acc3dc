"""Shapes of the diary API: check-ins (one per day) and pain episodes (flares).

Scores are whole numbers 0–10, sleep in hours, regions map a body-region id to an intensity 0–10.
Ranges and rules are checked by the diary services, so every way in (form, API, CLI) agrees. The fields
of each record come from its declaration in painwise.diary.records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, create_model

from painwise.accounts.schemas import Input
from painwise.core.hooks import notices_of
from painwise.core.schemas import Moment, NoticeOut
from painwise.diary.records import CHECKIN, EPISODE, RecordField, form_order

Style = Literal["values", "create", "update", "out"]
PYTHON_TYPES: dict[str, Any] = {
    "int": int, "float": float, "choice": str, "choices": list[str], "tags": list[str],
    "regions": dict[str, int], "text": str, "datetime": dt.datetime, "bool": bool, "details": dict[str, Any],
    "link": int,
}


def _field(field: RecordField, style: Style) -> tuple[Any, Any]:
    """(type, default) of one declared field: ``values`` are all optional, ``create`` needs the required
    ones, ``update`` takes any subset (None = unchanged), ``out`` always has every field."""
    kind = PYTHON_TYPES[field.kind]
    if field.kind == "datetime" and style != "out":
        kind = Moment
    nullable = field.number or field.kind == "datetime"
    if style == "update" or (nullable and not field.required):
        return kind | None, (... if style == "out" else None)
    if style == "out" or (style == "create" and field.required):
        return kind, ...
    if field.kind in ("choices", "tags", "regions"):
        return kind, Field(default_factory=type(field.empty))
    return kind, field.empty


def record_schema(
    name: str, declared: tuple[RecordField, ...], *, style: Style, base: type[Schema],
    first: dict[str, Any] | None = None,
) -> type[Schema]:
    """A schema of a record kind's declared fields (painwise.diary.records), after the ``first`` ones."""
    fields = {**(first or {}), **{f.name: _field(f, style) for f in declared}}
    return create_model(name, __base__=base, **fields)


class CheckInValues(record_schema("CheckInValues", form_order(CHECKIN), style="values", base=Input)):  # type: ignore[misc]
    """The optional values of a check-in; text fields are cleared with an empty string."""


class CheckInCreate(CheckInValues):
    day: dt.date


class CheckInUpdate(CheckInValues):
    """Only the fields sent change; ``version`` guards against overwriting someone else's change."""

    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")


class CheckInOut(CheckInValues):
    id: int
    version: int
    day: dt.date
    peg_score: float | None
    created_at: dt.datetime
    updated_at: dt.datetime
    notices: list[NoticeOut] = Field(default_factory=list, description="shown at once after a save")

    @staticmethod
    def resolve_notices(obj: Any) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in notices_of(obj)]


class PrefillOut(Schema):
    """What "same as yesterday" would put in ``day``'s form: only the values found are present."""

    day: dt.date
    values: CheckInValues


VERSION_READ = (int | None, Field(None, ge=1, description="The version you read; a field changed since then "
                                  "by someone else to another value answers 409."))


# A pain episode (flare): when, how bad (0–10), where, triggers, what helped. No docstrings on these three:
# the OpenAPI document stays as it was when they were written by hand.
class EpisodeCreate(record_schema("EpisodeCreate", EPISODE, style="create", base=Input)):  # type: ignore[misc]
    pass


class EpisodeUpdate(
    record_schema("EpisodeUpdate", EPISODE, style="update", base=Input, first={"version": VERSION_READ}),  # type: ignore[misc]
):
    pass  # only the fields sent change; ``version`` guards against overwriting someone else's change


class EpisodeOut(
    record_schema("EpisodeOut", EPISODE, style="out", base=Schema,  # type: ignore[misc]
                  first={"id": (int, ...), "version": (int, ...), "day": (dt.date, ...)}),
):
    created_at: dt.datetime
    notices: list[NoticeOut] = Field(default_factory=list, description="shown at once after a save")

    @staticmethod
    def resolve_notices(obj: Any) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in notices_of(obj)]
