"""The home page's today list: everything due today from every agenda source, one tap to tick plan items."""

from __future__ import annotations

from typing import Any

from painwise.plan import services


def today_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    if not request.user.is_authenticated:
        return None
    if not services.parts_of(user=request.user):
        return None  # no plan yet: the questionnaires panel already lists what is due
    items = [row(item) for item in services.today_items(user=request.user)]
    return "plan/_today.html", {"items": items}


def row(item: Any) -> dict[str, Any]:
    """An agenda item with the plan part it belongs to (None for other domains' items) for the template."""
    return {"item": item, "part_id": services.part_id_of(item.key)}
