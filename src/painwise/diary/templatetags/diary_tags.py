"""``{% body_heat checkins %}``: the body picture coloured by the period's pain, for history pages;
``{% score_row field %}``: one 0–10 row of the check-in form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from painwise.core.forms import escaped
from painwise.core.templatetags.painwise_tags import choice_labels
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


@register.simple_tag
def score_row(field: Any) -> SafeString:
    """A 0–10 score as one row of eleven radio buttons with the words at both ends (``field.field.anchors``, from
    diary/records.py) and its errors: byte for byte what ``{% include "diary/_score.html" %}`` writes, without
    the template engine (each row cost about 0.1 ms that way, and the check-in has eleven)."""
    auto_id, label = escaped(field.auto_id), escaped(field.label)
    low, high = field.field.anchors
    errors = field.errors
    ends = (f'<p class="ends help" id="{auto_id}_ends"><span>0 = {escaped(low)}</span> '
            f"<span>10 = {escaped(high)}</span></p>") if low else ""
    shown = "".join(f'<p class="error" role="alert">{label}: {escaped(error)}</p>' for error in errors)
    return mark_safe(  # noqa: S308 (every value escaped above; choice_labels escapes its own)
        f'\n<fieldset class="field rating score{" invalid" if errors else ""}" aria-describedby="{auto_id}_ends">\n'
        f"  <legend>{label}</legend>\n"
        f'  <div class="choices">{choice_labels(field)}</div>\n'
        f"  {ends}\n"
        f"  {shown}\n"
        "</fieldset>\n")
