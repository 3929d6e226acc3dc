"""The history chart read on a phone: text at least 12 CSS px where it is shown, dates never on top of
each other, for a month, a quarter and a year with many therapies."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Literal

import pytest

from painwise.core.charts import FONT_PX
from painwise.core.tests.chartcheck import SHOWN_AT_PX, css_font_px, drawn, overlapping_tick_labels
from painwise.diary.history import History, pain_chart_figure, pain_chart_svg

END = dt.date(2026, 11, 28)
THERAPIES = ("Heat or cold", "Walking", "Paracetamol 500 mg tablets", "Meditation", "Physiotherapy exercises",
             "Ibuprofen", "Stretching", "Pacing", "Yoga")


def history_of(days: int) -> History:
    start = END - dt.timedelta(days=days - 1)
    checkins = [SimpleNamespace(day=start + dt.timedelta(days=i), pain_average=(i * 7) % 11,
                                pain_worst=min(10, (i * 7) % 11 + 2)) for i in range(days)]
    entries = [SimpleNamespace(label=name, day=start + dt.timedelta(days=i))
               for i in range(days) for n, name in enumerate(THERAPIES) if (i + n) % 3 == 0]
    return History(start, END, checkins, entries)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("days", [30, 90, 365])
def test_history_chart_text_is_at_least_12_css_px_where_it_is_shown(days: int, size: Literal["phone", "wide"]) -> None:
    figure = pain_chart_figure(history_of(days), size=size)
    drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX[size])
    assert "Average pain" in sizes
    assert min(sizes.values()) >= FONT_PX, sizes


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("days", [7, 30, 90, 365])
def test_history_chart_dates_and_therapy_names_never_overlap(days: int, size: Literal["phone", "wide"]) -> None:
    figure = pain_chart_figure(history_of(days), size=size)
    assert overlapping_tick_labels(figure) == []
    dates = [t.get_text() for t in figure.axes[0].xaxis.get_ticklabels() if t.get_text()]
    assert 2 <= len(dates) <= 9


def test_an_empty_period_says_so_in_readable_text() -> None:
    figure = pain_chart_figure(History(END - dt.timedelta(days=29), END, [], []), size="phone")
    drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX["phone"])
    assert sizes["No check-ins in this period yet."] >= FONT_PX


def test_the_svg_is_drawn_for_the_phone_width_with_a_title() -> None:
    svg = pain_chart_svg(history_of(30)).decode()
    assert 'width="320pt"' in svg
    assert "<title>Pain from 30 Oct 2026 to 28 Nov 2026</title>" in svg


def test_the_corner_date_reads_as_words_not_year_dash_month() -> None:
    import re

    figure = pain_chart_figure(History(END - dt.timedelta(days=29), END, [], []), size="phone")
    drawn(figure)
    offset = figure.axes[0].xaxis.get_offset_text().get_text()
    assert offset
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", offset), offset
