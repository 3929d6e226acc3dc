"""API schemas shared by every domain: the notices a save returns (painwise.core.hooks.Notice), edit
conflicts, and ``Moment``, the type of every time a person sends (aware, between the years 1900 and 2199)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime

from painwise.core.inputs import check_moment

Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]


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
