from __future__ import annotations

from django.apps import AppConfig


class TraumaConfig(AppConfig):
    name = "painwise.trauma"
    label = "trauma"

    def ready(self) -> None:
        from painwise.core.hooks import registry
        from painwise.trauma import content, hooks

        content.track_content()  # broken content stops the app at start-up, naming file and field
        registry.entry_checks.append(hooks.entry_notices)
        registry.entries_checks[hooks.entry_notices] = hooks.entries_notices
        registry.home_panels.append(hooks.home_panel)
