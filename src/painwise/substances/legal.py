"""Kratom's legal position by jurisdiction, loaded from ``content/legal_status.yaml``.

Jurisdictions are ISO 3166 codes: "US" for a country (or US federal law), "US-AL" for a region. A
person sees their country's entry and, when they gave one, their region's entry, always with the notice
that laws change. Entries taken from advocacy or industry trackers carry ``verify: true``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import SourcedEntry, load
from painwise.substances.drugs import WithSharedSources

LEGAL_FILE = "legal_status.yaml"

Status = Literal[
    "banned", "controlled", "restricted", "regulated", "not_controlled", "partly_controlled", "disputed"
]


class LegalStatus(SourcedEntry):
    """Kratom's status in one jurisdiction; ``review_date`` is the day the entry was last checked."""

    code: str = Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
    name: str = Field(min_length=2)
    status: Status
    summary: str = Field(min_length=20)
    verify: bool = False


class LegalTable(WithSharedSources):
    """The whole legal-status file."""

    notice: str = Field(min_length=20)
    no_entry: str = Field(min_length=20)
    no_region_entry: str = Field(min_length=20)
    # An entry last checked longer ago than this says so wherever it is shown.
    stale_after_days: int = Field(ge=30, le=548)
    stale_notice: str = Field(min_length=20)
    status_labels: dict[Status, str]
    jurisdictions: list[LegalStatus] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> LegalTable:
        codes = [j.code for j in self.jurisdictions]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate jurisdiction code")
        return self


@dataclass(frozen=True)
class LegalPosition:
    """What to show a person: the matching entries (country first), the notice, and any gap message."""

    entries: tuple[LegalStatus, ...]
    notice: str
    gap: str = ""


@cache
def table() -> LegalTable:
    """The validated legal-status table (raises ContentError if invalid)."""
    loaded: LegalTable = load(LEGAL_FILE, LegalTable)
    return loaded


def status_label(status: str) -> str:
    """Plain-words label for a status key (e.g. "banned" -> "Banned")."""
    return table().status_labels[status]  # type: ignore[index]


def is_stale(entry: LegalStatus, *, today: dt.date) -> bool:
    """True when the entry was last checked more than ``stale_after_days`` (a year) before ``today``."""
    return (today - entry.review_date).days > table().stale_after_days


def legal_position(*, country: str, region: str = "") -> LegalPosition:
    """Kratom's legal position for a person.

    Inputs: country as ISO 3166-1 alpha-2 ("US"); region as ISO 3166-2 ("US-AL"), its last part ("AL")
    or its name ("Alabama"), any case.
    Output: the country entry and region entry that exist, with "laws change; check current law" always
    included and a gap message when the table has nothing for the country or the region.
    """
    legal = table()
    by_code = {j.code: j for j in legal.jurisdictions}
    country = country.strip().upper()
    region = _region_code(country, region)
    entries = tuple(e for e in (by_code.get(country), by_code.get(region)) if e is not None)
    if country not in by_code:
        gap = legal.no_entry
    elif region and region not in by_code:
        gap = legal.no_region_entry
    else:
        gap = ""
    return LegalPosition(entries=entries, notice=legal.notice, gap=gap)


def _region_code(country: str, region: str) -> str:
    """ISO 3166-2 code for a region typed as a code ("AL", "US-AL") or a name ("Alabama")."""
    typed = region.strip()
    for entry in table().jurisdictions:
        if entry.code.startswith(f"{country}-") and entry.name.casefold() == typed.casefold():
            return entry.code
    code = typed.upper()
    if code and "-" not in code:
        code = f"{country}-{code}"
    return code
