"""Form helpers every domain's views share (so no domain borrows another's forms module)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.translation import gettext


def apply_errors(form: forms.BaseForm, exc: Any) -> None:
    """Put a service's ValidationError onto the form, field by field where the field exists."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(
                target, message if target else gettext("%(field)s: %(message)s") % {"field": field, "message": message}
            )


class PlainOptionsMixin:
    """Write each radio button or checkbox of a choice widget in Python instead of through Django's option
    templates (``{{ choice.tag }}`` in a template). The check-in has ten 0–10 rows (110 radio buttons) and
    those templates were most of its render time; the HTML is the same, attribute for attribute."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> str:
        widget = context["widget"]
        if template_name != getattr(self, "option_template_name", None) or widget.get("wrap_label"):
            return super()._render(template_name, context, renderer)  # type: ignore[misc, no-any-return]
        value = widget["value"]
        shown = "" if value is None else format_html(' value="{}"', str(value))
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown,
                           flatatt({k: v for k, v in widget["attrs"].items() if v is not None}))


class PlainRadioSelect(PlainOptionsMixin, forms.RadioSelect):
    """A RadioSelect whose buttons are written in Python (see PlainOptionsMixin)."""


class PlainCheckboxSelectMultiple(PlainOptionsMixin, forms.CheckboxSelectMultiple):
    """A CheckboxSelectMultiple whose boxes are written in Python (see PlainOptionsMixin)."""


class FixedChoices(BaseChoiceIterator):
    """Choices that are already a list of (value, label) pairs and never change: Django takes them as they
    are instead of normalising them again for every field and widget of every form (the check-in has 55
    choice fields; normalising their choices was a fifth of its time)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = tuple(choices)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoices:
        return self  # immutable
