from __future__ import annotations

import functools
import json
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join

register = template.Library()


@functools.lru_cache(maxsize=256)
def _fixed_address(name: str, prefix: str, urlconf: Any, root_urlconf: str) -> str:
    del prefix, urlconf, root_urlconf  # part of the key only: reverse() reads them itself
    return reverse(name)


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% fixed_url 'name' %}``: ``{% url 'name' %}`` for an address without arguments, reversed once per
    URL configuration and script prefix instead of on every page (the frame of every page has about 20)."""
    return _fixed_address(name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)

NOTICE_HEADINGS = {"serious": "Important", "caution": "Take care", "info": "Good to know"}


@register.inclusion_tag("_message.html")
def message_item(message: Any) -> dict[str, Any]:
    """One flash message; a notice (painwise.core.views.show_notices) as a card with its sources folded."""
    notice = None
    if "notice" in message.tags.split():
        try:
            notice = json.loads(str(message))
        except ValueError:
            notice = None  # a message from before notices were cards: shown as text
    # Errors and serious notices are announced at once (role=alert), the rest politely (role=status).
    return {"message": message, "notice": notice, "role": "alert" if message.level_tag == "error" else "status",
            "kind": NOTICE_HEADINGS.get(notice["level"], "") if notice else ""}


@register.filter
def translated(message: Any) -> str:
    """``{{ suggestion.reason|translated }}``: a Message or Sentences made by a pure module (or a message id) in
    the person's language (``painwise.core.i18n.translate``); empty for None."""
    from painwise.core.i18n import translate

    return "" if message is None else translate(message)


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


@register.filter
def choice_labels(field: Any) -> str:
    """A choice field's buttons, each ``<label class="choice"><input …><span>label</span></label>``: the same
    HTML as a ``{% for choice in field %}`` loop in a template, written in one go (the check-in has 110)."""
    from painwise.core.forms import PlainOptionsMixin

    widget = field.field.widget
    if isinstance(widget, PlainOptionsMixin) and (written := widget.labelled_options(field)) is not None:
        return written
    return format_html_join("", '<label class="choice">{}<span>{}</span></label>',
                            ((choice.tag(), choice.choice_label) for choice in field))
