from __future__ import annotations

from django.apps import AppConfig


class HelpsConfig(AppConfig):
    name = "painwise.helps"
    label = "helps"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item

        add_nav_item("What helps me", "helps:overview")
