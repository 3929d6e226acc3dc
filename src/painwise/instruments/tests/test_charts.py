"""The questionnaire trend chart read on a phone: text at least 12 CSS px where it is shown, dates and band
names never on top of each other, nothing cut off, for one answer, a few weeks and a year of answers."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from painwise.core.charts import FONT_PX, Size
from painwise.core.tests.chartcheck import (
    SHOWN_AT_PX,
    css_font_px,
    drawn,
    overlapping_texts,
    overlapping_tick_labels,
    texts_cut_off,
)
from painwise.instruments.catalog import catalogue
from painwise.instruments.charts import trend_figure, trend_svg

END = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
BANDED = sorted(i for i, instrument in catalogue().items() if instrument.bands is not None)


def answers(instrument_id: str, count: int, *, every_days: int) -> list[Any]:
    low, high = catalogue()[instrument_id].total_range
    return [SimpleNamespace(total=low + (n * 7) % (high - low + 1),
                            completed_at=END - dt.timedelta(days=every_days * n)) for n in reversed(range(count))]


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize(("count", "every_days"), [(1, 1), (6, 14), (52, 7)])
@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_trend_text_is_at_least_12_css_px_and_dates_never_overlap(
    instrument_id: str, count: int, every_days: int, size: Size,
) -> None:
    figure = trend_figure(catalogue()[instrument_id], answers(instrument_id, count, every_days=every_days),
                          size=size)
    drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX[size])
    assert f"{catalogue()[instrument_id].short_name} total" in sizes
    assert min(sizes.values()) >= FONT_PX, sizes
    assert overlapping_tick_labels(figure) == []
    dates = [t.get_text() for t in figure.axes[0].xaxis.get_ticklabels() if t.get_text()]
    assert 2 <= len(dates) <= 9
    assert texts_cut_off(figure) == []


@pytest.mark.parametrize("instrument_id", BANDED)
def test_every_banded_instrument_shows_its_band_names_readable_and_apart_on_a_phone(instrument_id: str) -> None:
    instrument = catalogue()[instrument_id]
    assert instrument.bands is not None
    figure = trend_figure(instrument, answers(instrument_id, 12, every_days=30), size="phone")
    drawn(figure)
    assert min(css_font_px(figure, shown_at=SHOWN_AT_PX["phone"]).values()) >= FONT_PX
    band_names = [t for t in figure.axes[0].texts if t.get_text() in {b.label for b in instrument.bands.ranges}]
    assert len(band_names) == len(instrument.bands.ranges) - 1
    assert overlapping_texts(figure, band_names) == []
    assert texts_cut_off(figure) == []


def test_no_answers_yet_is_said_in_readable_text() -> None:
    figure = trend_figure(catalogue()["phq9"], [], size="phone")
    drawn(figure)
    assert css_font_px(figure, shown_at=SHOWN_AT_PX["phone"])["No scored answers yet"] >= FONT_PX


def test_the_svg_is_drawn_for_the_phone_width_unless_asked_wide() -> None:
    assert 'width="320pt"' in trend_svg(catalogue()["phq9"], answers("phq9", 3, every_days=7)).decode()
    wide = trend_svg(catalogue()["phq9"], answers("phq9", 3, every_days=7), size="wide").decode()
    assert 'width="700pt"' in wide
    assert "<title>PHQ-9 totals over time</title>" in wide
