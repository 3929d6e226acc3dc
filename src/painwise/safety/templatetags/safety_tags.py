"""``{% red_flag_link_for slug %}``: on a therapy's log form, a link to the warning signs that fit that therapy.

Which therapies get which checklist is content: the modalities of the entry prompts in red_flags.yaml.
"""

from __future__ import annotations

from typing import Any

from django import template

from painwise.safety.red_flags import checklist_context_for

register = template.Library()


@register.inclusion_tag("safety/_therapy_red_flag_link.html")
def red_flag_link_for(slug: str) -> dict[str, Any]:
    """Context for the link: nothing to show for therapies without a checklist of their own."""
    return {"checklist_context": checklist_context_for(slug)}
