"""Small factories for plan tests."""

from __future__ import annotations

from typing import Any

from painwise.core.types import User
from painwise.plan import services
from painwise.plan.models import PlanPart

EVERY_DAY = "0123456"


def part(user: User, *, kind: str = "therapy", choice: str = "exercise", **values: Any) -> PlanPart:
    """A part due every day unless the values say otherwise."""
    return services.add_part(user=user, values={"kind": kind, "choice": choice, "schedule": "weekdays",
                                                 "weekdays": EVERY_DAY, **values})
