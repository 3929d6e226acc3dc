"""The history page's panel: the programmes a person follows, where they are and how the month's sessions went."""

from __future__ import annotations

import datetime as dt
from typing import Any

from painwise.programmes import services


def history_panel(request: Any, start: dt.date, end: dt.date) -> tuple[str, dict[str, Any]] | None:
    """None for people who follow no programme; otherwise each programme's progress from ``start`` to ``end``."""
    if not request.user.is_authenticated:
        return None
    rows = services.progress_between(user=request.user, start=start, end=end)
    if not rows:
        return None
    return "programmes/_history_panel.html", {"rows": rows, "start": start, "end": end}
