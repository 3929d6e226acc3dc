"""Forms for the trauma track. Nothing is required beyond what makes a record (a tool, a rating)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from painwise.therapies.services import choice_label
from painwise.trauma.content import tools, track_content
from painwise.trauma.models import PLAN_MAX_CHARS


def _zero_to(high: int, *, required: bool, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("", "–"), *[(str(i), str(i)) for i in range(high + 1)]], coerce=int, empty_value=None,
        required=required, label=label)


class DailyForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        daily = track_content().daily
        choices = [("", "–"), *[(str(i), f"{i} {word}") for i, word in enumerate(daily.scale)]]
        for item in daily.items:
            self.fields[item.id] = forms.TypedChoiceField(
                choices=choices, coerce=int, empty_value=None, required=False, label=item.label)


class GroundingForm(forms.Form):
    before = _zero_to(10, required=True, label="Distress before (0 = none, 10 = worst)")
    after = _zero_to(10, required=False, label="Distress after (0 = none, 10 = worst)")


class TriggerForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    what = forms.CharField(max_length=200, label=gettext_lazy("What happened"))
    where = forms.CharField(max_length=200, required=False, label=gettext_lazy("Where"))
    intensity = _zero_to(10, required=True, label="How strong (0-10)")
    helped = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label=gettext_lazy("What helped"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(k, choice_label(k)) for k in track_content().trigger_kinds]  # type: ignore[attr-defined]


class BoundariesForm(forms.Form):
    okay = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("What is okay for me")
    )
    not_okay = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("What is not okay")
    )
    stop_signals = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   label=gettext_lazy("Signals that mean stop (words, gestures)"))
    # No max_length here on purpose: the service names the field over the limit, and nothing is saved.
    help_text = f"Up to {PLAN_MAX_CHARS} characters each."


def tool_slugs() -> list[str]:
    return list(tools())
