from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DiaryConfig(AppConfig):
    name = "painwise.diary"
    label = "diary"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item

        add_nav_item(gettext_lazy("Check-in"), "diary:checkin_today")
        add_nav_item(gettext_lazy("History"), "diary:history")
