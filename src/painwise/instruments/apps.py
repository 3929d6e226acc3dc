from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InstrumentsConfig(AppConfig):
    name = "painwise.instruments"
    label = "instruments"
    verbose_name = "Questionnaires"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, add_nav_item, registry
        from painwise.instruments import signals
        from painwise.instruments.catalog import catalogue
        from painwise.instruments.exchange import SECTIONS
        from painwise.instruments.exporter import export_fhir
        from painwise.instruments.panels import due_panel
        from painwise.instruments.services import extra_instrument_dirs

        catalogue(extra_instrument_dirs())  # fail at start-up, not on first use, if a content file is broken
        signals.connect()
        add_nav_item(gettext_lazy("Questionnaires"), "instruments:index")
        registry.home_panels.append(due_panel)
        registry.exporters["fhir"] = export_fhir
        for section in SECTIONS:
            add_exchange_section(section)
