from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "painwise.core"
    label = "core"
    verbose_name = "Painwise core"
