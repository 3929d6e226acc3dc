"""Sorting by name in Python: medication and own-factor names are encrypted, so SQL cannot order them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def by_name(rows: Iterable[T], *, active_first: bool = False) -> list[T]:
    """``rows`` sorted by name ignoring case (active ones first when asked), ties by creation order."""
    def key(row: Any) -> tuple[bool, str, int]:
        return (active_first and not getattr(row, "active", True), row.name.casefold(), row.pk or 0)
    return sorted(rows, key=key)
