from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages.context_processors import messages as flash_messages
from django.http import HttpRequest

from painwise.core.hooks import registry

# Always visible, even on a phone: the daily actions and the way to help. The rest sit under "More".
PRIMARY = ("diary:checkin_today", "therapies:catalog", "diary:history", "helps:overview", "safety:help")


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation items registered by the domains (primary first, the rest under More), and sign-up state."""
    primary = sorted((i for i in registry.nav_items if i[1] in PRIMARY), key=lambda i: PRIMARY.index(i[1]))
    more = [i for i in registry.nav_items if i[1] not in PRIMARY]
    return {"nav_items": primary, "nav_more": more, "allow_signup": settings.ALLOW_SIGNUP}


# Sent by the service worker when it fetches a form page in the background to keep it for offline use: nobody
# reads that page now, so it must not take the flash messages meant for the page the person opens next.
BACKGROUND_HEADER = "X-Painwise-Background"


def messages(request: HttpRequest) -> dict[str, Any]:
    """Django's flash messages for the page, except on a page fetched in the background (``BACKGROUND_HEADER``):
    reading them there would use them up, and a warning shown after a save (an interaction, a support
    notice) would never reach the person, and would be kept in the offline copy besides."""
    context: dict[str, Any] = dict(flash_messages(request))
    if request.headers.get(BACKGROUND_HEADER):
        context["messages"] = ()
    return context
