"""Shapes of the account API: who I am, my profile settings and my personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict


class Input(Schema):
    """Base of every API input: unknown fields and non-finite numbers (NaN, Infinity) are refused."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ProfileOut(Schema):
    timezone: str
    country: str
    region: str
    conditions: list[str]
    track_cycle: bool
    show_sexual_health: bool
    mcid_mode: str
    mcid_points: float
    pool_opt_in: bool


class MeOut(Schema):
    username: str
    profile: ProfileOut


class ProfileUpdate(Input):
    """Only the fields sent change; the profile is validated as a whole before anything is saved."""

    timezone: str | None = None
    country: str | None = None
    region: str | None = None
    conditions: list[str] | None = None
    track_cycle: bool | None = None
    show_sexual_health: bool | None = None
    mcid_mode: str | None = None
    mcid_points: float | None = None
    pool_opt_in: bool | None = None


class DeleteAccountIn(Input):
    """Deleting the account needs the password again and the username typed as ``confirmation``."""

    password: str
    confirmation: str


class TokenIn(Input):
    name: str
    scope: Literal["read", "read-write"] = "read"
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    scope: str
    expires_at: dt.datetime | None


class TokenCreated(TokenOut):
    token: str
