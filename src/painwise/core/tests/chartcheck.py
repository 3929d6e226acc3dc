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


def _ticks_not_drawn(figure: Any) -> set[int]:
    """ids of tick labels matplotlib keeps but does not draw (their tick lies outside the axis' view)."""
    hidden = set()
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def texts_cut_off(figure: Any) -> list[str]:
    """Visible texts of a figure that stick out of the drawing (so the image crops them), drawn with ``drawn``."""
    renderer = drawn(figure)
    page = figure.bbox
    hidden = _ticks_not_drawn(figure)
    return [t.get_text() for t in visible_texts(figure) if id(t) not in hidden
            if (box := t.get_window_extent(renderer)).x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5
            or box.y0 < page.y0 - 0.5 or box.y1 > page.y1 + 0.5]


def overlapping_texts(figure: Any, texts: list[Any]) -> list[tuple[str, str]]:
    """Pairs of the given texts whose drawn boxes overlap."""
    renderer = drawn(figure)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


def shown_tick_labels(axis: Any) -> list[str]:
    """The tick labels an axis draws (within its view), in order."""
    low, high = sorted(axis.get_view_interval())
    return [tick.label1.get_text() for tick in axis.get_major_ticks()
            if low - 1e-9 <= tick.get_loc() <= high + 1e-9 and tick.label1.get_text()]
