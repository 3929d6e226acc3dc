"""The shape every per-resource access helper follows: owner or 404, never a hint that it exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from painwise.core.types import Visitor


M = TypeVar("M", bound=models.Model)
Row = TypeVar("Row", bound=models.Model | None)


def get_owned(model: type[M], *, user: Visitor | None, pk: Any) -> M:
    """The ``model`` row with primary key ``pk`` if ``user`` owns it; Http404 otherwise (also when anonymous)."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return with_owner(model._default_manager.get(pk=pk, user=user), user)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def with_owner(row: Row, user: Any) -> Row:
    """``row`` (read for ``user``, so theirs) holding ``user`` as its owner: ``row.user`` asks no query."""
    if row is not None:
        owner: Any = row._meta.get_field("user")
        owner.set_cached_value(row, user)
    return row
