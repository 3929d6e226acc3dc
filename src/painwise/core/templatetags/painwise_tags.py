from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ mapping|get_item:key }}``: dictionary lookup with a variable key (None when absent)."""
    if hasattr(mapping, "get"):
        return mapping.get(key)
    return None


@register.filter
def field_value(form: Any, name: str) -> Any:
    """The bound field ``name`` of ``form`` (for forms whose fields are built at run time)."""
    return form[name]
