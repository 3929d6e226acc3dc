from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from painwise.core.types import User



class TraumaConfig(AppConfig):
    name = "painwise.trauma"
    label = "trauma"

    def ready(self) -> None:
        from painwise.core.hooks import add_exchange_section, add_never_named, add_outcome_source, registry
        from painwise.trauma import content, hooks
        from painwise.trauma.exchange import SECTIONS

        content.track_content()  # broken content stops the app at start-up, naming file and field
        registry.entry_checks.append(hooks.entry_notices)
        registry.entries_checks[hooks.entry_notices] = hooks.entries_notices
        registry.home_panels.append(hooks.home_panel)
        registry.diary_checks.append(hooks.checkin_notices)
        registry.settings_panels.append(hooks.settings_panel)
        if hooks.CHECKIN_SECTION not in registry.checkin_sections:
            registry.checkin_sections.append(hooks.CHECKIN_SECTION)
        add_outcome_source(hooks.outcome_series)
        add_never_named(hooks.never_named)
        _add_plan_choices("track", hooks.plan_choices)
        for section in SECTIONS:
            add_exchange_section(section)


def _add_plan_choices(kind: str, offer: Callable[[Any], list[Any]]) -> None:
    """Offer ``offer``'s choices under ``kind`` next to any another domain already offers there."""
    from painwise.core.hooks import registry

    before = registry.plan_choices.get(kind)
    if before is None or before is offer:
        registry.plan_choices[kind] = offer
        return

    def both(user: User) -> list[Any]:
        return [*before(user), *offer(user)]

    registry.plan_choices[kind] = both
