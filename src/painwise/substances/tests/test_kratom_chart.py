"""The kratom chart read on a phone: text at least 12 CSS px where it is shown, the weekly dates never on top
of each other, the extract axis and title not cut off."""

from __future__ import annotations

import datetime as dt

import pytest

from painwise.core.charts import FONT_PX, Size
from painwise.core.tests.chartcheck import SHOWN_AT_PX, css_font_px, drawn, overlapping_tick_labels, texts_cut_off
from painwise.substances.kratom import Total
from painwise.substances.services import KratomPattern, kratom_chart_figure, kratom_chart_svg

TODAY = dt.date(2026, 11, 28)


def pattern(*, extracts: bool) -> KratomPattern:
    days = [TODAY - dt.timedelta(days=27 - i) for i in range(28)]
    daily = [Total(start=d, grams=float(i % 5) * 1.5, milligrams=120.0 * (i % 3) if extracts else 0.0,
                   doses=i % 3, use_days=1) for i, d in enumerate(days)]
    return KratomPattern(today=TODAY, daily=daily, weekly=[], signals=[], checks=[], has_entries=True,
                         uses_extracts=extracts, talk_to_clinician="")


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("extracts", [False, True])
def test_the_kratom_chart_is_readable_where_it_is_shown(extracts: bool, size: Size) -> None:
    figure = kratom_chart_figure(pattern=pattern(extracts=extracts), size=size)
    drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX[size])
    assert "Kratom per day, last 28 days" in sizes
    assert ("extract mg per day" in sizes) is extracts
    assert min(sizes.values()) >= FONT_PX, sizes
    assert overlapping_tick_labels(figure) == []
    dates = [t.get_text() for t in figure.axes[0].xaxis.get_ticklabels() if t.get_text()]
    assert dates == ["1 Nov", "8 Nov", "15 Nov", "22 Nov"]
    assert texts_cut_off(figure) == []


def test_the_svg_is_drawn_for_the_phone_unless_asked_wide() -> None:
    assert 'width="320pt"' in kratom_chart_svg(pattern=pattern(extracts=False)).decode()
    assert 'width="700pt"' in kratom_chart_svg(pattern=pattern(extracts=False), size="wide").decode()
