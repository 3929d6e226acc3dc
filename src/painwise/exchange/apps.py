from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ExchangeConfig(AppConfig):
    name = "painwise.exchange"
    label = "exchange"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item, registry
        from painwise.exchange.services import export_csv, export_json

        registry.exporters["json"] = export_json
        registry.exporters["csv"] = export_csv
        add_nav_item(gettext_lazy("Your data"), "exchange:data")
