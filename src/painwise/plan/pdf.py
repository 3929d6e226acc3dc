"""The plan on one A4 page (fpdf2, DejaVu Sans from matplotlib like the clinician report): goals, then each
part with its schedule, who suggested it and its dates."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext
from fpdf import FPDF

FONT = "DejaVu Sans"


@cache
def _font_files() -> dict[str, Path]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


def plan_pdf(*, who: str, today: dt.date, goals: list[Any], rows: list[dict[str, str]]) -> bytes:
    """``rows``: dicts with what, when, suggested_by, dates, note (already in words)."""
    pdf = FPDF(format="A4")
    for style, path in _font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_title(gettext("My Painwise plan"))
    pdf.set_creator("Painwise")
    pdf.set_creation_date(dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, gettext("My plan: %(who)s") % {"who": who}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    printed = gettext("Printed %(day)s. Patient-reported, not a medical record.") % {
        "day": date_format(today, "d M Y")}
    pdf.cell(0, 5, printed, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, gettext("My goals"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for goal in goals or [gettext("(none written yet)")]:
        pdf.multi_cell(0, 5, f"• {goal}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, gettext("What I do"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    if not rows:
        pdf.cell(0, 5, gettext("(no parts yet)"), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    with pdf.table(col_widths=(55, 50, 30, 47), text_align="LEFT", line_height=4.5) as table:
        table.row([gettext("What"), gettext("When"), gettext("Suggested by"), gettext("Dates and note")])
        for row in rows:
            table.row([row["what"], row["when"], row["suggested_by"],
                       " ".join(part for part in (row["dates"], row["note"]) if part)])
    return bytes(pdf.output())
