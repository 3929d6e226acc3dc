"""The report's pain chart: weekly means of average and worst pain and PEG, drawn with the app's chart
code (``painwise.core.charts``). Weekly means keep a year readable on paper and the PDF small and fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from statistics import fmean
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from painwise.core.charts import PALETTE, new_figure, to_svg
from painwise.report.measures import PAIN_MEASURES, measure_value, measure_words, scale_words, shared_scale

# Marker and line style of each pain measure's line, in PAIN_MEASURES order.
LINE_STYLES = (("o", "-"), ("^", ":"), ("s", "--"))


def chart_alt() -> str:
    """The chart's text alternative, with the measures' declared scale."""
    return gettext("Weekly mean of average pain, worst pain and PEG (%(scale)s) over the period; the table below "
                   "gives the figures.") % {"scale": scale_words(shared_scale(PAIN_MEASURES))}


def weekly_means(checkins: Sequence[Any], start: dt.date, name: str) -> list[tuple[dt.date, float]]:
    """(middle day of each 7-day block from ``start``, mean of ``name``) for blocks with any value."""
    weeks: dict[int, list[float]] = {}
    for checkin in checkins:
        value = measure_value(checkin, name)
        if value is not None:
            weeks.setdefault((checkin.day - start).days // 7, []).append(float(value))
    return [(start + dt.timedelta(days=7 * week + 3), fmean(values)) for week, values in sorted(weeks.items())]


def pain_chart_svg(*, checkins: Sequence[Any], start: dt.date, end: dt.date) -> bytes:
    """SVG of weekly means (in the pain measures' declared points, 0–10) from ``start`` to ``end``; says so
    when there is no check-in."""
    scale = shared_scale(PAIN_MEASURES)
    figure = new_figure(width=7.5, height=2.6)
    axes = figure.add_subplot()
    for name, (marker, style), colour in zip(PAIN_MEASURES, LINE_STYLES, PALETTE, strict=False):
        points = weekly_means(checkins, start, name)
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, marker=marker, markersize=3, color=colour, linewidth=1.3,
                      label=measure_words(name))
    axes.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=1))  # type: ignore[arg-type]  # dates go through matplotlib's unit converters
    axes.set_ylim(scale.low, (scale.high or 0) + 0.3)
    axes.set_ylabel(scale_words(scale), fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    if checkins:
        axes.legend(loc="upper right", fontsize=7, frameon=False, ncols=3)
    else:
        axes.text(start, 5, "  " + gettext("No check-ins in this period."), fontsize=9)  # type: ignore[arg-type]  # dates go through matplotlib's unit converters
    title = gettext("Weekly pain and PEG, %(start)s to %(end)s") % {
        "start": date_format(start, "d M Y"), "end": date_format(end, "d M Y")}
    axes.set_title(title, fontsize=9)
    return to_svg(figure, title=title)
