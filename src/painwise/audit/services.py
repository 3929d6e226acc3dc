"""The activity log: every domain calls ``record(...)``; people read theirs through ``entries_for``.

Entries never hold diary content: only what happened, when, from which address and client, and a few
non-sensitive details (a token's name, an export's format, how many records were imported).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from painwise.audit.models import AuditEntry, Event

if TYPE_CHECKING:
    from painwise.core.types import User


__all__ = ["Event", "client_ip", "entries_for", "prune", "record", "retention_days", "user_agent_summary"]

USER_AGENT_LENGTH = 120


def client_ip(request: Any) -> str | None:
    """The address the request came from. The one place to change when a trusted proxy sits in front."""
    value = (getattr(request, "META", None) or {}).get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def user_agent_summary(request: Any) -> str:
    """A short description of the client ("Firefox on Linux", "curl"): enough to recognise a device."""
    agent = (getattr(request, "META", None) or {}).get("HTTP_USER_AGENT", "")
    if not agent:
        return ""
    browsers = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                ("Chromium/", "Chromium"), ("Safari/", "Safari"), ("curl/", "curl"), ("python-requests", "Python"),
                ("python-httpx", "Python")]
    systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
               ("Mac OS X", "macOS"), ("Linux", "Linux")]
    browser = next((name for marker, name in browsers if marker in agent), "")
    system = next((name for marker, name in systems if marker in agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return (browser or system or agent)[:USER_AGENT_LENGTH]


def record(*, user: User | None, event: str, request: Any = None, details: dict[str, Any] | None = None) -> AuditEntry:
    """Log ``event`` for ``user`` (None for a server-wide event such as key rotation).

    Joins the caller's transaction: when the caller's work is rolled back, so is its entry.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown audit event {event!r}.")
    owner = user if user is not None and getattr(user, "is_authenticated", False) else None
    entry = AuditEntry(
        user=owner,
        event=event,
        ip=client_ip(request) if request is not None else None,
        user_agent=user_agent_summary(request)[:USER_AGENT_LENGTH] if request is not None else "",
        details=details or {},
    )
    with transaction.atomic():
        entry.full_clean(exclude=["user"])
        entry.save()
    return entry


def entries_for(user: User) -> QuerySet[AuditEntry]:
    """The person's own entries and the server-wide ones, newest first."""
    return AuditEntry.objects.filter(Q(user=user) | Q(user=None))


def prune(*, days: int | None = None, now: dt.datetime | None = None, user: User | None = None) -> int:
    """Delete entries older than ``days`` (default PAINWISE_AUDIT_RETENTION_DAYS); returns how many.

    With ``user``, only that person's own entries (done at every sign-in, so the retention period holds
    even where nobody runs `painwise audit prune`).
    """
    keep = retention_days() if days is None else days
    if keep < 1:
        raise ValueError("Keep the activity log for at least one day.")
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep)
    old = AuditEntry.objects.filter(at__lt=cutoff)
    if user is not None:
        old = old.filter(user=user)
    deleted, _ = old.delete()
    return deleted


def retention_days() -> int:
    return int(settings.AUDIT_RETENTION_DAYS)
