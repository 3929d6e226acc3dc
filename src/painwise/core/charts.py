"""Server-side SVG charts with matplotlib's object API (never pyplot), deterministic for snapshots.

matplotlib is imported lazily so web workers that never draw a chart do not pay for it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colour-blind-safe palette (Okabe–Ito); charts never rely on colour alone (markers and labels differ).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def new_figure(*, width: float = 8.0, height: float = 3.2) -> Figure:
    """A blank figure, size in inches, with the app's deterministic SVG settings."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "painwise"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, accessible
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_svg(figure: Figure, *, title: str) -> bytes:
    """The figure as SVG bytes with a <title> for screen readers and no timestamp."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": title})
    return buffer.getvalue()
