"""Shapes of the activity-log API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class AuditEntryOut(Schema):
    at: dt.datetime
    event: str
    label: str
    ip: str | None
    user_agent: str
    details: dict[str, Any]
    server_wide: bool

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.get_event_display())

    @staticmethod
    def resolve_server_wide(obj: Any) -> bool:
        return obj.user_id is None
