"""Plain-dict form of insights for the API and exports (JSON-serialisable)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from painwise.nof1.types import Diagnostics, Insight


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def diagnostics_to_dict(diagnostics: Diagnostics) -> dict[str, Any]:
    """Diagnostics as a dict (floats rounded to 4 decimals, NaN as None), with ``ok``."""
    data = {f.name: _plain(getattr(diagnostics, f.name)) for f in dataclasses.fields(diagnostics)}
    data["ok"] = diagnostics.ok
    return data


def insight_to_dict(insight: Insight) -> dict[str, Any]:
    """An insight as a JSON-ready dict: every field, diagnostics nested, floats rounded to 4 decimals."""
    data = {f.name: _plain(getattr(insight, f.name)) for f in dataclasses.fields(insight) if f.name != "diagnostics"}
    data["diagnostics"] = diagnostics_to_dict(insight.diagnostics)
    return data
