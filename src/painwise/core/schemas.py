"""API schemas shared by every domain: the notices a save returns (painwise.core.hooks.Notice)."""

from __future__ import annotations

from ninja import Schema


class NoticeOut(Schema):
    """Something to show the person at once after saving (e.g. an interaction warning)."""

    level: str
    title: str
    body: str
    sources: list[str]
    link: str
    code: str
