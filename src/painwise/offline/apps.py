from __future__ import annotations

from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "painwise.offline"
    label = "offline"
    verbose_name = "Offline use and installing on a phone"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, registry
        from painwise.offline.exchange import OFFLINE_ENTRIES
        from painwise.offline.panels import held_entries_panel

        if held_entries_panel not in registry.home_panels:
            registry.home_panels.append(held_entries_panel)
        add_exchange_section(OFFLINE_ENTRIES)
