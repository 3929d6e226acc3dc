"""The "What helps me" forest plot on a phone: at most eight rows, the clearest first, readable text, the
rest left for the table below it."""

from __future__ import annotations

from itertools import combinations
from typing import Literal

import pytest

from painwise.core.charts import FONT_PX
from painwise.core.tests.chartcheck import SHOWN_AT_PX, css_font_px, drawn, overlapping_tick_labels
from painwise.insights.charts import forest_figure
from painwise.insights.page import CHART_ROWS, STRENGTH, Row, Section, summary
from painwise.nof1 import Insight

VERDICTS = ("little_difference", "some_benefit", "strong_harm", "withdrawal_possible", "strong_benefit", "some_harm",
            "little_difference")


def insight(number: int, verdict: str, effect: float) -> Insight:
    return Insight(
        factor=f"factor_{number}", factor_label=f"Therapy number {number}", outcome="pain_average", lag_days=0,
        effect=effect, ci_low=effect - 1.0, ci_high=effect + 1.0, posterior_sd=0.5, p_benefit=0.5,
        p_benefit_mcid=0.5, p_harm_mcid=0.1, p_little_difference=0.4, mcid=1.0,
        verdict_code=verdict,  # type: ignore[arg-type]
        verdict=verdict.replace("_", " "), headline=False, n_with=30, n_without=60,
        sentence=f"Therapy number {number} went with 1.5 points less. You logged it on 30 days.",
        more_days_needed=None, reason=None,
    )


def section_of(count: int) -> Section:
    rows = [Row(insight(n, VERDICTS[n % len(VERDICTS)], (-1) ** n * (0.2 + n / 10)), "same day", "")
            for n in range(count)]
    return Section("pain_average", "average pain", rows, [], [], missing_after_bad_days=False)


def test_the_chart_keeps_the_eight_clearest_findings_and_the_table_gets_the_rest() -> None:
    section = section_of(28)
    assert len(section.chart_rows) == CHART_ROWS == 8
    assert len(section.table_rows) == 20
    assert {r.insight.factor for r in section.chart_rows + section.table_rows} == {f"factor_{n}" for n in range(28)}
    verdicts = [r.insight.verdict_code for r in section.chart_rows]
    assert [STRENGTH[v] for v in verdicts] == sorted(STRENGTH[v] for v in verdicts)  # clear signs first
    strong = [abs(r.insight.effect or 0) for r in section.chart_rows if r.insight.verdict_code.startswith("strong")]
    assert strong == sorted(strong, reverse=True)
    assert "little_difference" not in verdicts


def test_the_summary_gives_the_three_strongest_signs_and_never_little_difference() -> None:
    rows = summary([section_of(28)])
    assert len(rows) == 3
    assert all(r.insight.verdict_code.startswith("strong") for r in rows)
    assert summary([section_of(1)]) == []  # only "little difference": nothing to sum up


@pytest.mark.parametrize("size", ["phone", "wide"])
@pytest.mark.parametrize("count", [0, 1, 8])
def test_forest_text_is_at_least_12_css_px_and_nothing_overlaps(size: Literal["phone", "wide"], count: int) -> None:
    rows = [(r.insight, r.when) for r in section_of(28).chart_rows[:count]]
    figure = forest_figure(rows, outcome_label="average pain", mcid=1.0, higher_is_better=False, size=size)
    renderer = drawn(figure)
    sizes = css_font_px(figure, shown_at=SHOWN_AT_PX[size])
    assert min(sizes.values()) >= FONT_PX, sizes
    assert overlapping_tick_labels(figure) == []
    names = list(figure.axes[0].texts)
    assert len(names) == max(count, 1)
    boxes = [t.get_window_extent(renderer) for t in names]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    assert all(box.x0 >= 0 and box.x1 <= figure.bbox.width for box in boxes)  # names are not cut off


def test_the_summary_sentence_stops_before_the_day_counts() -> None:
    row = section_of(1).findings[0]
    assert row.first_sentence == "Therapy number 0 went with 1.5 points less."
