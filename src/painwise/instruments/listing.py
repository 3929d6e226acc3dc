"""What `painwise questionnaire list` prints, read from a small index instead of validating every file.

Validating the questionnaire files needs pydantic and builds every content model: about two thirds of a
second, three times `painwise --help`. The index (``content/instruments/index.json``) holds the few
facts the list shows, made from the validated catalogue by `painwise docs` (which `painwise docs --check`
and the tests compare with the files). It names a digest of the shipped files: when a file changed since,
or a deployment adds its own instruments, the list validates the files as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from painwise.instruments.content_schema import Instrument

# The path without painwise.core.content, which imports pydantic.
CORE_DIR = Path(__file__).resolve().parent.parent / "content" / "instruments"
INDEX = CORE_DIR / "index.json"


def files_digest(directory: Path = CORE_DIR) -> str:
    """A SHA-256 over the names and bytes of the instrument files in ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def summary(instrument: Instrument) -> dict[str, Any]:
    """What the list shows of one validated instrument: names, audience, questions, total range (points)."""
    low, high = instrument.total_range
    return {"id": instrument.id, "short_name": instrument.short_name, "name": instrument.name,
            "audience": instrument.audience, "questions": len(instrument.items), "total_low": low,
            "total_high": high, "licence_notice": instrument.licence.notice}


def index_text() -> str:
    """The index as written to INDEX: the shipped instruments, validated now, with the files' digest."""
    from painwise.instruments.catalog import catalogue

    instruments = [summary(i) for i in sorted(catalogue().values(), key=lambda i: i.id)]
    return json.dumps({"digest": files_digest(), "instruments": instruments}, indent=1, ensure_ascii=False) + "\n"


def _indexed() -> list[dict[str, Any]] | None:
    try:
        data = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != files_digest():
        return None
    instruments: list[dict[str, Any]] = data["instruments"]
    return instruments


def listed(extra_dirs: Sequence[Path] = ()) -> list[dict[str, Any]]:
    """Every instrument's summary, by id: from the index when it matches the shipped files and there are
    no extra instruments; otherwise from the files, validated now (ContentError on a broken one)."""
    indexed = None if extra_dirs else _indexed()
    if indexed is not None:
        return indexed
    from painwise.instruments.catalog import catalogue

    return [summary(i) for i in sorted(catalogue(extra_dirs).values(), key=lambda i: i.id)]
