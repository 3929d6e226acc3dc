"""CSV exports of other apps read strictly, each record with the line it starts on (no Django)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from painwise.core.messages import gettext_noop
from painwise.exchange.formats import FormatError, problem


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its cells) for each record of CSV ``text``.

    Read strictly, so a quote left open at the end (a file cut short) or a stray quote is a FormatError
    naming the line, instead of a last record that swallows the rest of the file or a crash.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = gettext_noop("is not well-formed CSV (%(error)s); is the file damaged or cut short?")
            raise FormatError([problem(f"line {start}", "", reason, error=exc)]) from None
        yield start, cells
