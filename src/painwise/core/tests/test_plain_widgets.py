"""Widgets written in Python (painwise.core.forms) give exactly the HTML of Django's own widget templates."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.utils.safestring import mark_safe

from painwise.core.forms import FixedChoices, PlainCheckboxSelectMultiple, PlainRadioSelect, PlainWidgetRenderer

ATTRS = {"id": "id_f", "required": True, "aria-invalid": "true"}
INPUTS: list[tuple[forms.Widget, Any]] = [
    (forms.NumberInput(attrs={"step": "0.5", "unset": None, "off": False, "on": True}), 3.5),
    (forms.TextInput(), 'quote " and <tag> & amp'),
    (forms.TextInput(), mark_safe("<i>already safe</i>")),  # a safe value stays as it is
    (forms.HiddenInput(), None),
    (forms.DateTimeInput(attrs={"type": "datetime-local"}), "2026-01-01T10:00"),
    (forms.Textarea(attrs={"rows": 3}), "line one\n<line two>"),
    (forms.Textarea(), ""),
    (forms.EmailInput(), "a@example.org"),
]


@pytest.mark.parametrize(("widget", "value"), INPUTS, ids=[f"{type(w).__name__}{i}" for i, (w, _) in enumerate(INPUTS)])
def test_a_plain_input_is_written_as_djangos_template_writes_it(widget: forms.Widget, value: Any) -> None:
    expected = widget.render("f", value, attrs=ATTRS, renderer=DjangoTemplates())
    assert widget.render("f", value, attrs=ATTRS, renderer=PlainWidgetRenderer()) == expected


class ChoiceForm(forms.Form):
    rating = forms.TypedChoiceField(choices=FixedChoices((i, str(i)) for i in range(11)), coerce=int,
                                    widget=PlainRadioSelect(attrs={"class": "rating"}), required=False)
    kinds = forms.MultipleChoiceField(choices=[("a", "A & <b>"), ("b", "B")], widget=PlainCheckboxSelectMultiple)


LOOP = Template('{% for choice in field %}<label class="choice">{{ choice.tag }}<span>{{ choice.choice_label }}</span>'
                "</label>{% endfor %}")


@pytest.mark.parametrize("data", [None, {"rating": "7", "kinds": ["a", "b"]}, {"rating": "12"}])
@pytest.mark.parametrize("name", ["rating", "kinds"])
def test_choice_buttons_are_written_as_djangos_option_templates_write_them(data: Any, name: str) -> None:
    form = ChoiceForm(data, initial={"rating": 3})
    form.is_valid()
    field = form[name]
    widget: Any = field.field.widget
    assert widget.labelled_options(field) == LOOP.render(Context({"field": field}))


def test_kept_rows_of_fixed_choices_are_written_again_for_every_value_and_attribute() -> None:
    """Rows of fixed choices are kept once written: a later form with another value, with an error (its
    aria-invalid) or under another name gets its own row, never the one written for the first form."""
    rows = ChoiceForm.base_fields["rating"].widget.choices.labelled
    rows.clear()
    for data in [{"rating": "7"}, {"rating": "2"}, {"rating": "7"}, {"rating": "12"}, None]:
        for prefix in [None, "other"]:
            named = data if data is None or prefix is None else {f"{prefix}-rating": data["rating"]}
            form = ChoiceForm(named, initial={"rating": 3}, prefix=prefix)
            form.is_valid()
            field = form["rating"]
            widget: Any = field.field.widget
            expected = LOOP.render(Context({"field": field}))
            assert widget.labelled_options(field) == expected
            assert widget.labelled_options(field) == expected  # the kept row, unchanged
    assert len(rows) == 8  # 7, 2, 12 (invalid) and the initial 3, under two names each


def test_rows_with_several_values_chosen_are_not_kept() -> None:
    form = ChoiceForm({"rating": "7", "kinds": ["a", "b"]})
    form.is_valid()
    widget: Any = form["kinds"].field.widget
    assert widget.labelled_options(form["kinds"]) == LOOP.render(Context({"field": form["kinds"]}))
    assert not isinstance(widget.choices, FixedChoices)
