"""Form helpers every domain's views share (so no domain borrows another's forms module)."""

from __future__ import annotations

import copy
import html
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext


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


# How many written rows of buttons one set of fixed choices keeps (see ``labelled_options``).
LABELLED_KEPT = 2000


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


    def labelled_options(self, field: forms.BoundField) -> SafeString | None:
        """``<label class="choice"><input …><span>label</span></label>`` for every option of ``field`` (bound to
        this widget): the HTML of a ``{% for choice in field %}`` loop writing ``choice.tag`` and
        ``choice.choice_label``, byte for byte, without a BoundWidget and an option dict per button (the
        check-in's 130 buttons took about 6 ms that way). None for grouped choices (left to Django)."""
        widget: Any = self  # a ChoiceWidget (this class is mixed into one)
        id_ = widget.attrs.get("id") or field.auto_id
        attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({"id": id_} if id_ else {}))
        chosen = widget.format_value(field.value())
        choices = widget.choices
        if not isinstance(choices, FixedChoices) or len(chosen) > 1:
            return self._written_options(attrs, chosen, field.html_name)
        # Fixed choices and at most one chosen: the same few rows come back page after page (the check-in's
        # 0–10 scores), so each is written once per widget class, language, name, attributes and value.
        try:
            key = (type(widget), widget.input_type, get_language(), field.html_name, tuple(attrs.items()),
                   tuple(chosen))
            written = choices.labelled.get(key)
        except TypeError:  # an attribute value that cannot be a key: written every time
            return self._written_options(attrs, chosen, field.html_name)
        if written is None:
            if len(choices.labelled) >= LABELLED_KEPT:  # a bound, should names ever vary without end
                choices.labelled.clear()
            written = choices.labelled[key] = self._written_options(attrs, chosen, field.html_name)
        return written

    def _written_options(self, attrs: dict[str, Any], chosen: list[str], html_name: str) -> SafeString | None:
        widget: Any = self
        kind, name = escaped(widget.input_type), escaped(html_name)
        parts: list[str] = []
        has_selected = False
        for index, (option_value, label) in enumerate(widget.choices):
            if isinstance(label, list | tuple):
                return None
            value = "" if option_value is None else option_value
            selected = (not has_selected or widget.allow_multiple_selected) and str(value) in chosen
            has_selected |= selected
            option = {**attrs, **widget.checked_attribute} if selected else dict(attrs)
            if "id" in option:
                option["id"] = widget.id_for_label(option["id"], str(index))
            parts.append(f'<label class="choice"><input type="{kind}" name="{name}" value="{escaped(value)}"'
                         f'{flat_attributes(option)}><span>{escaped(label)}</span></label>')
        return mark_safe("".join(parts))  # noqa: S308 (every piece escaped above)


def escaped(value: Any) -> str:
    """``conditional_escape`` without its lazy-string wrapper: safe strings as they are, the rest escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def flat_attributes(attrs: dict[str, Any]) -> str:
    """What ``django.forms.utils.flatatt`` writes (valued attributes sorted, then true booleans sorted)."""
    valued = sorted((k, v) for k, v in attrs.items() if v is not None and not isinstance(v, bool))
    flags = sorted(k for k, v in attrs.items() if v is True)
    return "".join(f' {escaped(k)}="{escaped(v)}"' for k, v in valued) + "".join(f" {escaped(k)}" for k in flags)


class PlainRadioSelect(PlainOptionsMixin, forms.RadioSelect):
    """A RadioSelect whose buttons are written in Python (see PlainOptionsMixin)."""


class PlainCheckboxSelectMultiple(PlainOptionsMixin, forms.CheckboxSelectMultiple):
    """A CheckboxSelectMultiple whose boxes are written in Python (see PlainOptionsMixin)."""


_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def copied_field(field: forms.Field) -> forms.Field:
    """A copy of ``field`` for one form: what ``copy.deepcopy`` gives through Django's ``Field.__deepcopy__``
    (its own widget and widget attributes, error messages, validators and choices), three times faster for
    the plain field and widget classes; any other class is deep-copied as usual."""
    widget = field.widget
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES or type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        return copy.deepcopy(field)
    copied_widget = _shallow_copy(widget)
    copied_widget.attrs = widget.attrs.copy()
    if "_choices" in widget.__dict__:
        copied_widget.choices = copy.copy(widget.choices)
    copied: forms.Field = _shallow_copy(field)
    copied.widget = copied_widget
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if "_choices" in field.__dict__:
        copied.__dict__["_choices"] = copy.deepcopy(field.__dict__["_choices"])
    return copied


def _shallow_copy(thing: Any) -> Any:
    """``copy.copy`` of an object whose state is its ``__dict__``, without the pickling protocol."""
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


class FixedChoices(BaseChoiceIterator):
    """Choices that are already a list of (value, label) pairs and never change: Django takes them as they
    are instead of normalising them again for every field and widget of every form (the check-in has 55
    choice fields; normalising their choices was a fifth of its time)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = tuple(choices)
        self._options: dict[tuple[str | None, str | None], str] = {}
        # The buttons of ``PlainOptionsMixin.labelled_options`` already written with these choices (by its key).
        self.labelled: dict[tuple[Any, ...], SafeString | None] = {}

    def options_html(self, chosen: str | None) -> str:
        """The ``<option>`` elements of a single-choice ``<select>`` with ``chosen`` selected, written once per
        language and choice (the check-in has 45 selects of the same 12 options)."""
        key = (get_language(), chosen)
        written = self._options.get(key)
        if written is None:
            written = self._options[key] = "".join(
                f'<option value="{html.escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
                f"{html.escape(str(label))}</option>" for value, label in self.pairs)
        return written

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoices:
        return self  # immutable

    def __copy__(self) -> FixedChoices:
        return self


# The templates of Django's plain <input> widgets: each only includes django/forms/widgets/input.html.
_INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{kind}.html" for kind in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel",
    "color"))
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


class PlainWidgetRenderer(DjangoTemplates):
    """Django's form renderer (``FORM_RENDERER``), except that plain ``<input>`` and ``<textarea>`` widgets are
    written in Python with exactly the HTML of Django's own templates for them (input.html, textarea.html and
    attrs.html): through the template engine each cost about 0.2 ms, and a check-in has eight."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget") if len(context) == 1 else None
        if isinstance(widget, dict):
            if template_name in _INPUT_TEMPLATES:
                value = widget["value"]
                shown = "" if value is None else f' value="{_formatted(value)}"'
                return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{shown}' \
                       f'{_template_attributes(widget["attrs"])}>'
            if template_name == _TEXTAREA_TEMPLATE:
                text = escaped(widget["value"]) if widget["value"] else ""
                return f'<textarea name="{escaped(widget["name"])}"{_template_attributes(widget["attrs"])}>\n' \
                       f"{text}</textarea>"
        return str(super().render(template_name, context, request))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s`` of the value, escaped unless it was marked safe."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else html.escape(text)


def _template_attributes(attrs: dict[str, Any]) -> str:
    """What Django's attrs.html writes: in the dict's order, False left out, True as a bare name."""
    return "".join(f" {escaped(name)}" if value is True else f' {escaped(name)}="{_formatted(value)}"'
                   for name, value in attrs.items() if value is not False)
