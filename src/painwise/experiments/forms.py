from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from painwise.experiments.models import OUTCOME_CHOICES, Experiment


class DesignForm(forms.ModelForm):  # type: ignore[type-arg]
    """A vs B, the outcome (one the person logs: ``outcomes`` as (name, label) pairs), the meaningful
    difference and the design."""

    def __init__(
        self, *args: Any, outcomes: Sequence[tuple[str, str | Promise]] = OUTCOME_CHOICES, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"] = forms.ChoiceField(choices=list(outcomes), label=gettext_lazy("What you measure"))

    class Meta:
        model = Experiment
        fields = ["label_a", "label_b", "outcome", "mcid", "kind", "pairs", "period_days", "washout_days", "days",
                  "prescriber_agrees", "factor"]
        labels = {
            "label_a": gettext_lazy("A (what you test)"),
            "label_b": gettext_lazy("B (what you compare it with, e.g. \"no stretching\")"),
            "outcome": gettext_lazy("What you measure"),
            "mcid": gettext_lazy("Smallest difference that matters to you (points)"),
            "kind": gettext_lazy("Design"),
            "pairs": gettext_lazy("Pairs of periods (block design, at least 3)"),
            "period_days": gettext_lazy("Days per period (7-14)"),
            "washout_days": gettext_lazy("Washout days at the start of each period (not counted)"),
            "days": gettext_lazy("Days in total (day-by-day design, at least 28)"),
            "prescriber_agrees": gettext_lazy("My prescriber agrees to this experiment (needed for a medicine)"),
        }
        widgets = {
            "label_a": forms.TextInput(attrs={"maxlength": 120}),
            "label_b": forms.TextInput(attrs={"maxlength": 120}),
            "factor": forms.HiddenInput(),
            "kind": forms.RadioSelect(),
        }


class AdherenceForm(forms.Form):
    followed = forms.TypedChoiceField(choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes")


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("paused", "pause"), ("running", "resume"), ("stopped", "stop"),
                                        ("finished", "finish")])
    note = forms.CharField(required=False, max_length=500)
