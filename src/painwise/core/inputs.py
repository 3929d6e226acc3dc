"""Checks on values that arrive as JSON (API bodies, import files), before any code relies on them.

Plain Python (no Django), so the file formats can use it too. Refused, with the path of the field:
- nesting deeper than ``MAX_DEPTH`` (a diary is never deep; 100,000 nested lists would exhaust the stack);
- whole numbers longer than ``MAX_DIGITS`` digits (no value in Painwise is that long; they overflow);
- text holding a NUL character (PostgreSQL text cannot store it) or a lone surrogate such as ``\\ud800``
  (not a character: it cannot be written as UTF-8, so it could be neither stored nor encrypted);
- times outside ``EARLIEST``..``LATEST`` (year 1 with an offset overflows when turned into UTC).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

MAX_DEPTH = 32
MAX_DIGITS = 18
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


class UnacceptableValueError(ValueError):
    """A value refused by these checks; ``path`` names the field (keys and list indexes), ``reason`` why."""

    def __init__(self, path: tuple[str, ...], reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{'.'.join(path) or 'value'}: {reason}")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (a NUL character or a lone surrogate), or None when it can."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains a lone surrogate ({text[exc.start]!a}), which is not a character"
    return None


def check_value(value: Any, path: tuple[str, ...] = (), depth: int = 0) -> None:
    """Raise UnacceptableValueError for the first unacceptable part of a parsed JSON ``value``."""
    if depth > MAX_DEPTH:
        raise UnacceptableValueError(path, f"is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, _LongNumber):
        raise UnacceptableValueError(path, f"is a number longer than {MAX_DIGITS} digits")
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise UnacceptableValueError(path, problem)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if abs(value) >= 10**MAX_DIGITS:
            raise UnacceptableValueError(path, f"is a number longer than {MAX_DIGITS} digits")
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                raise UnacceptableValueError((*path, ascii(key)), f"the field name {problem}")
            check_value(item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_value(item, (*path, str(index)), depth + 1)


class _LongNumber(str):
    """A whole number too long to accept, kept as its digits so check_value can name its field."""


def _int_of_bounded_length(text: str) -> int | _LongNumber:
    # Long digit strings are not converted: that costs seconds (CPython refuses over 4300 digits).
    return _LongNumber(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def loads(text: str | bytes) -> Any:
    """JSON text parsed and checked; UnacceptableValueError for a value above, ValueError when malformed."""
    try:
        value = json.loads(text, parse_int=_int_of_bounded_length)
    except RecursionError:
        raise UnacceptableValueError((), f"is nested more than {MAX_DEPTH} levels deep") from None
    check_value(value)
    return value


def size_text(size: int) -> str:
    """A size in bytes as people read it: 512 bytes, 40 KB, 2.5 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def check_moment(moment: dt.datetime) -> dt.datetime:
    """``moment`` (aware) when it is between the years 1900 and 2199; ValueError otherwise."""
    try:
        inside = EARLIEST <= moment < LATEST
    except OverflowError:
        inside = False
    if not inside:
        raise ValueError("must be a time between the years 1900 and 2199")
    return moment
