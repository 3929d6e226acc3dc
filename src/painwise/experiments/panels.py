"""Home-page panel (today's assignment, one-tap adherence), the flare check that offers a pause, and the agenda
source (each running experiment's assignment per day, for the plan's today list, reminders and calendar feed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext

from painwise.accounts.services import local_today
from painwise.core.hooks import AgendaItem, Notice

if TYPE_CHECKING:
    from painwise.core.types import User


FLARE_WORST_PAIN = 8


def today_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    """Each running experiment with today's assignment and whether it was followed."""
    from painwise.experiments import services  # numpy and the statistics: only when a panel is drawn

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
    from painwise.experiments import services  # numpy and the statistics: only when a panel is drawn

    user = getattr(obj, "user", None)
    is_episode = type(obj).__name__ == "PainEpisode"
    worst = getattr(obj, "pain_worst", None)
    if user is None or not (is_episode or (worst is not None and worst >= FLARE_WORST_PAIN)):
        return []
    running = [e for e in services.active_experiments(user=user) if e.status == e.Status.RUNNING]
    return [
        Notice(
            level="info",
            title=gettext("A flare during your experiment"),
            body=gettext(
                "You can pause the experiment %(e)s until you feel ready; the pause is recorded in its report. "
                "If something feels different or worrying, check the warning signs and contact a clinician."
            )
            % {"e": e},
            link=reverse("experiments:detail", args=[e.pk]),
            code=f"experiments:flare:{e.pk}",
        )
        for e in running
    ]


def agenda_items(user: User, start: dt.date, end: dt.date) -> Iterator[AgendaItem]:
    """One item per day of each running experiment from ``start`` to ``end``: that day's assignment. The
    private title says only A or B, never what is tested; done or skipped once the day's tap is given."""
    from painwise.experiments import services  # numpy and the statistics: only when a panel is drawn

    for experiment in services.active_experiments(user=user):
        if experiment.status != experiment.Status.RUNNING or experiment.start_date is None:
            continue
        taps = {a.day: a.followed for a in experiment.adherence.filter(day__gte=start, day__lte=end)}
        url = reverse("experiments:detail", args=[experiment.pk])
        first = max(start, experiment.start_date)
        for offset in range((end - first).days + 1):
            day = first + dt.timedelta(days=offset)
            assignment = services.assignment_for(experiment=experiment, day=day)
            if assignment is None:
                continue
            named = {"condition": assignment.condition,
                     "label": services.label_of(experiment, assignment.condition)}
            title = (gettext("Experiment: %(condition)s - %(label)s (washout day)") if assignment.washout
                     else gettext("Experiment: %(condition)s - %(label)s")) % named
            tap = taps.get(day)
            yield AgendaItem(
                key=f"experiment:{experiment.pk}:{day.isoformat()}", day=day, kind="experiment", title=title,
                url=url, private_title=gettext("Painwise: experiment day %(condition)s") % named, sensitive=True,
                status="due" if tap is None else ("done" if tap else "skipped"),
            )
