from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.safety.models import SafetyEvent


def get_event_for_user(user: Any, event_id: Any) -> SafetyEvent:
    """The person's own safety event, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(SafetyEvent, user=user, pk=event_id)
