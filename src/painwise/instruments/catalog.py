"""Load every questionnaire content file, once, and fail loudly on any broken one.

The shipped instruments live in ``content/instruments/``. A deployment that holds a licence for
another instrument (BPI, PROMIS, ISI…) adds its own YAML files in an extra directory (the
``PAINWISE_EXTRA_INSTRUMENTS_DIR`` setting); they use the same schema with the licence verdict
``licensed_by_deployment``. Errors name the file and the item (by id) that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from painwise.core.content import ContentError, content_path, read_yaml
from painwise.instruments.content_schema import FORBIDDEN_IN_CORE, Instrument

CORE_DIR = content_path("instruments")


class UnknownInstrumentError(LookupError):
    """No instrument with that id is loaded."""


def _describe_location(location: Sequence[Any], data: Any) -> str:
    """Turn a pydantic error location into words, naming list elements by id or label."""
    text = ""
    node = data
    for part in location:
        if isinstance(part, int):
            element = node[part] if isinstance(node, list) and part < len(node) else None
            name = (element.get("id") or element.get("label")) if isinstance(element, dict) else None
            text += f"[{name or part}]"
            node = element
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def parse_instrument(data: Any, *, origin: str) -> Instrument:
    """Validate one parsed file; a ``ContentError`` names ``origin`` and each failing item and field."""
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_describe_location(err['loc'], data)}: {err['msg']}" for err in exc.errors())
        raise ContentError(f"{origin}: {problems}") from exc


def load_file(path: Path) -> Instrument:
    """Read and validate one instrument file; its id must match the file name."""
    instrument = parse_instrument(read_yaml(path), origin=path.name)
    if instrument.id != path.stem:
        raise ContentError(f"{path.name}: id {instrument.id!r} does not match the file name")
    return instrument


def load_directory(directory: Path, *, core: bool) -> dict[str, Instrument]:
    """Every ``*.yaml`` instrument in ``directory``; core files may not be licensed-only or forbidden."""
    if not directory.is_dir():
        raise ContentError(f"instrument directory {directory.name!r} does not exist")
    found: dict[str, Instrument] = {}
    for path in sorted(directory.glob("*.yaml")):
        instrument = load_file(path)
        if core and (instrument.id in FORBIDDEN_IN_CORE or instrument.licence.verdict == "licensed_by_deployment"):
            raise ContentError(f"{path.name}: this instrument may not ship in the open-source core")
        found[instrument.id] = instrument
    return found


@cache
def _catalogue(extra_dirs: tuple[Path, ...]) -> dict[str, Instrument]:
    instruments = load_directory(CORE_DIR, core=True)
    for directory in extra_dirs:
        for instrument_id, instrument in load_directory(directory, core=False).items():
            if instrument_id in instruments:
                raise ContentError(f"{directory.name}/{instrument_id}.yaml: duplicates instrument {instrument_id!r}")
            instruments[instrument_id] = instrument
    return instruments


def catalogue(extra_dirs: Iterable[Path] = ()) -> dict[str, Instrument]:
    """All instruments by id: the shipped ones plus those in ``extra_dirs`` (cached per directory set)."""
    return dict(_catalogue(tuple(Path(d) for d in extra_dirs)))


def get_instrument(instrument_id: str, *, extra_dirs: Iterable[Path] = ()) -> Instrument:
    """One instrument by id (case-insensitive, ``PHQ-9`` and ``phq9`` both work)."""
    key = instrument_id.lower().replace("-", "").replace(" ", "")
    instruments = catalogue(extra_dirs)
    if key not in instruments:
        known = ", ".join(sorted(instruments))
        raise UnknownInstrumentError(f"unknown instrument {instrument_id!r}; known: {known}")
    return instruments[key]
