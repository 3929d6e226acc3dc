"""Forms of the safety pages: the crisis acknowledgement and the red-flag checklist."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from painwise.safety.red_flags import Context, red_flags


class AcknowledgeForm(forms.Form):
    acknowledged = forms.BooleanField(required=True, error_messages={"required": "Please tick the box to continue."})

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["acknowledged"].label = label


class RedFlagForm(forms.Form):
    checked = forms.MultipleChoiceField(
        label=gettext_lazy("Tick anything you have now"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "flags"}),
    )

    def __init__(self, *args: Any, context: Context | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked = cast(forms.MultipleChoiceField, self.fields["checked"])
        checked.choices = [(flag.id, flag.question) for flag in red_flags(context)]
