"""The report as plain data: sections made of paragraphs, tables and charts.

One document feeds every output (web page, PDF, plain text for tests and the CLI), so they cannot
disagree about a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, gettext_lazy


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False  # a small sub-heading inside a section
    kind: str = "paragraph"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    """An SVG chart; ``name`` identifies it in chart URLs, ``alt`` describes it for screen readers."""

    name: str
    alt: str
    kind: str = "chart"


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class ClinicianReport:
    """Who, which period (inclusive), when generated, and the chosen sections (the summary first)."""

    who: str
    start: dt.date
    end: dt.date
    generated_on: dt.date
    sections: list[Section]

    @property
    def period_words(self) -> str:
        return gettext("%(start)s to %(end)s") % {
            "start": date_format(self.start, "d M Y"), "end": date_format(self.end, "d M Y")}


FOOTER = gettext_lazy("Patient-reported, not a medical record.")


def as_text(report: ClinicianReport) -> str:
    """The report as plain text (the CLI's --format text and the snapshot tests)."""
    lines = [gettext("Painwise clinician report: %(who)s") % {"who": report.who},
             gettext("Period: %(period)s") % {"period": report.period_words},
             gettext("Generated: %(day)s") % {"day": date_format(report.generated_on, "d M Y")}, str(FOOTER), ""]
    for section in report.sections:
        lines += [f"== {section.title} ==", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(f"-- {block.text}" if block.heading else block.text)
            elif isinstance(block, Table):
                lines.append(" | ".join(block.headers))
                lines += [" | ".join(row) for row in block.rows]
            else:
                lines.append(f"[chart: {block.alt}]")
        lines.append("")
    return "\n".join(lines)
