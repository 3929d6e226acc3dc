"""Which tables hold a person's rows: every model with a foreign key (or one-to-one) to the user model,
and, following those relations, every model that points at such a model (a row owned through its parent).

Used by the export completeness test and by account deletion, so a domain's new model is covered
(or fails a test) without anyone remembering to list it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

if TYPE_CHECKING:
    from painwise.core.types import User



def _points_at(model: type[models.Model], targets: set[type[models.Model]]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in targets]


@functools.cache
def owned_models(*, include_auto_created: bool = False) -> tuple[type[models.Model], ...]:
    """Models whose rows belong to one person, directly (``user``) or through an owned parent, by label."""
    user_model = get_user_model()
    owned: set[type[models.Model]] = set()
    frontier: set[type[models.Model]] = {user_model}
    every = [m for m in apps.get_models(include_auto_created=include_auto_created) if m is not user_model]
    while frontier:
        found = {m for m in every if m not in owned and _points_at(m, frontier)}
        owned |= found
        frontier = found
    return tuple(sorted(owned, key=lambda m: m._meta.label))


def rows_of(model: type[models.Model], user: User) -> models.QuerySet[Any]:
    """The rows of an owned ``model`` that belong to ``user`` (through any chain of owned relations)."""
    return model._default_manager.filter(_ownership_filter(model, user, set()))


def _ownership_filter(model: type[models.Model], user: User, seen: set[type[models.Model]]) -> models.Q:
    user_model = get_user_model()
    condition = models.Q(pk__in=[])
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model in seen:
            continue
        if field.related_model is user_model:
            condition |= models.Q(**{field.name: user.pk})
        elif field.related_model in owned_models(include_auto_created=True):
            parent = field.related_model
            parents = parent._default_manager.filter(_ownership_filter(parent, user, seen | {model}))
            condition |= models.Q(**{f"{field.name}__in": parents.values("pk")})
    return condition
