from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.experiments.models import Experiment

if TYPE_CHECKING:
    from painwise.core.types import User



def get_experiment_for_user(user: User, experiment_id: Any) -> Experiment:
    """The person's own experiment, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(Experiment, user=user, pk=experiment_id)
