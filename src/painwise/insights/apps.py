from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class HelpsConfig(AppConfig):
    name = "painwise.insights"
    label = "helps"

    def ready(self) -> None:
        from painwise.core.hooks import add_after_data_change, add_after_many_changes, add_nav_item
        from painwise.insights.tasks import queue_after_import, queue_recompute

        add_nav_item(gettext_lazy("What helps me"), "helps:overview")
        add_after_data_change(queue_recompute)
        add_after_many_changes(queue_after_import)
