from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SubstancesConfig(AppConfig):
    name = "painwise.substances"
    label = "substances"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, add_nav_item, registry
        from painwise.substances import hooks, services
        from painwise.substances.exchange import WITHDRAWAL_CHECKS

        # Fail at start-up, not on the first warning: broken content (a rule naming an unknown class,
        # an entry without a source) stops the app here with a message naming file and field.
        services.load_content()
        add_nav_item(gettext_lazy("Interactions"), "substances:interactions")
        registry.entry_checks.append(hooks.entry_notices)
        registry.entries_checks[hooks.entry_notices] = hooks.entries_notices
        registry.medication_checks.append(hooks.medication_notices)
        registry.home_panels.append(hooks.home_panel)
        add_exchange_section(WITHDRAWAL_CHECKS)
