"""The trend chart of one instrument's totals, drawn server-side as SVG."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from painwise.core.charts import PALETTE, new_figure, to_svg
from painwise.instruments.content_schema import Instrument
from painwise.instruments.models import QuestionnaireResponse

MIN_SPAN = dt.timedelta(days=3)


def trend_svg(instrument: Instrument, responses: Sequence[QuestionnaireResponse]) -> bytes:
    """Totals over time (points on the instrument's own scale), with the published band edges marked."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # lazy: only chart requests pay for it

    scored = [r for r in responses if r.total is not None and r.completed_at is not None]
    figure = new_figure(width=6.0, height=3.2)
    axes = figure.add_subplot()
    low, high = instrument.total_range
    if instrument.bands is not None:
        for band in instrument.bands.ranges[1:]:
            axes.axhline(band.min, color="#b8bdc8", linewidth=0.8, linestyle="--")
            axes.annotate(band.label, (0, band.min), xycoords=("axes fraction", "data"), fontsize=9, color="#566074")
    if scored:
        dates = [cast("dt.datetime", r.completed_at) for r in scored]  # scored answers are completed
        totals = [r.total for r in scored]
        axes.plot(dates, totals, marker="o", color=PALETTE[0], linewidth=1.5)  # type: ignore[arg-type]  # dates: matplotlib's unit converters
        if max(dates) - min(dates) < MIN_SPAN:  # a few answers close together: show a readable week around them
            axes.set_xlim(min(dates) - MIN_SPAN, max(dates) + MIN_SPAN)  # type: ignore[arg-type]  # dates: matplotlib's unit converters
        locator = AutoDateLocator(maxticks=5)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    else:
        axes.text(0.5, 0.5, "No scored answers yet", transform=axes.transAxes, ha="center", color="#566074")
    axes.set_ylim(low - (high - low) * 0.05, high + (high - low) * 0.05)
    axes.set_ylabel(f"{instrument.short_name} total")
    axes.grid(axis="y", alpha=0.2)
    return to_svg(figure, title=f"{instrument.short_name} totals over time")
