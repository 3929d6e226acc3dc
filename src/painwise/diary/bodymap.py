"""The body map, pain qualities and cycle phases, from content/body_map.yaml."""

from __future__ import annotations

from typing import Literal

from painwise.core.content import Strict, load


class Region(Strict):
    id: str
    label: str
    view: Literal["front", "back"]
    side: Literal["left", "right", "centre"]


class Choice(Strict):
    id: str
    label: str


class BodyMap(Strict):
    regions: list[Region]
    qualities: list[Choice]
    cycle_phases: list[Choice]


def body_map() -> BodyMap:
    loaded: BodyMap = load("body_map.yaml", BodyMap)
    return loaded


def region_labels() -> dict[str, str]:
    return {r.id: r.label for r in body_map().regions}


def quality_labels() -> dict[str, str]:
    return {q.id: q.label for q in body_map().qualities}


def cycle_phase_choices() -> list[tuple[str, str]]:
    return [(c.id, c.label) for c in body_map().cycle_phases]
