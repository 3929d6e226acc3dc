"""API schemas shared by every domain: the notices a save returns (painwise.core.hooks.Notice), edit
conflicts, ``Moment``, the type of every time a person sends (aware, between the years 1900 and 2199), and
``record_schema``, the API shape of a declared record kind (painwise.core.records, docs/dev/records.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, create_model

from painwise.core.inputs import check_moment
from painwise.core.records import RecordField

Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]


class Output(BaseModel):
    """The base of a long list's item shape read from model rows: pydantic reads the rows' attributes itself,
    where ninja's ``Schema`` reads each one through a Python wrapper (three times slower: 5 ms of a hundred
    entries' 10). It has no ``resolve_*`` methods or dotted aliases: use ``Schema`` for those."""

    model_config = ConfigDict(from_attributes=True)


class NoticeOut(Schema):
    """Something to show the person at once after saving (e.g. an interaction warning)."""

    level: str
    title: str
    body: str
    sources: list[str]
    link: str
    code: str


class ConflictItemOut(Schema):
    """One field changed by this edit and, differently, by someone else since ``version`` was read."""

    field: str
    yours: Any
    current: Any


class ConflictOut(ConflictItemOut):
    """409: nothing was saved; the first conflicting field at the top level, all in ``conflicts``."""

    detail: str
    version: int
    conflicts: list[ConflictItemOut]


Style = Literal["values", "create", "update", "out"]
PYTHON_TYPES: dict[str, Any] = {
    "int": int, "float": float, "choice": str, "choices": list[str], "tags": list[str],
    "regions": dict[str, int], "text": str, "datetime": dt.datetime, "bool": bool, "details": dict[str, Any],
    "link": int,
}
VERSION_READ = (int | None, Field(None, ge=1, description="The version you read; a field changed since then "
                                  "by someone else to another value answers 409."))


def _field(field: RecordField, style: Style) -> tuple[Any, Any]:
    """(type, default) of one declared field: ``values`` are all optional, ``create`` needs the required
    ones, ``update`` takes any subset (None = unchanged), ``out`` always has every field."""
    kind = PYTHON_TYPES[field.kind]
    if field.kind == "datetime" and style != "out":
        kind = Moment
    nullable = field.number or field.kind in ("datetime", "link")
    if style == "update" or (nullable and not field.required):
        return kind | None, (... if style == "out" else None)
    if style == "out" or (style == "create" and field.required):
        return kind, ...
    if field.kind in ("choices", "tags", "regions", "details"):
        return kind, Field(default_factory=type(field.empty))
    return kind, (field.initial if style == "create" else field.empty)


def schema_fields(declared: tuple[RecordField, ...], *, style: Style) -> dict[str, tuple[Any, Any]]:
    """Field name -> (type, default) of declared fields, for ``pydantic.create_model``."""
    return {f.name: _field(f, style) for f in declared}


def record_schema(
    name: str, declared: tuple[RecordField, ...], *, style: Style, base: type[BaseModel],
    first: dict[str, Any] | None = None, fields: dict[str, tuple[Any, Any]] | None = None,
) -> type[BaseModel]:
    """A schema of a record kind's declared fields, after the ``first`` ones; ``fields`` (name -> (type,
    default)) are used instead of the declared ones (for a type or alias of the API's own)."""
    return create_model(name, __base__=base, **{**(first or {}), **(fields or schema_fields(declared, style=style))})


def after(fields: dict[str, Any], name: str, extra: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with ``extra`` placed right after ``name`` (the order of the OpenAPI document and JSON)."""
    placed: dict[str, Any] = {}
    for key, value in fields.items():
        placed[key] = value
        if key == name:
            placed.update(extra)
    return placed
