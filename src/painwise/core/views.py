from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from painwise.core.hooks import Notice, registry


def home_panels(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Panels the domains contribute to the home page (each may decline by returning None)."""
    if not request.user.is_authenticated:
        return []
    return [panel for fn in registry.home_panels if (panel := fn(request)) is not None]


def settings_panels(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Panels the domains contribute to the account settings page (each may decline by returning None)."""
    if not request.user.is_authenticated:
        return []
    return [panel for fn in registry.settings_panels if (panel := fn(request)) is not None]


def history_panels(request: HttpRequest, start: dt.date, end: dt.date) -> list[tuple[str, dict[str, Any]]]:
    """Panels the domains contribute to the history page for the days ``start`` to ``end`` it shows."""
    if not request.user.is_authenticated:
        return []
    return [panel for fn in registry.history_panels if (panel := fn(request, start, end)) is not None]


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.html", {})


LEVEL_TAGS = {"serious": messages.ERROR, "caution": messages.WARNING, "info": messages.INFO}


def show_notices(request: HttpRequest, notices: list[Notice]) -> None:
    """Every notice becomes a message on the next page, shown as a card (see ``notice_card``).

    The message holds the notice as JSON so that the card can show the headline, what to do and the
    sources folded away, instead of one long line of text.
    """
    for notice in notices:
        messages.add_message(request, LEVEL_TAGS[notice.level], json.dumps(notice.as_dict()),
                             extra_tags=f"notice {notice.level}")
