"""Paged API lists: at most 100 items per request (``limit``, ``offset``), with the ``count`` of all.

``paged`` is django-ninja's ``paginate`` for modules written with ``from __future__ import annotations``:
ninja builds the query parameters from the wrapped function's annotations, which must then be real types,
not strings it would resolve in its own module.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from ninja.pagination import LimitOffsetPagination, paginate


def paged(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view`` (returning a queryset or list) answered as ``{"items": [...], "count": n}``, 100 at most."""
    view.__annotations__ = typing.get_type_hints(view)
    return paginate(LimitOffsetPagination)(view)  # type: ignore[no-any-return]
