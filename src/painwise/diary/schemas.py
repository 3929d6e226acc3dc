"""Shapes of the diary API: check-ins (one per day) and pain episodes (flares).

Scores are whole numbers 0–10, sleep in hours, regions map a body-region id to an intensity 0–10.
Ranges and rules are checked by the diary services, so every way in (form, API, CLI) agrees. The fields
of each record come from its declaration in painwise.diary.records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from ninja import Schema
from pydantic import Field

from painwise.accounts.schemas import Input
from painwise.core.hooks import notices_of
from painwise.core.schemas import VERSION_READ, NoticeOut, record_schema
from painwise.diary.records import CHECKIN, EPISODE, form_order
from painwise.diary.validators import gentle_questions


class CheckInValues(record_schema("CheckInValues", form_order(CHECKIN), style="values", base=Input)):  # type: ignore[misc]
    """The optional values of a check-in; text fields are cleared with an empty string."""


class CheckInCreate(CheckInValues):
    day: dt.date


class CheckInUpdate(CheckInValues):
    """Only the fields sent change; ``version`` guards against overwriting someone else's change."""

    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")


class WarningOut(Schema):
    """A value worth a second look; the check-in is saved as sent."""

    field: str
    code: str
    message: str


class CheckInOut(CheckInValues):
    id: int
    version: int
    day: dt.date
    peg_score: float | None
    created_at: dt.datetime
    updated_at: dt.datetime
    notices: list[NoticeOut] = Field(default_factory=list, description="shown at once after a save")
    warnings: list[WarningOut] = Field(
        default_factory=list, description="gentle questions about values that may be right (never a refusal): "
        "worst_below_average when pain_worst is lower than pain_average")

    @staticmethod
    def resolve_notices(obj: Any) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in notices_of(obj)]

    @staticmethod
    def resolve_warnings(obj: Any) -> list[dict[str, str]]:
        questions = gentle_questions(pain_average=obj.pain_average, pain_worst=obj.pain_worst)
        return [asdict(question) for question in questions]


class PrefillOut(Schema):
    """What "same as yesterday" would put in ``day``'s form: only the values found are present."""

    day: dt.date
    values: CheckInValues


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
    warnings: list[WarningOut] = Field(
        default_factory=list, description="gentle questions about values that may be right (never a refusal): "
        "worst_below_average when pain_worst is lower than pain_average")

    @staticmethod
    def resolve_notices(obj: Any) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in notices_of(obj)]

    @staticmethod
    def resolve_warnings(obj: Any) -> list[dict[str, str]]:
        questions = gentle_questions(pain_average=obj.pain_average, pain_worst=obj.pain_worst)
        return [asdict(question) for question in questions]
