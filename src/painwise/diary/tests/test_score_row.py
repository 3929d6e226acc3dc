"""``{% score_row field %}`` writes exactly what the reference template diary/_score.html writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from painwise.diary.forms import CheckInForm, RatingField
from painwise.diary.templatetags.diary_tags import score_row

BOUND: list[dict[str, Any] | None] = [
    None,
    {"pain_average": "7", "pain_worst": "8", "mood": "3"},
    {"pain_average": "12", "pain_worst": "x", "stress": "-1"},  # refused: each row shows its error
]


def score_fields(form: forms.Form) -> list[forms.BoundField]:
    return [form[name] for name, field in form.fields.items() if hasattr(field, "anchors")]


@pytest.mark.parametrize("data", BOUND)
@pytest.mark.django_db
def test_every_score_row_of_the_checkin_is_written_as_the_template_writes_it(data: dict[str, Any] | None) -> None:
    form = CheckInForm(data, initial={"pain_now": 4}, track_cycle=True)
    form.is_valid()
    rows = score_fields(form)
    assert len(rows) >= 10
    reference = get_template("diary/_score.html")
    for field in rows:
        assert score_row(field) == reference.render({"field": field}), field.name
    if data and "stress" in data:
        assert any(field.errors for field in rows)


class Row(forms.Form):
    plain = RatingField(label="Plain <b>label</b> & more", help_text="")
    safe = RatingField(label=mark_safe("<i>safe</i>"))


@pytest.mark.parametrize("data", [None, {"plain": "3", "safe": "99"}])
def test_rows_without_end_words_and_with_markup_in_labels_are_written_as_the_template_writes_them(
    data: dict[str, Any] | None,
) -> None:
    Row.base_fields["plain"].anchors = ("", "")  # type: ignore[attr-defined]
    Row.base_fields["safe"].anchors = ("never <", 'always "')  # type: ignore[attr-defined]
    form = Row(data)
    form.is_valid()
    reference = get_template("diary/_score.html")
    for name in ("plain", "safe"):
        assert score_row(form[name]) == reference.render({"field": form[name]})
