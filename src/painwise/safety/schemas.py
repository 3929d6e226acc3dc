"""API shapes for the safety engine."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema


class LineOut(Schema):
    name: str
    kind: str
    number: str | None = None
    text: str | None = None
    web: str | None = None
    hours: str | None = None
    note: str | None = None


class RegionOut(Schema):
    id: str
    name: str
    lines: list[LineOut]
    review_date: dt.date
    verify_again: bool = False
    verify_note: str | None = None


class RedFlagOut(Schema):
    id: str
    context: str
    group: str
    question: str
    urgency: str


class RedFlagsIn(Schema):
    checked: list[str]
    source: Literal["checklist", "checkin", "episode"] = "checklist"
    source_id: int | None = None


class GuidanceOut(Schema):
    event_id: int | None
    urgency: str | None
    title: str
    guidance: str
    flags: list[dict[str, Any]]


class EventOut(Schema):
    id: int
    kind: str
    source: str
    source_id: int | None
    urgency: str
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None
    title: str
    flags: list[Any]
    lines: list[dict[str, Any]]
    guidance: str


class AcknowledgeIn(Schema):
    acknowledged: bool
