"""What a plan part can be: the built-in kinds (medications, therapies, the check-in, questionnaires) and the
kinds other domains offer through ``painwise.core.hooks.registry.plan_choices`` (programmes, tracks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from painwise.core.hooks import PlanChoice, registry

if TYPE_CHECKING:
    from painwise.core.types import User


# Things Painwise never puts into a plan as something to do: substances, and the catalog's catch-alls.
NOT_PLANNED = frozenset({"medication", "custom", "kratom", "alcohol"})
KIND_LABELS = {
    "medication": gettext_noop("A medication from my list"),
    "therapy": gettext_noop("A therapy or practice (exercise, physiotherapy, CBT skills, acupuncture, sleep...)"),
    "checkin": gettext_noop("The daily check-in"),
    "questionnaire": gettext_noop("A questionnaire"),
    "programme": gettext_noop("A guided programme"),
    "track": gettext_noop("A track"),
}
# What a reminder that hides names says for one item of each kind (whole phrases: a translator may reorder them).
PRIVATE_TITLES = {
    "medication": gettext_noop("Painwise: 1 dose due"),
    "checkin": gettext_noop("Painwise: 1 check-in due"),
    "questionnaire": gettext_noop("Painwise: 1 questionnaire due"),
}


def _medications(user: User) -> list[PlanChoice]:
    from painwise.therapies.services import active_medications

    return [PlanChoice(value=str(m.pk), label=str(m), url=reverse("therapies:log", args=["medication"]),
                       sensitive=True, logged_as=f"medication:{m.pk}") for m in active_medications(user=user)]


def _therapies(user: User) -> list[PlanChoice]:
    from painwise.therapies.services import catalog

    return [PlanChoice(value=m.slug, label=m.name, url=reverse("therapies:log", args=[m.slug]),
                       sensitive=m.sensitive, logged_as=m.slug)
            for m in catalog().values() if m.slug not in NOT_PLANNED]


def _checkin(user: User) -> list[PlanChoice]:
    return [PlanChoice(value="checkin", label=gettext("Daily check-in"), url=reverse("diary:checkin_today"),
                       logged_as="checkin")]


def _questionnaires(user: User) -> list[PlanChoice]:
    from painwise.instruments.services import available_instruments

    return [PlanChoice(value=i.id, label=i.name, url=reverse("instruments:fill", args=[i.id]), sensitive=True)
            for i in available_instruments(user=user)]


BUILT_IN = {"medication": _medications, "therapy": _therapies, "checkin": _checkin, "questionnaire": _questionnaires}


def kinds() -> dict[str, str]:
    """Every part kind offered now (built in, then those other domains registered), with its label."""
    offered = {**BUILT_IN, **registry.plan_choices}
    return {kind: gettext(KIND_LABELS[kind]) if kind in KIND_LABELS else kind.replace("_", " ").capitalize()
            for kind in offered}


def choices_for(*, user: User, kind: str) -> list[PlanChoice]:
    """What the person can choose for a part of ``kind`` (empty for an unknown kind)."""
    source = BUILT_IN.get(kind) or registry.plan_choices.get(kind)
    return list(source(user)) if source else []


def private_title_for(kind: str) -> str:
    """What a reminder or calendar event says for one item of ``kind`` without naming it, in the active language."""
    return gettext(PRIVATE_TITLES.get(kind, gettext_noop("Painwise: 1 session due")))
