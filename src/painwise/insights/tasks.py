"""Background work of "What helps me": recompute a person's insights a little after they log something, and
work out the first results of a long diary (first open, import) without keeping a request waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django_tasks import task

from painwise.core import datacache

if TYPE_CHECKING:
    from painwise.core.types import User
    from painwise.insights.services import KeptInsights

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
    if services.results_are_current(user=user):
        datacache.clear_flag(user_id, services.QUEUED)
        return 0.0  # already worked out meanwhile (by the page's poll, when this run was late)
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


def queue_after_import(user_id: int) -> None:
    """After many rows were written at once (an import): with nothing kept yet and a long diary, work the
    results out in the background now, so the first open of the page finds them (an after_many_changes hook;
    with results kept, the after_data_change hook queues the usual recomputation)."""
    from django.contrib.auth import get_user_model

    from painwise.insights import services

    if datacache.kept_exists(user_id, services.RESULTS):
        return
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None and services.is_long_diary(user=user):
        queue_first_results(user_id=user_id)


def queue_first_results(*, user_id: int) -> None:
    """Hand the working out of a person's results to the background worker, to run at once (a first open
    of a long diary, or right after an import); nothing is queued when a run is already waiting."""
    from painwise.insights import services

    datacache.set_flag(user_id, services.ASKED, timeout=services.QUEUED_PATIENCE)
    if datacache.add_flag(user_id, services.QUEUED, timeout=services.FIRST_OPEN_PATIENCE):
        recompute_insights.enqueue(user_id)


def insights_or_queue(*, user: User) -> KeptInsights | None:
    """For the page: like ``services.current_insights``, but with nothing kept and a long diary the results
    are handed to the background worker and None is returned (the page says they are being worked out).

    Once a handed-over run is FIRST_OPEN_PATIENCE seconds late with nothing kept (no worker), they are
    worked out now, so nobody waits for ever."""
    from painwise.insights import services

    kept = services.kept_insights(user=user)
    if kept is None:
        if services.in_progress(user=user):
            return None
        if not datacache.flag_set(user.pk, services.ASKED) and services.is_long_diary(user=user):
            queue_first_results(user_id=user.pk)
            kept = services.kept_insights(user=user)
            if kept is None:  # not already run by a backend that runs tasks at once
                return None
    return services.current_from(kept, user=user)
