"""The shape every per-resource access helper follows: owner or 404, never a hint that it exists."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_owned(model: type[M], *, user: Any, pk: Any) -> M:
    """The ``model`` row with primary key ``pk`` if ``user`` owns it; Http404 otherwise (also when anonymous)."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return model._default_manager.get(pk=pk, user=user)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
