"""The questionnaires this deployment has: the shipped ones and the licensed extras it names.

Here rather than in services so that the FHIR exporter, which services use, can read them too.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from painwise.instruments.catalog import catalogue
from painwise.instruments.content_schema import Instrument


def extra_instrument_dirs() -> list[Path]:
    """Directories of licensed instruments named by PAINWISE_EXTRA_INSTRUMENTS_DIR (os.pathsep-separated)."""
    value = getattr(settings, "EXTRA_INSTRUMENTS_DIR", "") or ""
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def all_instruments() -> dict[str, Instrument]:
    """Every loaded instrument: the shipped ones and the deployment's licensed extras."""
    return catalogue(extra_instrument_dirs())
