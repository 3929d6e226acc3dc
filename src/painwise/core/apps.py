from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class CoreConfig(AppConfig):
    name = "painwise.core"
    label = "core"
    verbose_name = "Painwise core"

    def ready(self) -> None:
        checks.register(https_needs_a_trusted_proxy, checks.Tags.security, deploy=False)


def https_needs_a_trusted_proxy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """PAINWISE_HTTPS without PAINWISE_TRUSTED_PROXY redirects for ever behind a TLS-ending proxy."""
    if not settings.HTTPS or settings.TRUSTED_PROXIES:
        return []
    return [checks.Warning(
        "PAINWISE_HTTPS is on but PAINWISE_TRUSTED_PROXY is empty.",
        hint="`painwise serve` speaks plain HTTP, so HTTPS comes from a reverse proxy: name it in "
             "PAINWISE_TRUSTED_PROXY (e.g. 127.0.0.1), or every request is redirected to HTTPS again and again.",
        id="painwise.W001",
    )]
