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
        from django.db.backends.signals import connection_created

        checks.register(https_needs_a_trusted_proxy, checks.Tags.security, deploy=False)
        connection_created.connect(private_sqlite_files, dispatch_uid="painwise-private-sqlite-files")
        from painwise.core.datacache import connect_signals

        connect_signals()


def private_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Keep the SQLite database and its -wal/-shm files readable by their owner only (mode 0600).

    SQLite gives the -wal and -shm files the mode of the main file, so fixing the main file once
    covers the journal files it creates later; the ones already there are fixed here too.
    """
    if connection.vendor != "sqlite":
        return
    from painwise.core.files import make_private

    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm"):
        make_private(path)


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
