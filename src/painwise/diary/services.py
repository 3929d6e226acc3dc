"""Diary services: record, correct and remove check-ins and pain episodes.

Every write validates the whole record (model validators, so forms, API, CLI and import agree)
before saving anything; errors are ValidationError with a message per field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from painwise.core.access import with_owner
from painwise.core.hooks import attach_notices, registry, run_checks
from painwise.core.versioning import save_changes
from painwise.diary import records
from painwise.diary.bodymap import quality_labels as quality_labels
from painwise.diary.bodymap import region_labels as region_labels

# The record classes, handed out for type annotations and the bulk writers of other domains (import, demo).
from painwise.diary.models import CheckIn as CheckIn
from painwise.diary.models import PainEpisode as PainEpisode
from painwise.diary.models import SyntheticTruth

if TYPE_CHECKING:
    from painwise.core.types import User


# What a check-in and an episode accept, declared once in painwise.diary.records.
CHECKIN_FIELDS = records.CHECKIN_FIELDS
EPISODE_FIELDS = records.EPISODE_FIELDS
SAME_AS_YESTERDAY = records.SAME_AS_YESTERDAY


def _unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))


def _apply(obj: Any, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    _unknown(values, allowed)
    for name, value in values.items():
        setattr(obj, name, value)


Saved = TypeVar("Saved", CheckIn, PainEpisode)


def _checked(obj: Saved) -> Saved:
    """Run the diary checks (e.g. a note that mentions self-harm); their notices ride on ``obj``."""
    attach_notices(obj, run_checks(registry.diary_checks, obj))
    return obj


def day_taken(day: dt.date) -> ValidationError:
    """The refusal of a second check-in for ``day``."""
    return ValidationError(
        {
            "day": gettext("There is already a check-in for %(isoformat)s; edit it instead.")
            % {"isoformat": day.isoformat()}
        }
    )


def prepare_checkin(*, user: User, day: dt.date, values: dict[str, Any]) -> CheckIn:
    """A validated, unsaved check-in; whether ``day`` is free is checked by the caller."""
    checkin = CheckIn(user=user, day=day)
    _apply(checkin, values, CHECKIN_FIELDS)
    checkin.full_clean(exclude=["user"], validate_unique=False)
    return checkin


@transaction.atomic
def record_checkin(*, user: User, day: dt.date, values: dict[str, Any]) -> CheckIn:
    """Save a new check-in for ``day``; a second one for the same day is refused (edit it instead)."""
    if CheckIn.objects.filter(user=user, day=day).exists():
        raise day_taken(day)
    checkin = prepare_checkin(user=user, day=day, values=values)
    try:
        # A savepoint: a same-day check-in saved by another request meanwhile leaves this transaction usable.
        with transaction.atomic():
            checkin.save()
    except IntegrityError:
        raise day_taken(day) from None
    return _checked(checkin)


def _clean_checkin(checkin: CheckIn) -> None:
    checkin.full_clean(exclude=["user"], validate_unique=False)


@transaction.atomic
def update_checkin(
    *, checkin: CheckIn, values: dict[str, Any], version: int | None = None, base: dict[str, Any] | None = None,
) -> CheckIn:
    """Complete or correct a check-in; only the given fields change (see painwise.core.versioning).

    ``version`` (and, from a form, ``base``: the values it showed) detect a field changed meanwhile
    by someone else: EditConflictError, nothing saved. Returns the saved check-in.
    """
    _unknown(values, CHECKIN_FIELDS)
    return _checked(save_changes(checkin, values=values, version=version, base=base, validate=_clean_checkin))


def delete_checkin(*, checkin: CheckIn) -> None:
    checkin.delete()


def checkin_for_day(*, user: User, day: dt.date) -> CheckIn | None:
    return with_owner(CheckIn.objects.filter(user=user, day=day).first(), user)


def previous_checkin(*, user: User, day: dt.date) -> CheckIn | None:
    """The most recent check-in of the week before ``day`` (what "same as yesterday" copies), or None."""
    return (
        CheckIn.objects.filter(user=user, day__lt=day, day__gte=day - dt.timedelta(days=7)).order_by("-day").first()
    )


def same_as_yesterday(*, user: User, day: dt.date) -> dict[str, Any]:
    """Values of the most recent earlier check-in (within a week) for pre-filling ``day``'s form."""
    previous = previous_checkin(user=user, day=day)
    if previous is None:
        return {}
    return {name: getattr(previous, name) for name in SAME_AS_YESTERDAY if getattr(previous, name) not in (None, "")}


def prepare_episode(*, user: User, values: dict[str, Any]) -> PainEpisode:
    """A validated, unsaved pain episode (what record_episode checks before saving)."""
    episode = PainEpisode(user=user)
    _apply(episode, values, EPISODE_FIELDS)
    episode.full_clean(exclude=["user"])
    return episode


@transaction.atomic
def record_episode(*, user: User, values: dict[str, Any]) -> PainEpisode:
    episode = prepare_episode(user=user, values=values)
    episode.save()
    return _checked(episode)


def _clean_episode(episode: PainEpisode) -> None:
    episode.full_clean(exclude=["user"])


@transaction.atomic
def update_episode(
    *, episode: PainEpisode, values: dict[str, Any], version: int | None = None, base: dict[str, Any] | None = None,
) -> PainEpisode:
    """Correct a flare; only the given fields change; a conflicting edit raises EditConflictError."""
    _unknown(values, EPISODE_FIELDS)
    return _checked(save_changes(episode, values=values, version=version, base=base, validate=_clean_episode))


def delete_episode(*, episode: PainEpisode) -> None:
    episode.delete()


def has_checkins(*, user: User) -> bool:
    """Whether the person has logged at least one check-in."""
    return CheckIn.objects.filter(user=user).exists()


def checkins_between(*, user: User, start: dt.date, end: dt.date) -> list[CheckIn]:
    """The person's check-ins from ``start`` to ``end`` (inclusive), oldest first (for reports)."""
    return list(CheckIn.objects.filter(user=user, day__range=(start, end)).order_by("day"))


def episodes_between(*, user: User, start: dt.date, end: dt.date) -> list[PainEpisode]:
    """The person's pain episodes (flares) that started from ``start`` to ``end`` (local days), oldest first."""
    episodes = PainEpisode.objects.filter(user=user).order_by("started_at")
    return [e for e in episodes if start <= e.day <= end]


def episode_starts_between(*, user: User, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """When the person's pain episodes (flares) that started from ``start`` to ``end`` (moments) started."""
    return list(PainEpisode.objects.filter(user=user, started_at__gte=start, started_at__lte=end)
                .values_list("started_at", flat=True))


def count_checkins(*, user: User) -> int:
    """How many check-ins the person has logged."""
    return CheckIn.objects.filter(user=user).count()


def checkin_days(*, user: User) -> set[dt.date]:
    """The days the person has a check-in for."""
    return set(CheckIn.objects.filter(user=user).values_list("day", flat=True))


def checkins_on(*, user: User, days: Iterable[dt.date]) -> dict[dt.date, CheckIn]:
    """The person's check-ins of ``days``, by day (days without one are left out)."""
    return {c.day: c for c in CheckIn.objects.filter(user=user, day__in=list(days))}


def checkin_values(*, user: User, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Every check-in of the person as a dict of ``fields`` (decrypted), oldest day first."""
    return list(CheckIn.objects.filter(user=user).order_by("day").values(*fields))


def pain_checkins(*, user: User) -> list[CheckIn]:
    """The person's check-ins that rate average pain, oldest day first."""
    return list(CheckIn.objects.filter(user=user, pain_average__isnull=False).order_by("day"))


def iter_checkins(*, user: User, chunk_size: int) -> Iterator[CheckIn]:
    """Every check-in of the person, oldest day first, read ``chunk_size`` at a time (long exports)."""
    return CheckIn.objects.filter(user=user).order_by("day").iterator(chunk_size=chunk_size)


def iter_episodes(*, user: User, chunk_size: int) -> Iterator[PainEpisode]:
    """Every pain episode (flare) of the person, oldest first, read ``chunk_size`` at a time (long exports)."""
    return PainEpisode.objects.filter(user=user).order_by("started_at", "pk").iterator(chunk_size=chunk_size)


def checkin_with_id(*, user_id: int, checkin_id: int) -> CheckIn | None:
    """The person's check-in ``checkin_id``; None when it is gone or someone else's."""
    return CheckIn.objects.filter(user=user_id, pk=checkin_id).first()


def episode_with_id(*, user_id: int, episode_id: int) -> PainEpisode | None:
    """The person's pain episode ``episode_id``; None when it is gone or someone else's."""
    return PainEpisode.objects.filter(user=user_id, pk=episode_id).first()


def episode_started_at(*, user: User, started_at: dt.datetime) -> PainEpisode | None:
    """The person's pain episode that started at ``started_at`` (the first one, if several did), or None."""
    return PainEpisode.objects.filter(user=user, started_at=started_at).first()


def add_simulated(*, user: User, checkins: list[CheckIn], episodes: list[PainEpisode], truth: dict[str, Any]) -> None:
    """Write a simulated diary's check-ins and flares (the demo person) as built, and the simulator's truth
    beside them so the statistics can be checked against it. No diary check runs: nothing was typed."""
    CheckIn.objects.bulk_create(checkins)
    PainEpisode.objects.bulk_create(episodes)
    SyntheticTruth.objects.create(user=user, truth=truth)
