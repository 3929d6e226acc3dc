"""One small loader for content files (questionnaires, evidence cards, crisis lines, rules).

Content is data, not code: YAML files under ``painwise/content/`` validated by pydantic models.
Every entry that makes a medical or legal statement carries ``sources`` and a ``review_date``;
``SourcedEntry`` enforces that. This module imports no Django so pure packages can use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

# libyaml's safe loader parses the content files about ten times faster than the pure-Python one, which
# dominated start-up; both build the same plain Python objects.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# Content older than this must be re-reviewed before release (a test enforces it).
MAX_REVIEW_AGE = dt.timedelta(days=548)

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """A content file is missing, unreadable or fails validation; the message names file and field."""


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """A citation with at least one resolvable identifier (DOI, URL or guideline code)."""

    citation: str = Field(min_length=3)
    doi: str | None = None
    url: str | None = None
    guideline: str | None = None

    @model_validator(mode="after")
    def _has_identifier(self) -> Source:
        if not (self.doi or self.url or self.guideline):
            raise ValueError(f"source {self.citation!r} needs a doi, url or guideline")
        return self


class SourcedEntry(Strict):
    """An entry that makes a claim: it must cite at least one source and say when it was reviewed."""

    sources: list[Source] = Field(min_length=1)
    review_date: dt.date


def content_path(relative: str) -> Path:
    """Absolute path of a content file given its path relative to the content folder."""
    return CONTENT_DIR / relative


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; raises ContentError naming the file on any failure."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader, C when available)
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path.name}: cannot read: {exc}") from exc


def validate(data: Any, model: type[M], *, origin: str) -> M:
    """Validate parsed data against ``model``; errors name the origin file and the failing field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ContentError(f"{origin}: {problems}") from exc


@cache
def load(relative: str, model: type[M]) -> M:
    """Load and validate one content file (cached for the life of the process)."""
    return validate(read_yaml(content_path(relative)), model, origin=relative)


def stale_entries(entries: Sequence[SourcedEntry], *, today: dt.date | None = None) -> list[SourcedEntry]:
    """Entries whose review date is older than MAX_REVIEW_AGE (or in the future, which is a typo)."""
    today = today or dt.date.today()
    return [e for e in entries if today - e.review_date > MAX_REVIEW_AGE or e.review_date > today]
