"""The history page's data, one month at a time, and its pain chart (server-side SVG with therapy markers)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from painwise.core.charts import FONT_PX, PALETTE, Size, date_axis, readable, screen_figure, to_svg
from painwise.diary.models import CheckIn
from painwise.therapies.services import TherapyEntry, entries_between, first_entry_day

if TYPE_CHECKING:
    from painwise.core.types import User


if TYPE_CHECKING:
    from matplotlib.figure import Figure

RANGES = (30, 90, 365)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@dataclass(frozen=True)
class History:
    start: dt.date
    end: dt.date
    checkins: list[CheckIn]
    entries: list[TherapyEntry]


def load_history(*, user: User, end: dt.date, days: int) -> History:
    """Check-ins and therapy entries of the ``days`` days ending on ``end`` (inclusive)."""
    start = end - dt.timedelta(days=days - 1)
    # The page and the chart show scores and labels: the other encrypted fields are not read (nor decrypted).
    checkins = list(CheckIn.objects.filter(user=user, day__range=(start, end)).order_by("day")
                    .defer("qualities", "activities", "activities_note", "notes"))  # regions: the month's body heat map
    entries = entries_between(user=user, start=start, end=end, brief=True)
    return History(start, end, checkins, entries)


@dataclass(frozen=True)
class Day:
    """One day of the history: its check-in (or None) and the therapies logged that day, in time order."""

    day: dt.date
    checkin: CheckIn | None
    entries: list[TherapyEntry] = field(default_factory=list)


def first_day(*, user: User) -> dt.date:
    """The person's first day in Painwise: the day they signed up, or their first check-in, therapy entry or
    flare when an import brought older ones (months before it have nothing to show)."""
    from django.db.models import Min

    days = [user.date_joined.date(),
            CheckIn.objects.filter(user=user).aggregate(first=Min("day"))["first"],
            first_entry_day(user=user),
            user.episodes.aggregate(first=Min("started_at"))["first"]]
    return min(day.date() if isinstance(day, dt.datetime) else day for day in days if day is not None)


def month_of(text: str, *, today: dt.date) -> dt.date:
    """The first day of the month named ``YYYY-MM``; the current month when the text is not one."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the month starting on ``first``."""
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def load_month(*, user: User, first: dt.date) -> History:
    """Check-ins and therapy entries of the calendar month starting on ``first``."""
    start, end = month_bounds(first)
    return load_history(user=user, end=end, days=(end - start).days + 1)


def by_day(history: History) -> list[Day]:
    """The days with a check-in or a therapy, newest first, each with its check-in and therapies."""
    checkins = {c.day: c for c in history.checkins}
    entries: dict[dt.date, list[TherapyEntry]] = {}
    for entry in history.entries:
        entries.setdefault(entry.day, []).append(entry)
    days = sorted(set(checkins) | set(entries), reverse=True)
    return [Day(day, checkins.get(day), entries.get(day, [])) for day in days]


def _therapy_rows(entries: list[TherapyEntry]) -> dict[str, list[dt.date]]:
    rows: dict[str, list[dt.date]] = {}
    for entry in entries:
        rows.setdefault(entry.label, []).append(entry.day)
    # Most-used first; the chart shows at most eight rows to stay readable.
    return dict(sorted(rows.items(), key=lambda item: -len(item[1]))[:8])


def _short(label: str, *, length: int = 14) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def pain_chart_figure(history: History, *, size: Size = "phone") -> Figure:
    """Average and worst pain per day (0–10) with one marker row per therapy below, drawn for ``size``."""
    rows = _therapy_rows(history.entries)
    figure = screen_figure(size=size, height=250 + 20 * len(rows))
    axes = figure.add_subplot()
    days = [c.day for c in history.checkins]
    lines = (("pain_average", gettext("Average pain"), PALETTE[0], "o", "-"),
             ("pain_worst", gettext("Worst pain"), PALETTE[1], "^", ":"))
    for name, label, colour, marker, style in lines:
        points = [(c.day, getattr(c, name)) for c in history.checkins if getattr(c, name) is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, marker=marker, markersize=3, color=colour, linewidth=1.4, label=label)
    levels = [-1.2 - 0.9 * i for i in range(len(rows))]
    for i, (level, when) in enumerate(zip(levels, rows.values(), strict=True)):
        axes.plot(when, [level] * len(when), MARKERS[i % len(MARKERS)], color=PALETTE[(i + 2) % len(PALETTE)],  # type: ignore[arg-type]  # dates go through matplotlib's unit converters
                  markersize=4, linestyle="none")
    axes.set_xlim(history.start - dt.timedelta(days=1), history.end + dt.timedelta(days=1))  # type: ignore[arg-type]  # dates go through matplotlib's unit converters
    axes.set_ylim(-1.2 - 0.9 * max(len(rows), 1), 10.5)
    axes.set_yticks([*levels, *range(0, 11, 2)], [*map(_short, rows), *[str(n) for n in range(0, 11, 2)]])
    axes.set_ylabel(gettext("Pain (0–10)"))
    axes.grid(axis="y", alpha=0.3)
    date_axis(axes, size=size)
    readable(axes)
    if days:
        figure.legend(loc="outside upper center", fontsize=FONT_PX, frameon=False, ncols=2)
    else:
        axes.text(0.5, 0.7, gettext("No check-ins in this period yet."), transform=axes.transAxes, ha="center",
                  fontsize=FONT_PX)
    return figure


def pain_chart_svg(history: History, *, size: Size = "phone") -> bytes:
    """The pain chart as SVG bytes (see ``pain_chart_figure``)."""
    title = gettext("Pain from %(start)s to %(end)s") % {
        "start": date_format(history.start, "d M Y"), "end": date_format(history.end, "d M Y")}
    return to_svg(pain_chart_figure(history, size=size), title=title)
