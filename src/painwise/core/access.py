"""The shape every per-resource access helper follows: owner or 404, never a hint that it exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from painwise.core.types import Visitor


M = TypeVar("M", bound=models.Model)


def get_owned(model: type[M], *, user: Visitor | None, pk: Any) -> M:
    """The ``model`` row with primary key ``pk`` if ``user`` owns it; Http404 otherwise (also when anonymous)."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return model._default_manager.get(pk=pk, user=user)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
