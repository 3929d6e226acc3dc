"""The report's pain chart: weekly means of average and worst pain and PEG, drawn with the app's chart
code (``painwise.core.charts``). Weekly means keep a year readable on paper and the PDF small and fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from statistics import fmean
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, gettext_lazy

from painwise.core.charts import PALETTE, new_figure, to_svg

CHART_ALT = gettext_lazy(
    "Weekly mean of average pain, worst pain and PEG (0–10) over the period; the table below gives the figures.")
LINES = (
    ("pain_average", gettext_lazy("Average pain"), "o", "-"), ("pain_worst", gettext_lazy("Worst pain"), "^", ":"),
    ("peg", gettext_lazy("PEG"), "s", "--"),
)


def _value(checkin: Any, name: str) -> float | None:
    value: float | None = checkin.peg_score if name == "peg" else getattr(checkin, name)
    return value


def weekly_means(checkins: Sequence[Any], start: dt.date, name: str) -> list[tuple[dt.date, float]]:
    """(middle day of each 7-day block from ``start``, mean of ``name``) for blocks with any value."""
    weeks: dict[int, list[float]] = {}
    for checkin in checkins:
        value = _value(checkin, name)
        if value is not None:
            weeks.setdefault((checkin.day - start).days // 7, []).append(float(value))
    return [(start + dt.timedelta(days=7 * week + 3), fmean(values)) for week, values in sorted(weeks.items())]


def pain_chart_svg(*, checkins: Sequence[Any], start: dt.date, end: dt.date) -> bytes:
    """SVG of weekly means (points 0–10) from ``start`` to ``end``; says so when there is no check-in."""
    figure = new_figure(width=7.5, height=2.6)
    axes = figure.add_subplot()
    for (name, label, marker, style), colour in zip(LINES, PALETTE, strict=False):
        points = weekly_means(checkins, start, name)
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, marker=marker, markersize=3, color=colour, linewidth=1.3, label=str(label))
    axes.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=1))  # type: ignore[arg-type]  # dates go through matplotlib's unit converters
    axes.set_ylim(0, 10.3)
    axes.set_ylabel("0–10", fontsize=8)
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
