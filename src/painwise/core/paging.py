"""Paged API lists: at most 100 items per request (``limit``, ``offset``), with the ``count`` of all.

``paged`` is django-ninja's ``paginate`` for modules written with ``from __future__ import annotations``:
ninja builds the query parameters from the wrapped function's annotations, which must then be real types,
not strings it would resolve in its own module.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from ninja.pagination import LimitOffsetPagination, paginate


def paged(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view`` (returning a queryset or list) answered as ``{"items": [...], "count": n}``, 100 at most."""
    view.__annotations__ = typing.get_type_hints(view)
    return paginate(LimitOffsetPagination)(view)  # type: ignore[no-any-return]


class Shaped(Sequence[Any]):
    """A queryset whose rows are turned into their API shape only for the page asked for: ``paged`` slices
    it and counts it without shaping (or decrypting) the rows of other pages."""

    def __init__(self, rows: QuerySet[Any], shape: Callable[[Any], Any]) -> None:
        self.rows, self.shape = rows, shape

    @typing.overload
    def __getitem__(self, index: int) -> Any: ...
    @typing.overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.shape(row) for row in self.rows[index]]
        return self.shape(self.rows[index])

    def __len__(self) -> int:
        return self.rows.count()
