from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.experiments.models import Experiment


def get_experiment_for_user(user: Any, experiment_id: Any) -> Experiment:
    """The person's own experiment, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(Experiment, user=user, pk=experiment_id)
