"""``{% body_heat checkins %}``: the body picture coloured by the period's pain, for history pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from painwise.diary.bodysvg import VIEWBOX, intensity_class, region_heat, views

register = template.Library()


@register.inclusion_tag("diary/_body_heat.html")
def body_heat(items: Iterable[Any]) -> dict[str, Any]:
    """Each region coloured by its mean intensity on the days it was marked, with the figures listed.

    ``items``: check-ins, or history days holding one (``.checkin``, None on a day without one)."""
    checkins = [c for c in (getattr(item, "checkin", item) for item in items) if c is not None]
    heat = region_heat([c.regions for c in checkins])
    shown = [
        {"view": view, "regions": [{"shape": shape, "heat": heat[shape.id], "css": intensity_class(heat[shape.id].mean)}
                                   for shape in view.regions]}
        for view in views()
    ]
    marked = sorted((h for h in heat.values() if h.days), key=lambda h: (-h.days, -(h.mean or 0), h.label))
    return {"views": shown, "marked": marked, "total": len(checkins), "viewbox": VIEWBOX}
