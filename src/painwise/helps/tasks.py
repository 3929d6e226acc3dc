"""Background work of "What helps me": recompute a person's insights after they log something."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_insights(user_id: int) -> float:
    """Recompute and keep the person's insights; the time it took (ms), or 0 when the account is gone."""
    from django.contrib.auth import get_user_model

    from painwise.helps.services import refresh_insights

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0.0
    return refresh_insights(user=user).insights.milliseconds
