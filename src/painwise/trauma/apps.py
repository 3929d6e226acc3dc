from __future__ import annotations

from django.apps import AppConfig


class TraumaConfig(AppConfig):
    name = "painwise.trauma"
    label = "trauma"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, registry
        from painwise.trauma import content, hooks
        from painwise.trauma.exchange import SECTIONS

        content.track_content()  # broken content stops the app at start-up, naming file and field
        registry.entry_checks.append(hooks.entry_notices)
        registry.entries_checks[hooks.entry_notices] = hooks.entries_notices
        registry.home_panels.append(hooks.home_panel)
        for section in SECTIONS:
            add_exchange_section(section)
