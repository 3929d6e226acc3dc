"""The track's content (content/trauma_track.yaml): what is known, the daily items, trigger kinds, tools."""

from __future__ import annotations

from pydantic import Field

from painwise.core.content import SourcedEntry, Strict, load


class About(SourcedEntry):
    title: str
    known: list[str] = Field(min_length=1)
    not_known: list[str] = Field(min_length=1)
    consent: str
    evidence_grade: str


class DailyItem(Strict):
    id: str
    label: str
    outcome_label: str  # how "What helps me" names it: "your {outcome_label} was 0.6 points lower"


class DailyOutcomes(SourcedEntry):
    """The daily items as outcomes of "What helps me": the meaningful difference in points on 0-4."""

    meaningful_points: float = Field(gt=0, le=4)
    note: str


class Daily(Strict):
    scale: list[str] = Field(min_length=5, max_length=5)
    items: list[DailyItem] = Field(min_length=1)
    outcomes: DailyOutcomes


class Tool(SourcedEntry):
    slug: str
    name: str
    summary: str
    steps: list[str] = Field(min_length=1)
    evidence_grade: str


class TrackContent(Strict):
    about: About
    daily: Daily
    trigger_kinds: list[str] = Field(min_length=1)
    tools: list[Tool] = Field(min_length=1)


def track_content() -> TrackContent:
    content: TrackContent = load("trauma_track.yaml", TrackContent)
    return content


def tools() -> dict[str, Tool]:
    return {t.slug: t for t in track_content().tools}


def daily_item_ids() -> list[str]:
    return [item.id for item in track_content().daily.items]
