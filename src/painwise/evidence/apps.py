from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EvidenceConfig(AppConfig):
    name = "painwise.evidence"
    label = "evidence"

    def ready(self) -> None:
        from painwise.core.hooks import add_nav_item, registry
        from painwise.evidence import hooks
        from painwise.evidence.cards import all_cards

        # Every card is validated at start-up: a card without sources or with an over-claiming summary stops here.
        all_cards()
        add_nav_item(gettext_lazy("Evidence"), "evidence:index")
        registry.entry_checks.append(hooks.first_entry_notice)
        registry.entries_checks[hooks.first_entry_notice] = hooks.first_entries_notices
