"""The body picture: a simple front and back outline, one shape per region of content/body_map.yaml.

Drawn here (our own geometry, no artwork copied), rendered server-side as SVG. Each region is a shape in
a 160 x 300 box per view; the front is seen facing the person (their right on the viewer's left), the
back from behind (their left on the viewer's left). The forms make each shape a labelled button
(static/painwise/bodymap.js); history and the report colour the same shapes by intensity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext

from painwise.diary.bodymap import body_map

VIEWBOX = "33 0 94 304"  # the drawing, cropped to the figure (1 unit spare each side for the outline)
# Every region is at least MIN_UNITS x MIN_UNITS. Each view takes half the width: 146 px of a 320 px screen
# (app.css), so one unit is at least 1.55 CSS px and every region a target of at least 24 x 24 CSS px
# (WCAG 2.5.8); on a 390 px phone, 29 px.
MIN_UNITS = 16

# (kind, numbers): "rect" x, y, width, height; "ellipse" cx, cy, rx, ry.
Shape = tuple[Literal["rect", "ellipse"], tuple[float, ...]]

SHAPES: dict[str, Shape] = {
    # front: the person's right is on the viewer's left
    "head": ("ellipse", (80, 17, 15, 15)),
    "jaw": ("rect", (68, 33, 24, 16)),
    "neck": ("rect", (72, 50, 16, 16)),
    "shoulder_right": ("ellipse", (50, 72, 11, 9)),
    "shoulder_left": ("ellipse", (110, 72, 11, 9)),
    "chest": ("rect", (62, 67, 36, 34)),
    "upper_arm_right": ("rect", (35, 81, 16, 34)),
    "upper_arm_left": ("rect", (109, 81, 16, 34)),
    "elbow_right": ("ellipse", (43, 124, 9, 8)),
    "elbow_left": ("ellipse", (117, 124, 9, 8)),
    "forearm_right": ("rect", (35, 133, 16, 36)),
    "forearm_left": ("rect", (109, 133, 16, 36)),
    "hand_right": ("ellipse", (43, 181, 9, 11)),
    "hand_left": ("ellipse", (117, 181, 9, 11)),
    "abdomen": ("rect", (62, 102, 36, 26)),
    "pelvis": ("rect", (67, 129, 26, 16)),
    "genital": ("ellipse", (80, 154, 8, 8)),
    "hip_right": ("rect", (50, 129, 16, 24)),
    "hip_left": ("rect", (94, 129, 16, 24)),
    "thigh_right": ("rect", (55, 163, 20, 48)),
    "thigh_left": ("rect", (85, 163, 20, 48)),
    "knee_right": ("ellipse", (65, 219, 9, 8)),
    "knee_left": ("ellipse", (95, 219, 9, 8)),
    "shin_right": ("rect", (57, 228, 16, 56)),
    "shin_left": ("rect", (87, 228, 16, 56)),
    "foot_right": ("ellipse", (65, 293, 10, 8)),
    "foot_left": ("ellipse", (95, 293, 10, 8)),
    # back: the person's left is on the viewer's left
    "head_back": ("ellipse", (80, 17, 15, 15)),
    "neck_back": ("rect", (72, 33, 16, 33)),
    "upper_back_left": ("rect", (58, 67, 21, 34)),
    "upper_back_right": ("rect", (81, 67, 21, 34)),
    "mid_back": ("rect", (60, 102, 40, 20)),
    "lower_back_left": ("rect", (60, 123, 19, 20)),
    "lower_back_right": ("rect", (81, 123, 19, 20)),
    "sacrum": ("rect", (72, 144, 16, 16)),
    "buttock_left": ("rect", (54, 144, 17, 26)),
    "buttock_right": ("rect", (89, 144, 17, 26)),
    "hamstring_left": ("rect", (55, 171, 20, 55)),
    "hamstring_right": ("rect", (85, 171, 20, 55)),
    "calf_left": ("rect", (57, 228, 16, 56)),
    "calf_right": ("rect", (87, 228, 16, 56)),
    "heel_left": ("ellipse", (65, 293, 9, 8)),
    "heel_right": ("ellipse", (95, 293, 9, 8)),
}

# The arms on the back view are drawn but hold no region (their regions are on the front).
BACK_OUTLINE: tuple[Shape, ...] = (
    ("ellipse", (50, 72, 11, 9)), ("ellipse", (110, 72, 11, 9)),
    ("rect", (35, 81, 16, 88)), ("rect", (109, 81, 16, 88)),
    ("ellipse", (43, 181, 9, 11)), ("ellipse", (117, 181, 9, 11)),
)


@dataclass(frozen=True)
class RegionShape:
    id: str
    label: str
    element: str  # "rect" or "ellipse"
    attrs: str  # the element's geometry attributes, ready for the template


@dataclass(frozen=True)
class View:
    name: str  # "front" or "back"
    caption: str
    regions: list[RegionShape]
    outline: list[RegionShape]


def _geometry(shape: Shape) -> tuple[str, str]:
    kind, numbers = shape
    if kind == "rect":
        x, y, width, height = numbers
        return "rect", f'x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="5"'
    cx, cy, rx, ry = numbers
    return "ellipse", f'cx="{cx:g}" cy="{cy:g}" rx="{rx:g}" ry="{ry:g}"'


def views() -> list[View]:
    """The front and back of the body picture, each region with its label and shape."""
    captions = {"front": gettext("Front (your right on the left)"), "back": gettext("Back (your left on the left)")}
    result = []
    for name in ("front", "back"):
        regions = [RegionShape(r.id, r.label, *_geometry(SHAPES[r.id])) for r in body_map().regions if r.view == name]
        outline = [RegionShape("", "", *_geometry(shape)) for shape in BACK_OUTLINE] if name == "back" else []
        result.append(View(name, captions[name], regions, outline))
    return result


def intensity_class(value: float | None) -> str:
    """The colour class of a region: ``unset`` or ``i0``..``i10`` (a mean is rounded to whole points)."""
    return "unset" if value is None else f"i{round(value)}"


@dataclass(frozen=True)
class RegionHeat:
    id: str
    label: str
    days: int  # check-ins that marked the region
    mean: float | None  # mean intensity on those days (0–10 points), None when never marked


def region_heat(regions_by_day: list[dict[str, int]]) -> dict[str, RegionHeat]:
    """Per region: on how many of the given days it was marked, and its mean intensity on those days."""
    labels = {r.id: r.label for r in body_map().regions}
    marked: dict[str, list[int]] = {}
    for regions in regions_by_day:
        for region, intensity in (regions or {}).items():
            marked.setdefault(region, []).append(intensity)
    return {
        rid: RegionHeat(rid, label, len(marked.get(rid, [])),
                        round(sum(marked[rid]) / len(marked[rid]), 1) if marked.get(rid) else None)
        for rid, label in labels.items()
    }


# Fill colours of ``unset`` and ``i0``..``i10`` for a standalone picture (the PDF report), matching app.css.
FILLS = ("#eceef2", "#e3f0e6", "#fdf1c7", "#fbe3a0", "#f9d27a", "#f6bc5c", "#f2a34a", "#ec8a3e", "#e06f35",
         "#cf5130", "#b8352b", "#951d24")


def heat_svg(regions_by_day: list[dict[str, int]]) -> bytes:
    """The front (left) and back (right) side by side, each region filled by its mean intensity over the
    given days: a standalone SVG (presentation attributes only) for the clinician report."""
    heat = region_heat(regions_by_day)
    x0, y0, width, height = (float(n) for n in VIEWBOX.split())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {2 * width + 20:g} {height:g}" '
             f'width="{(2 * width + 20) * 2:g}" height="{height * 2:g}">']
    for offset, view in enumerate(views()):
        parts.append(f'<g transform="translate({offset * (width + 20) - x0:g} {-y0:g})">')
        for shape in view.outline:
            parts.append(f'<{shape.element} {shape.attrs} fill="{FILLS[0]}" stroke="#b9bfcb" stroke-width="1"/>')
        for shape in view.regions:
            mean = heat[shape.id].mean
            fill = FILLS[0] if mean is None else FILLS[1 + round(mean)]
            parts.append(f'<{shape.element} {shape.attrs} fill="{fill}" stroke="#6b7487" stroke-width="1"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts).encode()
