from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from painwise.core.hooks import registry

# Always visible, even on a phone: the daily actions and the way to help. The rest sit under "More".
PRIMARY = ("diary:checkin_today", "therapies:catalog", "diary:history", "helps:overview", "safety:help")


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation items registered by the domains (primary first, the rest under More), and sign-up state."""
    primary = sorted((i for i in registry.nav_items if i[1] in PRIMARY), key=lambda i: PRIMARY.index(i[1]))
    more = [i for i in registry.nav_items if i[1] not in PRIMARY]
    return {"nav_items": primary, "nav_more": more, "allow_signup": settings.ALLOW_SIGNUP}
