"""Server-side SVG charts with matplotlib's object API (never pyplot), deterministic for snapshots.

matplotlib is imported lazily so web workers that never draw a chart do not pay for it.

Charts for screens are drawn for the CSS width they are shown at (``screen_figure``): one SVG unit is one
CSS pixel at that width, so a 12-unit font is 12 CSS px. Phones get a narrow drawing, wide screens a wide
one, chosen in the page with ``<picture><source media=WIDE_MEDIA srcset="...?size=wide">``.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colour-blind-safe palette (Okabe–Ito); charts never rely on colour alone (markers and labels differ).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

Size = Literal["phone", "wide"]
# CSS px each drawing is made for. A 390 px phone shows a chart at least 330 px wide (16 px page padding,
# 13 px of a <details> fold and a 1 px border each side), no narrower than the phone drawing, so its text
# is at least FONT_PX there.
SCREEN_WIDTHS: dict[str, int] = {"phone": 320, "wide": 700}
# Viewports from which the page asks for the wide drawing; main is at least 736 px wide from there.
WIDE_MEDIA = "(min-width: 768px)"
FONT_PX = 12
POINTS_PER_INCH = 72  # matplotlib's SVG unit is the point; one point per CSS px when shown at the drawn width


def new_figure(*, width: float = 8.0, height: float = 3.2) -> Figure:
    """A blank figure, size in inches, with the app's deterministic SVG settings (for print: the report)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "painwise"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, accessible
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def chart_size(value: str | None) -> Size:
    """The drawing asked for with ``?size=``: "wide" or, for anything else, "phone"."""
    return "wide" if value == "wide" else "phone"


def screen_figure(*, size: Size, height: float) -> Figure:
    """A blank figure as wide as the ``size`` drawing and ``height`` CSS px tall (at that width)."""
    return new_figure(width=SCREEN_WIDTHS[size] / POINTS_PER_INCH, height=height / POINTS_PER_INCH)


def readable(axes: Axes) -> None:
    """Tick labels, axis labels and title of ``axes`` at FONT_PX (legends and texts take it when created)."""
    axes.tick_params(labelsize=FONT_PX)
    for text in (axes.xaxis.label, axes.yaxis.label, axes.title, axes.xaxis.get_offset_text(),
                 axes.yaxis.get_offset_text()):
        text.set_fontsize(FONT_PX)


# Month names go through Django (translated), never strftime's %b (English in every language): the formats
# carry the month number between markers and _months() puts the name in.
MONTH = "\x01%m\x02"
FORMATS = ["%Y", MONTH, "%d", "%H:%M", "%H:%M", "%S.%f"]
ZERO_FORMATS = ["", "%Y", MONTH, f"%d {MONTH}", "%H:%M", "%H:%M"]
OFFSET_FORMATS = ["", "%Y", f"{MONTH} %Y", f"%d {MONTH} %Y", f"%d {MONTH} %Y", f"%d {MONTH} %Y %H:%M"]
_MONTH_NUMBER = re.compile("\x01(\\d\\d)\x02")


def _months(label: str) -> str:
    """``label`` with each marked month number replaced by its abbreviated name in the active language."""
    from django.utils.dates import MONTHS_3

    return _MONTH_NUMBER.sub(lambda found: str(MONTHS_3[int(found.group(1))]).title(), label)


def date_axis(axes: Axes, *, size: Size) -> None:
    """Dates on the x axis that never overlap: few ticks for the width, each label as short as it can be
    (day numbers within a month, month names at a new month, the year once), month names translated."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    class TranslatedDates(ConciseDateFormatter):
        def format_ticks(self, values: list[float]) -> list[str]:
            labels: list[str] = super().format_ticks(values)  # type: ignore[no-untyped-call]
            return [_months(label) for label in labels]

        def get_offset(self) -> str:
            return _months(str(super().get_offset()))  # type: ignore[no-untyped-call]

    locator = AutoDateLocator(minticks=3, maxticks=4 if size == "phone" else 9)
    axes.xaxis.set_major_locator(locator)
    # The corner label in words a person reads ("Nov 2026"), never matplotlib's "2026-Nov".
    formatter = TranslatedDates(  # type: ignore[no-untyped-call]
        locator, formats=FORMATS, zero_formats=ZERO_FORMATS, offset_formats=OFFSET_FORMATS)
    axes.xaxis.set_major_formatter(formatter)


def to_svg(figure: Figure, *, title: str) -> bytes:
    """The figure as SVG bytes with a <title> for screen readers and no timestamp."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": title})
    return buffer.getvalue()
