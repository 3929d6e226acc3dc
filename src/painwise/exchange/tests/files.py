"""Hand-made import files for tests: a CSV row or JSON record per dict, laid out as documented."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from painwise.exchange.formats import CSV_COLUMNS


def csv_file(*rows: dict[str, Any], version: int = 1) -> bytes:
    """A Painwise CSV: header on line 1, the format row on line 2, then ``rows`` from line 3."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerow({"record": "format", "name": "painwise", "version": version})
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_file(version: int = 1, **lists: Any) -> bytes:
    """A Painwise JSON document with the given record lists (custom_factors, checkins, entries ...)."""
    return json.dumps({"format": "painwise", "version": version, **lists}, indent=1).encode("utf-8")
