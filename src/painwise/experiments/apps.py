from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ExperimentsConfig(AppConfig):
    name = "painwise.experiments"
    label = "experiments"
    verbose_name = "Experiments"

    def ready(self) -> None:
        from painwise.core.hooks import add_agenda_source, add_exchange_section, add_nav_item, registry
        from painwise.experiments.exchange import SECTIONS
        from painwise.experiments.panels import agenda_items, flare_check, today_panel
        from painwise.experiments.safety import rules

        rules()  # fail at start-up if the safety content is broken
        add_nav_item(gettext_lazy("Experiments"), "experiments:index")
        registry.home_panels.append(today_panel)
        registry.diary_checks.append(flare_check)
        add_agenda_source(agenda_items)
        for section in SECTIONS:
            add_exchange_section(section)
