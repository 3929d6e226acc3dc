from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

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


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.html", {})


LEVEL_TAGS = {"serious": messages.ERROR, "caution": messages.WARNING, "info": messages.INFO}


def show_notices(request: HttpRequest, notices: list[Notice]) -> None:
    """Every notice becomes a message on the next page; serious ones are styled as alerts."""
    for notice in notices:
        text = f"{notice.title}: {notice.body}"
        if notice.sources:
            text += f" (Source: {'; '.join(notice.sources)})"
        shown = format_html('{} <a href="{}">Read more</a>', text, notice.link) if notice.link else text
        messages.add_message(request, LEVEL_TAGS[notice.level], shown, extra_tags=f"notice {notice.level}")
