"""What to show after a PCL-5 or PC-PTSD-5 result that suggests PTSD. Pure; no Django.

Content (``content/ptsd_support.yaml``): what trauma-focused therapy is (PE, CPT, EMDR, TF-CBT), how to
find it, and support lines, with sources. The crisis lines for the person's country are added by the caller.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from painwise.core.content import SourcedEntry, Strict, load
from painwise.safety.crisis import Line


class ShownWhen(Strict):
    cutoffs: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)


class Therapy(Strict):
    name: str
    what: str


class CountryLink(Strict):
    country: str
    name: str
    web: str


class CountryLine(Line):
    country: str


class PtsdSupport(SourcedEntry):
    shown_when: dict[str, ShownWhen] = Field(min_length=1)
    title: str
    intro: str
    therapies: list[Therapy] = Field(min_length=3)
    how_to_find: list[str] = Field(min_length=1)
    links: list[CountryLink] = Field(default_factory=list)
    support_lines: list[CountryLine] = Field(default_factory=list)
    support_intro: str
    evidence_grade: str


def ptsd_support() -> PtsdSupport:
    content: PtsdSupport = load("ptsd_support.yaml", PtsdSupport)
    return content


def suggests_ptsd(result: Any) -> bool:
    """True when a PCL-5 or PC-PTSD-5 ``ScoreResult`` reaches a listed cut-off or meets a listed rule."""
    rule = ptsd_support().shown_when.get(result.instrument)
    if rule is None or result.total is None:
        return False
    cutoffs = any(c.positive for c in result.cutoffs if c.id in rule.cutoffs)
    return cutoffs or any(r.met for r in result.rules if r.id in rule.rules)


def support_for(result: Any, *, country: str | None) -> dict[str, Any] | None:
    """The page section as plain data (also for the API and CLI), or None when the result does not suggest PTSD."""
    if not suggests_ptsd(result):
        return None
    return support_content(country=country)


def support_content(*, country: str | None) -> dict[str, Any]:
    """The same section as plain data whatever any result says (the trauma track's support page)."""
    content = ptsd_support()
    code = (country or "").upper()
    return {
        "title": content.title,
        "intro": content.intro,
        "therapies": [t.model_dump() for t in content.therapies],
        "how_to_find": list(content.how_to_find),
        "links": [link.model_dump(exclude={"country"}) for link in content.links if link.country == code],
        "support_intro": content.support_intro,
        "support_lines": [
            line.model_dump(exclude={"country"}, exclude_none=True)
            for line in content.support_lines
            if line.country == code
        ],
        "sources": [s.citation for s in content.sources],
    }


__all__ = ["PtsdSupport", "ptsd_support", "suggests_ptsd", "support_content", "support_for"]
