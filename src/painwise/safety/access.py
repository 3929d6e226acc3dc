from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.safety.models import SafetyEvent

if TYPE_CHECKING:
    from painwise.core.types import User



def get_event_for_user(user: User, event_id: Any) -> SafetyEvent:
    """The person's own safety event, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(SafetyEvent, user=user, pk=event_id)
