"""The home-page panel listing questionnaires that are due."""

from __future__ import annotations

from typing import Any

from painwise.instruments.services import due


def due_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    """``("instruments/_due_panel.html", {"due": [...]})`` when something is due for the signed-in person."""
    if not request.user.is_authenticated:
        return None
    items = due(user=request.user)
    if not items:
        return None
    return "instruments/_due_panel.html", {"due": items}
