from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema


class GoalIn(Schema):
    text: str


class GoalOut(Schema):
    id: int
    text: str


class PartIn(Schema):
    kind: str
    choice: str
    schedule: Literal["weekdays", "every"] = "weekdays"
    weekdays: list[int] = []
    every_days: int | None = None
    time_of_day: dt.time | None = None
    suggested_by: Literal["self", "physiotherapist", "doctor", "nurse", "psychologist", "other"] = "self"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    note: str = ""


class PartOut(Schema):
    id: int
    kind: str
    choice: str
    label: str
    schedule: str
    weekdays: list[int]
    every_days: int | None
    time_of_day: dt.time | None
    suggested_by: str
    start_date: dt.date | None
    end_date: dt.date | None
    note: str
    when: str


class ChoiceOut(Schema):
    value: str
    label: str
    url: str


class AgendaOut(Schema):
    key: str
    day: dt.date
    kind: str
    title: str
    url: str
    time: dt.time | None
    status: str
    part_id: int | None


class TickIn(Schema):
    status: Literal["done", "partly", "skipped"]
    day: dt.date | None = None
    reason: str = ""
    log_dose: bool = False


class TickOut(Schema):
    part_id: int
    day: dt.date
    status: str
    reason: str


class RemindersIn(Schema):
    email: bool | None = None
    remind_at: dt.time | None = None
    show_names: bool | None = None


class RemindersOut(Schema):
    email: bool
    remind_at: dt.time
    show_names: bool
