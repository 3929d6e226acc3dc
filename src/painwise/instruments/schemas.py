"""API shapes for questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class InstrumentSummary(Schema):
    id: str
    short_name: str
    name: str
    audience: str
    recall_period: str
    licence_verdict: str
    licence_notice: str
    total_min: float
    total_max: float


class OptionOut(Schema):
    value: int
    label: str
    anchor: str | None = None


class ItemOut(Schema):
    id: str
    text: str
    scored: bool
    options: list[OptionOut]


class InstrumentOut(InstrumentSummary):
    preamble: str
    items: list[ItemOut]


class AnswersIn(Schema):
    """Answers as option weights: a list in question order (null = skipped) or an object by item id."""

    answers: list[int | None] | dict[str, int | None]
    draft: bool = False


class CrisisOut(Schema):
    event_id: int
    title: str
    reasons: list[str] = Field(default_factory=list, description="why the screen is shown, one per flag")
    body: str
    clinician_prompt: str
    region: str
    lines: list[dict[str, Any]]
    ask_for_country: str | None = Field(default=None, description="set when no country is known")
    acknowledge_url: str


class ResponseOut(Schema):
    id: int
    instrument: str
    status: str
    total: float | None
    band: str
    subscales: dict[str, float | None]
    no_total_reason: str
    created_at: dt.datetime
    completed_at: dt.datetime | None


class ResponseDetail(ResponseOut):
    answers: dict[str, int | None]
    score: dict[str, Any] | None = None
    crisis: CrisisOut | None = None
    ptsd_support: dict[str, Any] | None = None


class DueOut(Schema):
    instrument: str
    short_name: str
    next_due: dt.date
    days_overdue: int


class ScheduleOut(Schema):
    instrument: str
    every_days: int
    enabled: bool
    next_due: dt.date


class ScheduleIn(Schema):
    every_days: int = Field(ge=1, le=365)
    enabled: bool = True
