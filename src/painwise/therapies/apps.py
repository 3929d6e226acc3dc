from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TherapiesConfig(AppConfig):
    name = "painwise.therapies"
    label = "therapies"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item

        add_nav_item(gettext_lazy("Log therapy"), "therapies:catalog")
        add_nav_item(gettext_lazy("Medications"), "therapies:medications")
