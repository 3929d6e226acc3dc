"""The forest plot of the "What helps me" page: each estimated difference with its 95 % interval.

Drawn for a phone first: each row's name sits above its interval across the full width rather than in a
column beside it, and the page passes only the rows that matter (``page.Section.chart_rows``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from painwise.core.charts import FONT_PX, PALETTE, Size, readable, screen_figure, to_svg
from painwise.nof1 import Insight

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Marker and colour per verdict; the marker differs too, so colour is never the only signal.
STYLE: dict[str, tuple[str, str, bool]] = {
    "strong_benefit": ("o", PALETTE[2], True),
    "some_benefit": ("o", PALETTE[2], False),
    "strong_harm": ("s", PALETTE[1], True),
    "some_harm": ("s", PALETTE[1], False),
    "little_difference": ("D", PALETTE[0], False),
    "withdrawal_possible": ("^", PALETTE[7], False),
}
ROW_PX = 40  # one row: its name (FONT_PX) above its interval, with room between rows


def _label(insight: Insight, when: str) -> str:
    return gettext("%(factor)s (%(when)s)") % {"factor": insight.factor_label, "when": when}


def forest_figure(
    rows: Sequence[tuple[Insight, str]], *, outcome_label: str, mcid: float, higher_is_better: bool,
    size: Size = "phone",
) -> Figure:
    """Figure of (insight, "same day" / "next day") rows, top to bottom: estimate and 95 % interval in
    points, a line at no difference and a band of ± the meaningful difference (``mcid`` points). Rows
    without an estimate are left out by the caller; with none, the chart says so."""
    from matplotlib.ticker import MaxNLocator

    figure = screen_figure(size=size, height=90 + ROW_PX * max(len(rows), 1))
    axes = figure.add_subplot()
    axes.axvspan(-mcid, mcid, color="#eeeeee", zorder=0)
    axes.axvline(0.0, color="#444444", linewidth=1.0, zorder=1)
    widest = max([abs(v) for i, _ in rows for v in (i.ci_low or 0.0, i.ci_high or 0.0)] + [1.5 * mcid]) * 1.1
    for position, (insight, when) in enumerate(reversed(rows)):
        marker, colour, filled = STYLE.get(insight.verdict_code, ("D", PALETTE[0], False))
        low, high, effect = (float(v or 0.0) for v in (insight.ci_low, insight.ci_high, insight.effect))
        axes.plot([low, high], [position, position], color=colour, linewidth=2.0, zorder=2)
        axes.plot([effect], [position], marker=marker, markersize=7, color=colour,
                  markerfacecolor=colour if filled else "white", markeredgewidth=1.5, zorder=3)
        axes.text(-widest, position + 0.45, _label(insight, when), fontsize=FONT_PX, va="center", zorder=4,
                  bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
    axes.set_yticks([])
    axes.set_xlim(-widest, widest)
    axes.set_ylim(-0.6, max(len(rows), 1) - 0.2)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5 if size == "phone" else 9, integer=True))
    if higher_is_better:
        axes.set_xlabel(gettext("Difference in points (higher is better)"))
    else:
        axes.set_xlabel(gettext("Difference in points (lower is better)"))
    axes.grid(axis="x", alpha=0.3)
    if not rows:
        nothing = gettext("No finding about your %(outcome)s yet.") % {"outcome": outcome_label}
        axes.text(0.0, 0.2, nothing, ha="center", va="center", fontsize=FONT_PX)
    readable(axes)
    return figure


def forest_svg(
    rows: Sequence[tuple[Insight, str]], *, outcome_label: str, mcid: float, higher_is_better: bool,
    size: Size = "phone",
) -> bytes:
    """The forest plot as SVG bytes (see ``forest_figure``)."""
    figure = forest_figure(rows, outcome_label=outcome_label, mcid=mcid, higher_is_better=higher_is_better,
                           size=size)
    return to_svg(figure, title=gettext("What goes with your %(outcome)s: differences and 95 %% intervals") % {
        "outcome": outcome_label})
