"""Checks a person would notice in a drawn chart: text size in CSS px where it is shown, and labels on top
of each other. Used by the chart tests of each domain."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from painwise.core.charts import POINTS_PER_INCH

# The narrowest a chart is shown: in a <details> fold (13 px padding and border) in main (16 px padding),
# with the image's 1 px border, each side; on a 390 px phone, and from WIDE_MEDIA (768 px) for the wide drawing.
SHOWN_AT_PX = {"phone": 390 - 2 * (16 + 13 + 1), "wide": 768 - 2 * (16 + 13 + 1)}


def drawn(figure: Any) -> Any:
    """The figure laid out and drawn at the SVG's 72 units per inch; returns its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure.set_dpi(POINTS_PER_INCH)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def visible_texts(figure: Any) -> list[Any]:
    from matplotlib.text import Text

    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_figure()]


def css_font_px(figure: Any, *, shown_at: float) -> dict[str, float]:
    """Each visible text of a drawn figure and its size in CSS px when the image is ``shown_at`` px wide."""
    scale = shown_at / (figure.get_figwidth() * POINTS_PER_INCH)
    return {text.get_text(): text.get_fontsize() * scale for text in visible_texts(figure)}


def overlapping_tick_labels(figure: Any) -> list[tuple[str, str]]:
    """Pairs of tick labels (same axis) whose drawn boxes overlap, in a figure drawn with ``drawn``."""
    renderer = drawn(figure)
    pairs = []
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
            pairs += [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]
    return pairs
