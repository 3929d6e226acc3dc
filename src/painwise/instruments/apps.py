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
        from painwise.instruments.exchange import RESPONSES_KEY, SECTIONS, ref_of_response
        from painwise.instruments.exporter import export_fhir
        from painwise.instruments.panels import due_panel
        from painwise.instruments.services import extra_instrument_dirs
        from painwise.safety.services import SafetyEvent, add_source_ref

        catalogue(extra_instrument_dirs())  # fail at start-up, not on first use, if a content file is broken
        signals.connect()
        add_nav_item(gettext_lazy("Questionnaires"), "instruments:index")
        registry.home_panels.append(due_panel)
        registry.exporters["fhir"] = export_fhir
        for section in SECTIONS:
            add_exchange_section(section)
        add_source_ref(SafetyEvent.Source.QUESTIONNAIRE, ref_of=ref_of_response, section=RESPONSES_KEY)
