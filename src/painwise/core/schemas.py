"""API schemas shared by every domain: the notices a save returns (painwise.core.hooks.Notice), and
``Moment``, the type of every time a person sends (aware, between the years 1900 and 2199)."""

from __future__ import annotations

from typing import Annotated

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
