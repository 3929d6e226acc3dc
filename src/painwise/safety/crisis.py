"""Crisis lines by country, from ``content/crisis_lines.yaml``. Pure; no Django.

The crisis screen is shown whenever PHQ-9 item 9 is answered above zero or left unanswered. It never
says anything about how likely harm is: the app does not assess risk.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import ContentError, SourcedEntry, Strict, load

# Scoring flags that must open the crisis screen: PHQ-9 item 9 above zero or unanswered, and PCL-5 item 16
# ("taking too many risks or doing things that could cause you harm") rated 3 or 4.
CRISIS_FLAGS = frozenset({"phq9_item9_positive", "phq9_item9_missing", "pcl5_item16_high"})
FALLBACK_ID = "fallback"


def _digits(text: str) -> str:
    """What a phone dials: digits, and the star of short codes such as Chile's *4141."""
    return "".join(ch for ch in text if ch.isdigit() or ch == "*")


class Line(Strict):
    name: str
    kind: Literal["crisis", "emergency", "urgent_advice"]
    number: str | None = None
    text: str | None = Field(default=None, description="number to text, if texting is offered")
    web: str | None = None
    hours: str | None = None
    note: str | None = None

    @property
    def tel(self) -> str:
        """The number to dial, digits only (the first one when several are given, e.g. "999 or 112")."""
        return _digits((self.number or "").split(" or ")[0])

    @property
    def sms(self) -> str:
        return _digits(self.text or "")

    @model_validator(mode="after")
    def _reachable(self) -> Line:
        if not (self.number or self.text or self.web or self.kind == "emergency"):
            raise ValueError(f"line {self.name!r} needs a number, text number or web address")
        return self


class Region(SourcedEntry):
    id: str
    name: str
    countries: list[str]
    lines: list[Line] = Field(min_length=1)
    evidence_grade: str
    verify_again: bool = Field(default=False, description="could not be confirmed from the service's own pages")
    verify_note: str | None = None

    @property
    def is_fallback(self) -> bool:
        return self.id == FALLBACK_ID

    @property
    def has_phone_line(self) -> bool:
        """A crisis or emotional-support line with a number to call or text (not only a directory)."""
        return any(line.kind == "crisis" and (line.number or line.text) for line in self.lines)

    @model_validator(mode="after")
    def _has_emergency_line(self) -> Region:
        if not any(line.kind == "emergency" for line in self.lines):
            raise ValueError(f"region {self.id} lists no emergency number")
        return self


class CrisisScreen(SourcedEntry):
    title: str
    body: str
    reasons: dict[str, str] = Field(description="crisis flag -> the sentence that says why the screen is shown")
    clinician_prompt: str
    acknowledge_label: str
    evidence_grade: str

    @model_validator(mode="after")
    def _every_flag_has_a_reason(self) -> CrisisScreen:
        missing = sorted(CRISIS_FLAGS - set(self.reasons))
        if missing:
            raise ValueError(f"no reason sentence for {', '.join(missing)}")
        return self

    def reasons_for(self, flags: list[str] | tuple[str, ...]) -> list[str]:
        return [self.reasons[flag] for flag in sorted(set(flags)) if flag in self.reasons]


class Message(SourcedEntry):
    """A short text shown with the lines: after a worrying note, or when no country is known."""

    title: str
    body: str


class CrisisContent(Strict):
    screen: CrisisScreen
    mention: Message
    no_country: Message
    regions: list[Region] = Field(min_length=1)
    fallback: Region

    @model_validator(mode="after")
    def _one_region_per_country(self) -> CrisisContent:
        seen: dict[str, str] = {}
        for region in self.regions:
            for code in region.countries:
                if code in seen:
                    raise ValueError(f"country {code} is in both {seen[code]} and {region.id}")
                seen[code] = region.id
        return self

    @model_validator(mode="after")
    def _fallback_has_numbers(self) -> CrisisContent:
        if not any(line.number for line in self.fallback.lines):
            raise ValueError("the fallback lists no number to call")
        return self


def crisis_content() -> CrisisContent:
    """The validated crisis-lines file (cached); raises ContentError if it is broken."""
    content: CrisisContent = load("crisis_lines.yaml", CrisisContent)
    return content


def crisis_lines_for(country: str | None) -> Region:
    """The crisis and emergency lines for an ISO 3166-1 alpha-2 country code (any case).

    Unknown, empty or 'ZZ' codes get the fallback (112 and 911, which most mobile phones connect to the
    local emergency service, and international directories), never an empty list.
    """
    code = (country or "").strip().upper()
    content = crisis_content()
    for region in content.regions:
        if code in region.countries:
            return region
    return content.fallback


__all__ = [
    "CRISIS_FLAGS",
    "ContentError",
    "CrisisContent",
    "Line",
    "Message",
    "Region",
    "crisis_content",
    "crisis_lines_for",
]
