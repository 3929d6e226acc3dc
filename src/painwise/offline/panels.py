"""The home page panel: offline entries waiting for the person's choice."""

from __future__ import annotations

from typing import Any

from painwise.offline import services


def held_entries_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    if not request.user.is_authenticated:
        return None
    held = services.held_entries(user=request.user)
    return ("offline/_held_panel.html", {"held": held}) if held else None
