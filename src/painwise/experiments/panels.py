"""Home-page panel (today's assignment, one-tap adherence) and the flare check that offers a pause."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from painwise.accounts.services import local_today
from painwise.core.hooks import Notice
from painwise.experiments import services

FLARE_WORST_PAIN = 8


def today_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    """Each running experiment with today's assignment and whether it was followed."""
    if not request.user.is_authenticated:
        return None
    today = local_today(request.user)
    items = []
    for experiment in services.active_experiments(user=request.user):
        services.finish_if_due(experiment, today=today)
        if experiment.status not in services.ACTIVE:
            continue
        assignment = services.assignment_for(experiment=experiment, day=today)
        tap = experiment.adherence.filter(day=today).first()
        items.append({
            "experiment": experiment,
            "assignment": assignment,
            "label": services.label_of(experiment, assignment.condition) if assignment else "",
            "followed": None if tap is None else tap.followed,
            "red_flags": services.red_flags_during(experiment),
        })
    if not items:
        return None
    return "experiments/_today_panel.html", {"items": items}


def flare_check(obj: Any) -> list[Notice]:
    """A flare (a pain episode, or worst pain 8 or more) during a running experiment: offer to pause it."""
    user = getattr(obj, "user", None)
    is_episode = type(obj).__name__ == "PainEpisode"
    worst = getattr(obj, "pain_worst", None)
    if user is None or not (is_episode or (worst is not None and worst >= FLARE_WORST_PAIN)):
        return []
    running = [e for e in services.active_experiments(user=user) if e.status == e.Status.RUNNING]
    return [
        Notice(
            level="info",
            title="A flare during your experiment",
            body=f"You can pause the experiment {e} until you feel ready; the pause is recorded in its report. "
                 "If something feels different or worrying, check the warning signs and contact a clinician.",
            link=reverse("experiments:detail", args=[e.pk]),
            code=f"experiments:flare:{e.pk}",
        )
        for e in running
    ]
