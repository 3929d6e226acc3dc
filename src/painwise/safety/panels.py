"""The home-page panel that brings back an unacknowledged crisis screen."""

from __future__ import annotations

from typing import Any

from painwise.core.types import AuthedRequest
from painwise.safety.services import pending_crisis


def unacknowledged_crisis_panel(request: AuthedRequest) -> tuple[str, dict[str, Any]] | None:
    """Shown first on the home page while a crisis screen waits for the person's acknowledgement."""
    event = pending_crisis(user=request.user)
    if event is None:
        return None
    return "safety/_pending_crisis_panel.html", {"event": event}
