from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SafetyConfig(AppConfig):
    name = "painwise.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, add_nav_item, registry
        from painwise.safety.crisis import crisis_content
        from painwise.safety.exchange import EVENTS
        from painwise.safety.hooks import entry_red_flag_notices, mention_check
        from painwise.safety.mentions import crisis_words
        from painwise.safety.panels import unacknowledged_crisis_panel
        from painwise.safety.red_flags import red_flag_content

        crisis_content()  # broken content fails at start-up, not when someone is in crisis
        red_flag_content()
        crisis_words()
        add_nav_item(gettext_lazy("Get help"), "safety:help")
        registry.home_panels.insert(0, unacknowledged_crisis_panel)
        registry.entry_checks.append(entry_red_flag_notices)
        for checks in (registry.diary_checks, registry.entry_checks):
            if mention_check not in checks:
                checks.append(mention_check)
        add_exchange_section(EVENTS)
