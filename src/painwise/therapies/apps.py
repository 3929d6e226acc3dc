from __future__ import annotations

from django.apps import AppConfig


class TherapiesConfig(AppConfig):
    name = "painwise.therapies"
    label = "therapies"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item

        add_nav_item("Log therapy", "therapies:catalog")
        add_nav_item("Medications", "therapies:medications")
