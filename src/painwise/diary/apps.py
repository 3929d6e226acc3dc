from __future__ import annotations

from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "painwise.diary"
    label = "diary"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item

        add_nav_item("Check-in", "diary:checkin_today")
        add_nav_item("History", "diary:history")
