"""Outgoing e-mail: PAINWISE_EMAIL_URL parsed into Django's EMAIL_* settings, and a backend for "none".

Without an e-mail URL nothing is sent: in development (DEBUG) messages go to the console, anywhere
else they are dropped with a warning that names no recipient and no content, so a password-reset
link never ends up in a log. The password-reset page then says how to reset a password instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}
CONSOLE = "django.core.mail.backends.console.EmailBackend"
NOT_CONFIGURED = "painwise.core.mail.NotConfiguredBackend"


def email_settings(url: str, *, debug: bool) -> dict[str, Any]:
    """Django EMAIL_* settings for an e-mail URL (smtp://user:pass@host:587?tls=true or smtps://...).

    An empty URL gives the console backend when ``debug`` and the not-configured backend otherwise.
    ImproperlyConfigured names what is wrong with a malformed URL.
    """
    if not url:
        return {"EMAIL_BACKEND": CONSOLE if debug else NOT_CONFIGURED, "EMAIL_CONFIGURED": False}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            "PAINWISE_EMAIL_URL must look like smtp://user:password@host:587?tls=true or "
            "smtps://user:password@host:465 (percent-encode special characters in the password)."
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
        timeout = int(query.get("timeout", "10"))
    except ValueError:
        raise ImproperlyConfigured("PAINWISE_EMAIL_URL has a port or timeout that is not a number.") from None
    use_ssl = parts.scheme == "smtps" or query.get("ssl", "").lower() in _TRUE
    use_tls = not use_ssl and query.get("tls", "").lower() in _TRUE
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_CONFIGURED": True,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": timeout,
    }


class NotConfiguredBackend(BaseEmailBackend):
    """Sends nothing and logs only that a message was not sent (never its recipients or content)."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        if email_messages:
            logger.warning("E-mail is not configured (PAINWISE_EMAIL_URL); %d message(s) not sent.",
                           len(email_messages))
        return 0
