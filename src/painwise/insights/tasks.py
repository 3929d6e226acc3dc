"""Background work of "What helps me": recompute a person's insights a little after they log something."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from painwise.core import datacache

# painwise.insights.services (numpy, scipy) is imported inside the functions: this module is loaded at
# start-up (apps.py) by every process, including CLI commands that never compute an insight.


@task()
def recompute_insights(user_id: int) -> float:
    """Recompute and keep the person's insights; the time it took (ms), or 0 when the account is gone."""
    from django.contrib.auth import get_user_model

    from painwise.insights import services

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0.0
    return services.refresh_insights(user=user).insights.milliseconds


def queue_recompute(user_id: int) -> None:
    """After a write: recompute the person's insights in the background, once for writes close together
    (an after_data_change hook; nothing is queued when a run is already waiting)."""
    from painwise.insights import services

    if not datacache.kept_exists(user_id, services.RESULTS):
        return  # never looked at: the page computes them when it is first opened
    if not datacache.add_flag(user_id, services.QUEUED, timeout=services.QUEUED_PATIENCE):
        return
    run = recompute_insights
    if run.get_backend().supports_defer:
        run = run.using(run_after=timezone.now() + services.RECOMPUTE_DELAY)
    run.enqueue(user_id)
