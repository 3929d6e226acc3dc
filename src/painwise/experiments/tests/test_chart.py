"""The experiment chart read on a phone: text at least 12 CSS px where it is shown, day numbers never on top
of each other, long A and B names and the axis title not cut off."""

from __future__ import annotations

import pytest

from painwise.core.charts import FONT_PX, Size
from painwise.core.tests.chartcheck import (
    SHOWN_AT_PX,
    css_font_px,
    drawn,
    overlapping_tick_labels,
    shown_tick_labels,
    texts_cut_off,
)
from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.tests.helpers import started, write_days

LONG_NAMES = {"label_a": "a warm bath with Epsom salts before bed", "label_b": "no bath, the usual evening routine"}
DESIGNS = {
    "28 single days": {"kind": "days", "days": 28},
    "blocks of a week with washout": {"kind": "blocks", "pairs": 3, "period_days": 7, "washout_days": 2},
}


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("design", DESIGNS)
def test_the_experiment_chart_is_readable_where_it_is_shown(alice: User, design: str, size: Size) -> None:
    experiment = started(alice, days_ago=40, values={**DESIGNS[design], **LONG_NAMES})
    write_days(experiment, effect=-1.5)
    figure = services.chart_figure(experiment=experiment, size=size)
    drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX[size])
    assert any(text.startswith("A: a warm bath") for text in sizes)
    assert min(sizes.values()) >= FONT_PX, sizes
    assert overlapping_tick_labels(figure) == []
    days = shown_tick_labels(figure.axes[0].xaxis)
    assert 2 <= len(days) <= 11
    assert int(days[0]) >= 1
    assert texts_cut_off(figure) == []


def test_the_svg_is_drawn_for_the_phone_unless_asked_wide(alice: User) -> None:
    experiment = started(alice, days_ago=10)
    write_days(experiment, effect=-1, upto=10)
    assert 'width="320pt"' in services.chart_svg(experiment=experiment).decode()
    assert 'width="700pt"' in services.chart_svg(experiment=experiment, size="wide").decode()
