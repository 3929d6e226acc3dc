from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ProgrammesConfig(AppConfig):
    name = "painwise.programmes"
    label = "programmes"

    def ready(self) -> None:
        from painwise.core.hooks import add_agenda_source, add_exchange_section, add_nav_item, registry
        from painwise.programmes import content, services
        from painwise.programmes.exchange import SECTIONS
        from painwise.programmes.panels import history_panel

        content.programmes()  # broken content stops the app at start-up, naming file and field
        add_nav_item(gettext_lazy("Programmes"), "programmes:list")
        registry.plan_choices["programme"] = services.plan_choices
        add_agenda_source(services.agenda_items)
        if history_panel not in registry.history_panels:
            registry.history_panels.append(history_panel)
        for section in SECTIONS:
            add_exchange_section(section)
