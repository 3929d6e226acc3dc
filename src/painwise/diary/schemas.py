"""Shapes of the diary API: check-ins (one per day) and pain episodes (flares).

Scores are whole numbers 0–10, sleep in hours, regions map a body-region id to an intensity 0–10.
Ranges and rules are checked by the diary services, so every way in (form, API, CLI) agrees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from painwise.accounts.schemas import Input
from painwise.core.hooks import notices_of
from painwise.core.schemas import Moment, NoticeOut


class CheckInValues(Input):
    """The optional values of a check-in; text fields are cleared with an empty string."""

    pain_now: int | None = None
    pain_average: int | None = None
    pain_worst: int | None = None
    peg_enjoyment: int | None = None
    peg_activity: int | None = None
    stress: int | None = None
    mood: int | None = None
    fatigue: int | None = None
    muscle_tension: int | None = None
    sleep_quality: int | None = None
    sleep_hours: float | None = None
    cycle_day: int | None = None
    cycle_phase: str = ""
    regions: dict[str, int] = Field(default_factory=dict)
    qualities: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)
    activities_note: str = ""
    notes: str = ""


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


class EpisodeCreate(Input):
    started_at: Moment
    ended_at: Moment | None = None
    intensity: int
    regions: dict[str, int] = Field(default_factory=dict)
    triggers: list[str] = Field(default_factory=list)
    helped: str = ""
    notes: str = ""


class EpisodeUpdate(Input):
    version: int | None = Field(None, ge=1, description="The version you read; a field changed since then "
                                "by someone else to another value answers 409.")
    started_at: Moment | None = None
    ended_at: Moment | None = None
    intensity: int | None = None
    regions: dict[str, int] | None = None
    triggers: list[str] | None = None
    helped: str | None = None
    notes: str | None = None


class EpisodeOut(Schema):
    id: int
    version: int
    day: dt.date
    started_at: dt.datetime
    ended_at: dt.datetime | None
    intensity: int
    regions: dict[str, int]
    triggers: list[str]
    helped: str
    notes: str
    created_at: dt.datetime
    notices: list[NoticeOut] = Field(default_factory=list, description="shown at once after a save")

    @staticmethod
    def resolve_notices(obj: Any) -> list[dict[str, Any]]:
        return [notice.as_dict() for notice in notices_of(obj)]
