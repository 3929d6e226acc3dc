from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class DesignIn(Schema):
    label_a: str
    label_b: str
    outcome: str = Field("pain_average", max_length=80)
    mcid: float = 1.0
    kind: Literal["blocks", "days"] = "blocks"
    pairs: int = 4
    period_days: int = 7
    washout_days: int = 2
    days: int = 28
    prescriber_agrees: bool = False
    factor: str = ""


class ExperimentOut(Schema):
    id: int
    label_a: str
    label_b: str
    factor: str
    outcome: str
    mcid: float
    kind: str
    pairs: int
    period_days: int
    washout_days: int
    days: int
    seed: int
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    fingerprint: str
    today: dict[str, Any] | None


class StartIn(Schema):
    start: dt.date | None = None


class AdherenceIn(Schema):
    followed: bool
    day: dt.date | None = None


class StatusIn(Schema):
    status: Literal["paused", "running", "stopped", "finished"]
    note: str = ""


class PrecisionOut(Schema):
    chance_clear: float
    typical_half_width: float
    simulations: int


class ProposalOut(Schema):
    onset: Literal["slow", "short"]
    reason: str
    known: bool
    design: dict[str, Any]
