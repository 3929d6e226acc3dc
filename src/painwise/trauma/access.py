"""One access helper per resource: the owner's record or 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.trauma.models import GroundingUse, Trigger

if TYPE_CHECKING:
    from painwise.core.types import User



def get_trigger_for_user(user: User, trigger_id: Any) -> Trigger:
    """The person's own trigger note; Http404 for anyone else or an anonymous visitor."""
    return get_owned(Trigger, user=user, pk=trigger_id)


def get_grounding_use_for_user(user: User, use_id: Any) -> GroundingUse:
    """The person's own tool use; Http404 for anyone else or an anonymous visitor."""
    return get_owned(GroundingUse, user=user, pk=use_id)
