from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from painwise.core.hooks import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation items registered by the domains, and whether sign-up is open."""
    return {"nav_items": registry.nav_items, "allow_signup": settings.ALLOW_SIGNUP}
