"""What the track shows after an intimacy or sexual-activity entry is saved, and on the home page.

Notices carry no details of the entry (they may be shown where others can see a screen).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from painwise.core.hooks import Notice
from painwise.trauma import services


def _unsafe_notice() -> Notice:
    return Notice(
        level="caution",
        title="Thank you for noting this",
        body=(
            "What you felt matters, and it is not your fault. Support is here whenever you want it, "
            "including people you can talk to today."
        ),
        link=reverse("trauma:support"),
        code="trauma:not_safe",
    )


def _trigger_notice() -> Notice:
    return Notice(
        level="info",
        title="Triggers and feeling far away are common after trauma",
        body="Grounding tools can help bring you back to the here and now, at your own pace.",
        link=reverse("trauma:tools"),
        code="trauma:trigger",
    )


def entry_notices(entry: Any) -> list[Notice]:
    """After intimacy or sexual activity: a gentle support notice when it did not feel safe."""
    return entries_notices([entry])


def entries_notices(entries: list[Any]) -> list[Notice]:
    notices: list[Notice] = []
    for entry in entries:
        if entry.modality not in services.CONSENT_MODALITIES:
            continue
        details = entry.details or {}
        if details.get("felt_wanted_safe") == "no" or details.get("boundaries_respected") == "no":
            notices.append(_unsafe_notice())
        elif details.get("trigger_or_dissociation") is True:
            notices.append(_trigger_notice())
    return list(dict.fromkeys(notices))


def home_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    """For people with the track on (or PTSD in their profile): its links, today's check, PCL-5 news."""
    user = request.user
    if not services.is_offered(user):
        return None
    enabled = services.is_enabled(user)
    context: dict[str, Any] = {"enabled": enabled}
    if enabled:
        context["checked_today"] = bool(services.daily_checks(user=user, start=services.local_today(user)))
        context["pcl5"] = services.pcl5_status(user=user)
    return "trauma/_home_panel.html", context
