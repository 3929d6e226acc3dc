from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReportConfig(AppConfig):
    name = "painwise.report"
    label = "report"
    verbose_name = "Clinician report"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, add_nav_item
        from painwise.report.exchange import SECTIONS

        add_nav_item(gettext_lazy("Report"), "report:report")
        for section in SECTIONS:
            add_exchange_section(section)
