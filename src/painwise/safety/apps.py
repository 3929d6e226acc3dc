from __future__ import annotations

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "painwise.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item, registry
        from painwise.safety.crisis import crisis_content
        from painwise.safety.hooks import entry_red_flag_notices
        from painwise.safety.panels import unacknowledged_crisis_panel
        from painwise.safety.red_flags import red_flag_content

        crisis_content()  # broken content fails at start-up, not when someone is in crisis
        red_flag_content()
        add_nav_item("Get help", "safety:help")
        registry.home_panels.insert(0, unacknowledged_crisis_panel)
        registry.entry_checks.append(entry_red_flag_notices)
