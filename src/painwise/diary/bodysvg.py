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

VIEWBOX = "24 0 112 292"  # the drawing, cropped to the figure

# (kind, numbers): "rect" x, y, width, height; "ellipse" cx, cy, rx, ry.
Shape = tuple[Literal["rect", "ellipse"], tuple[float, ...]]

SHAPES: dict[str, Shape] = {
    # front: the person's right is on the viewer's left
    "head": ("ellipse", (80, 18, 15, 16)),
    "jaw": ("rect", (68, 33, 24, 9)),
    "neck": ("rect", (72, 43, 16, 10)),
    "shoulder_right": ("ellipse", (50, 60, 11, 8)),
    "shoulder_left": ("ellipse", (110, 60, 11, 8)),
    "chest": ("rect", (62, 54, 36, 34)),
    "upper_arm_right": ("rect", (37, 69, 14, 34)),
    "upper_arm_left": ("rect", (109, 69, 14, 34)),
    "elbow_right": ("ellipse", (44, 109, 8, 6)),
    "elbow_left": ("ellipse", (116, 109, 8, 6)),
    "forearm_right": ("rect", (35, 116, 14, 36)),
    "forearm_left": ("rect", (111, 116, 14, 36)),
    "hand_right": ("ellipse", (41, 164, 9, 11)),
    "hand_left": ("ellipse", (119, 164, 9, 11)),
    "abdomen": ("rect", (62, 89, 36, 26)),
    "pelvis": ("rect", (67, 116, 26, 16)),
    "genital": ("ellipse", (80, 139, 7, 6)),
    "hip_right": ("rect", (53, 112, 13, 24)),
    "hip_left": ("rect", (94, 112, 13, 24)),
    "thigh_right": ("rect", (55, 146, 20, 50)),
    "thigh_left": ("rect", (85, 146, 20, 50)),
    "knee_right": ("ellipse", (65, 204, 9, 7)),
    "knee_left": ("ellipse", (95, 204, 9, 7)),
    "shin_right": ("rect", (58, 212, 15, 58)),
    "shin_left": ("rect", (87, 212, 15, 58)),
    "foot_right": ("ellipse", (63, 281, 10, 8)),
    "foot_left": ("ellipse", (97, 281, 10, 8)),
    # back: the person's left is on the viewer's left
    "head_back": ("ellipse", (80, 18, 15, 16)),
    "neck_back": ("rect", (72, 35, 16, 16)),
    "upper_back_left": ("rect", (58, 52, 21, 36)),
    "upper_back_right": ("rect", (81, 52, 21, 36)),
    "mid_back": ("rect", (60, 89, 40, 20)),
    "lower_back_left": ("rect", (60, 110, 19, 20)),
    "lower_back_right": ("rect", (81, 110, 19, 20)),
    "sacrum": ("rect", (72, 131, 16, 13)),
    "buttock_left": ("rect", (55, 131, 16, 26)),
    "buttock_right": ("rect", (89, 131, 16, 26)),
    "hamstring_left": ("rect", (56, 160, 20, 44)),
    "hamstring_right": ("rect", (84, 160, 20, 44)),
    "calf_left": ("rect", (58, 208, 15, 62)),
    "calf_right": ("rect", (87, 208, 15, 62)),
    "heel_left": ("ellipse", (65, 280, 9, 8)),
    "heel_right": ("ellipse", (95, 280, 9, 8)),
}

# The arms on the back view are drawn but hold no region (their regions are on the front).
BACK_OUTLINE: tuple[Shape, ...] = (
    ("ellipse", (50, 60, 11, 8)), ("ellipse", (110, 60, 11, 8)),
    ("rect", (37, 69, 14, 83)), ("rect", (109, 69, 14, 83)),
    ("ellipse", (41, 164, 9, 11)), ("ellipse", (119, 164, 9, 11)),
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
