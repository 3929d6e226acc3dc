from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PlanConfig(AppConfig):
    name = "painwise.plan"
    label = "plan"
    verbose_name = "My plan"

    def ready(self) -> None:
        from painwise.core.hooks import add_agenda_source, add_exchange_section, add_nav_item, registry
        from painwise.plan.exchange import SECTIONS
        from painwise.plan.panels import today_panel
        from painwise.plan.services import plan_agenda, questionnaire_agenda

        add_nav_item(gettext_lazy("My plan"), "plan:index")
        if today_panel not in registry.home_panels:
            registry.home_panels.insert(0, today_panel)  # the today list first on the home page
        add_agenda_source(plan_agenda)
        add_agenda_source(questionnaire_agenda)
        for section in SECTIONS:
            add_exchange_section(section)
