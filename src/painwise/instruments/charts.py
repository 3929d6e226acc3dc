"""The trend chart of one instrument's totals, drawn server-side as SVG for the width it is shown at
(``painwise.core.charts``): text at least 12 CSS px on a phone, dates that never overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext

from painwise.core.charts import FONT_PX, PALETTE, Size, date_axis, readable, screen_figure, to_svg
from painwise.instruments.content_schema import Instrument
from painwise.instruments.models import QuestionnaireResponse

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MIN_SPAN = dt.timedelta(days=3)
HEIGHT_PX = 260
BAND_COLOUR = "#566074"


def trend_figure(instrument: Instrument, responses: Sequence[QuestionnaireResponse], *,
                 size: Size = "phone") -> Figure:
    """Totals over time (points on the instrument's own scale), with the published band edges marked."""
    scored = [r for r in responses if r.total is not None and r.completed_at is not None]
    figure = screen_figure(size=size, height=HEIGHT_PX)
    axes = figure.add_subplot()
    low, high = instrument.total_range
    if instrument.bands is not None:
        for band in instrument.bands.ranges[1:]:
            axes.axhline(band.min, color="#b8bdc8", linewidth=0.8, linestyle="--")
            axes.annotate(band.label, (0, band.min), xycoords=("axes fraction", "data"), xytext=(2, 2),
                          textcoords="offset points", fontsize=FONT_PX, color=BAND_COLOUR)
    if scored:
        dates = [cast("dt.datetime", r.completed_at) for r in scored]  # scored answers are completed
        totals = [r.total for r in scored]
        axes.plot(dates, totals, marker="o", color=PALETTE[0], linewidth=1.5)  # type: ignore[arg-type]  # dates: matplotlib's unit converters
        if max(dates) - min(dates) < MIN_SPAN:  # a few answers close together: show a readable week around them
            axes.set_xlim(min(dates) - MIN_SPAN, max(dates) + MIN_SPAN)  # type: ignore[arg-type]  # dates: matplotlib's unit converters
        date_axis(axes, size=size)
    else:
        axes.set_xticks([])
        axes.text(0.5, 0.5, gettext("No scored answers yet"), transform=axes.transAxes, ha="center", color=BAND_COLOUR,
                  fontsize=FONT_PX)
    axes.set_ylim(low - (high - low) * 0.05, high + (high - low) * 0.05)
    axes.set_ylabel(gettext("%(questionnaire)s total") % {"questionnaire": instrument.short_name})
    axes.grid(axis="y", alpha=0.2)
    readable(axes)
    return figure


def trend_svg(instrument: Instrument, responses: Sequence[QuestionnaireResponse], *, size: Size = "phone") -> bytes:
    """The trend chart as SVG bytes (see ``trend_figure``)."""
    title = gettext("%(questionnaire)s totals over time") % {"questionnaire": instrument.short_name}
    return to_svg(trend_figure(instrument, responses, size=size), title=title)
