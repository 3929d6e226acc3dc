"""The report as an A4 PDF (fpdf2): the 60-second summary alone on page 1, vector charts, an embedded
Unicode font (DejaVu Sans, shipped inside matplotlib, so nothing is vendored), page numbers, the period,
the generation date and "patient-reported, not a medical record" on every page."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import cast

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from fpdf import FPDF

from painwise.report.document import FOOTER, Chart, ClinicianReport, Paragraph, Section, Table

# matplotlib SVG has <title> and <metadata>, which fpdf2 skips with a warning each time; nothing is lost.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)

FONT = "DejaVu Sans"  # the family name matplotlib writes into its SVG text, so charts use the same font
BODY_SIZE = {"summary": 8.0, "other": 9.0}


@cache
def font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


class ReportPDF(FPDF):
    def __init__(self, report: ClinicianReport) -> None:
        super().__init__(format="A4")
        self.report = report
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(gettext("Painwise clinician report, %(period)s") % {"period": report.period_words})
        self.set_creator("Painwise")
        # The report's day, not the clock: the same report gives the same bytes.
        self.set_creation_date(dt.datetime.combine(report.generated_on, dt.time(), tzinfo=dt.UTC))

    def header(self) -> None:
        self.set_font(FONT, "B", 11)
        who = gettext("Painwise clinician report: %(who)s") % {"who": self.report.who}
        self.cell(0, 6, who, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.cell(0, 4, gettext("Period %(period)s") % {"period": self.report.period_words}, new_x="LMARGIN",
                  new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        generated = gettext("Generated %(day)s.") % {"day": date_format(self.report.generated_on, "d M Y")}
        page = gettext("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 4, f"{FOOTER} {generated} {page}", align="C")


def _paragraph(pdf: ReportPDF, block: Paragraph, size: float) -> None:
    if block.heading:
        pdf.ln(1)
        pdf.set_font(FONT, "B", size + 0.5)
    else:
        pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, size * 0.5, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.6)


def _column_widths(pdf: ReportPDF, block: Table) -> list[float]:
    """Widths (mm) in proportion to each column's widest text, capped so long text wraps instead."""
    natural = []
    for column in range(len(block.headers)):
        texts = [block.headers[column], *(row[column] for row in block.rows)]
        natural.append(min(max(pdf.get_string_width(t) for t in texts) + 2.5, pdf.epw * 0.55))
    scale = pdf.epw / sum(natural)
    return [w * scale for w in natural]


def _table_row(pdf: ReportPDF, cells: tuple[str, ...], widths: list[float], line: float, *, bold: bool) -> None:
    """One row: single-line cells are drawn with cell() (fast); only text that needs it wraps."""
    pdf.set_font(style="B" if bold else "")
    lines = [1 if pdf.get_string_width(text) <= width - 1.5 else
             len(cast(list[str], pdf.multi_cell(width - 1.5, line, text, dry_run=True, output="LINES")))
             for text, width in zip(cells, widths, strict=True)]
    height = max(lines) * line
    if pdf.will_page_break(height):
        pdf.add_page()
    top, x = pdf.get_y(), pdf.l_margin
    for text, width, count in zip(cells, widths, lines, strict=True):
        pdf.set_xy(x + 0.5, top)
        if count == 1:
            pdf.cell(width - 1.5, line, text)
        else:
            pdf.multi_cell(width - 1.5, line, text)
        x += width
    pdf.set_y(top + height + 0.4)
    pdf.set_draw_color(190)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.set_y(pdf.get_y() + 0.4)


def _table(pdf: ReportPDF, block: Table, size: float) -> None:
    pdf.set_font(FONT, "", size - 0.5)
    widths = _column_widths(pdf, block)
    line = size * 0.42
    _table_row(pdf, block.headers, widths, line, bold=True)
    for row in block.rows:
        _table_row(pdf, row, widths, line, bold=False)
    pdf.set_font(style="")
    pdf.ln(1)


def _chart(pdf: ReportPDF, block: Chart, charts: Callable[[str], bytes]) -> None:
    # The body picture is tall: half the width keeps it on one page beside its table's start.
    width = pdf.epw * (0.5 if block.name == "body" else 1)
    pdf.image(io.BytesIO(charts(block.name)), w=width, alt_text=block.alt)
    pdf.ln(1)


def _section(pdf: ReportPDF, section: Section, charts: Callable[[str], bytes]) -> None:
    size = BODY_SIZE["summary" if section.key == "summary" else "other"]
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, section.title, new_x="LMARGIN", new_y="NEXT")
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _paragraph(pdf, block, size)
        elif isinstance(block, Table):
            _table(pdf, block, size)
        else:
            _chart(pdf, block, charts)
    pdf.ln(3)


def render_pdf(report: ClinicianReport, *, charts: Callable[[str], bytes], extra: str = "") -> bytes:
    """The report as PDF bytes; ``charts(name)`` gives each chart's SVG; ``extra`` ends the last page."""
    pdf = ReportPDF(report)
    for index, section in enumerate(report.sections):
        if index <= 1:
            pdf.add_page()  # the summary alone on page 1, the details from page 2
        _section(pdf, section, charts)
    if extra:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, extra)
    return bytes(pdf.output())


