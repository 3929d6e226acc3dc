from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.plan.models import Goal, PlanPart

if TYPE_CHECKING:
    from painwise.core.types import User



def get_part_for_user(user: User, part_id: Any) -> PlanPart:
    """The person's own plan part, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(PlanPart, user=user, pk=part_id)


def get_goal_for_user(user: User, goal_id: Any) -> Goal:
    """The person's own goal, or Http404."""
    return get_owned(Goal, user=user, pk=goal_id)
