"""The history page's data and its pain chart (server-side SVG with therapy markers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from painwise.core.charts import PALETTE, new_figure, to_svg
from painwise.diary.models import CheckIn
from painwise.therapies.models import TherapyEntry

RANGES = (30, 90, 365)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@dataclass(frozen=True)
class History:
    start: dt.date
    end: dt.date
    checkins: list[CheckIn]
    entries: list[TherapyEntry]


def load_history(*, user: Any, end: dt.date, days: int) -> History:
    """Check-ins and therapy entries of the ``days`` days ending on ``end`` (inclusive)."""
    start = end - dt.timedelta(days=days - 1)
    checkins = list(CheckIn.objects.filter(user=user, day__range=(start, end)).order_by("day"))
    entries = list(
        TherapyEntry.objects.filter(user=user, day__range=(start, end))
        .select_related("medication", "factor").order_by("taken_at")
    )
    return History(start, end, checkins, entries)


def _therapy_rows(entries: list[TherapyEntry]) -> dict[str, list[dt.date]]:
    rows: dict[str, list[dt.date]] = {}
    for entry in entries:
        rows.setdefault(entry.label, []).append(entry.day)
    # Most-used first; the chart shows at most eight rows to stay readable.
    return dict(sorted(rows.items(), key=lambda item: -len(item[1]))[:8])


def pain_chart_svg(history: History) -> bytes:
    """Average and worst pain per day (0–10) with one marker row per therapy below."""
    rows = _therapy_rows(history.entries)
    figure = new_figure(width=9, height=3.2 + 0.28 * len(rows))
    axes = figure.add_subplot()
    days = [c.day for c in history.checkins]
    for name, colour, marker, style in (("pain_average", PALETTE[0], "o", "-"), ("pain_worst", PALETTE[1], "^", ":")):
        points = [(c.day, getattr(c, name)) for c in history.checkins if getattr(c, name) is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, marker=marker, markersize=3, color=colour, linewidth=1.4,
                      label=name.replace("pain_", "").capitalize() + " pain")
    levels = [-1.2 - 0.9 * i for i in range(len(rows))]
    for i, (level, when) in enumerate(zip(levels, rows.values(), strict=True)):
        axes.plot(when, [level] * len(when), MARKERS[i % len(MARKERS)], color=PALETTE[(i + 2) % len(PALETTE)],
                  markersize=4, linestyle="none")
    axes.set_xlim(history.start - dt.timedelta(days=1), history.end + dt.timedelta(days=1))
    axes.set_ylim(-1.2 - 0.9 * max(len(rows), 1), 10.5)
    axes.set_yticks([*levels, *range(0, 11, 2)], [*rows, *[str(n) for n in range(0, 11, 2)]], fontsize=8)
    axes.set_ylabel("Pain (0–10)")
    axes.grid(axis="y", alpha=0.3)
    if days:
        axes.legend(loc="upper right", fontsize=8, frameon=False, ncols=2)
    else:
        axes.text(history.start, 5, "  No check-ins in this period yet.", fontsize=10)
    title = f"Pain from {history.start:%d %b %Y} to {history.end:%d %b %Y}"
    axes.set_title(title, fontsize=10)
    return to_svg(figure, title=title)
