"""The forest plot of the "What helps me" page: each estimated difference with its 95 % interval."""

from __future__ import annotations

from collections.abc import Sequence

from painwise.core.charts import PALETTE, new_figure, to_svg
from painwise.insights import Insight

# Marker and colour per verdict; the marker differs too, so colour is never the only signal.
STYLE: dict[str, tuple[str, str, bool]] = {
    "strong_benefit": ("o", PALETTE[2], True),
    "some_benefit": ("o", PALETTE[2], False),
    "strong_harm": ("s", PALETTE[1], True),
    "some_harm": ("s", PALETTE[1], False),
    "little_difference": ("D", PALETTE[0], False),
    "withdrawal_possible": ("^", PALETTE[7], False),
}


def _label(insight: Insight, when: str) -> str:
    return f"{insight.factor_label} ({when})"


def forest_svg(
    rows: Sequence[tuple[Insight, str]], *, outcome_label: str, mcid: float, higher_is_better: bool
) -> bytes:
    """SVG of (insight, "same day" / "next day") rows: estimate and 95 % interval in points, a line at no
    difference and a band of ± the meaningful difference (``mcid`` points). Rows without an estimate are
    left out by the caller; with none, the chart says so."""
    figure = new_figure(width=8.0, height=1.4 + 0.36 * max(len(rows), 1))
    axes = figure.add_subplot()
    axes.axvspan(-mcid, mcid, color="#eeeeee", zorder=0, label=f"less than {mcid:.1f} points")
    axes.axvline(0.0, color="#444444", linewidth=1.0, zorder=1)
    for position, (insight, _) in enumerate(reversed(rows)):
        marker, colour, filled = STYLE.get(insight.verdict_code, ("D", PALETTE[0], False))
        low, high, effect = (float(v or 0.0) for v in (insight.ci_low, insight.ci_high, insight.effect))
        axes.plot([low, high], [position, position], color=colour, linewidth=2.0, zorder=2)
        axes.plot([effect], [position], marker=marker, markersize=7, color=colour,
                  markerfacecolor=colour if filled else "white", markeredgewidth=1.5, zorder=3)
    axes.set_yticks(range(len(rows)), [_label(i, w) for i, w in reversed(rows)], fontsize=8)
    widest = max([abs(v) for i, _ in rows for v in (i.ci_low or 0.0, i.ci_high or 0.0)] + [1.5 * mcid])
    axes.set_xlim(-widest * 1.1, widest * 1.1)
    axes.set_ylim(-0.7, max(len(rows), 1) - 0.3)
    better = "higher" if higher_is_better else "lower"
    axes.set_xlabel(f"Difference in {outcome_label}, points (← lower · higher →; {better} is better)", fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    if not rows:
        axes.text(0.0, 0.0, f"No finding about your {outcome_label} yet.", ha="center", va="center", fontsize=9)
        axes.set_yticks([])
    title = f"What goes with your {outcome_label}: differences and 95 % intervals"
    axes.set_title(title, fontsize=10)
    return to_svg(figure, title=title)
