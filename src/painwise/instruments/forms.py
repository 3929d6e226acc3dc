"""The one-screen form of an instrument: one labelled group of choices per question, any may be skipped."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from painwise.instruments.content_schema import Instrument, Item
from painwise.instruments.models import Schedule
from painwise.instruments.services import MAX_INTERVAL_DAYS


def _choice_label(option_label: str, anchor: str | None) -> str:
    return f"{option_label} – {anchor}" if anchor else option_label


def _field(item: Item, number: int) -> forms.TypedChoiceField:
    numeric = all(option.label.isdigit() for option in item.options)
    return forms.TypedChoiceField(
        label=gettext("%(number)s. %(text)s") % {"number": number, "text": item.text},
        choices=[(str(o.value), _choice_label(o.label, o.anchor)) for o in item.options],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "rating" if numeric else "effect answers"}),
        help_text="" if item.scored else gettext("Not counted in the score."),
    )


class QuestionnaireForm(forms.Form):
    """Fields are named by item id; every question may be left blank (drafts, skipped questions)."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, item in enumerate(instrument.items, start=1):
            self.fields[item.id] = _field(item, number)

    def answers(self) -> dict[str, int | None]:
        return {item.id: self.cleaned_data.get(item.id) for item in self.instrument.items}


def initial_from(answers: dict[str, int | None]) -> dict[str, str]:
    return {key: str(value) for key, value in answers.items() if value is not None}


class ScheduleForm(forms.Form):
    every_days = forms.IntegerField(
        label=gettext_lazy("Ask me every (days)"), min_value=1, max_value=MAX_INTERVAL_DAYS, widget=forms.NumberInput()
    )
    enabled = forms.BooleanField(label=gettext_lazy("Remind me"), required=False)

    @classmethod
    def for_schedule(cls, schedule: Schedule, *, prefix: str, data: Any = None) -> ScheduleForm:
        initial = {"every_days": schedule.every_days, "enabled": schedule.enabled}
        return cls(data, initial=initial, prefix=prefix)


class ClinicianModeForm(forms.Form):
    clinician_mode = forms.BooleanField(
        label=gettext_lazy("Clinician mode: show clinician-rated scales (COWS)"),
        required=False,
        help_text=gettext_lazy(
            "Only for a clinician rating a patient in person. These scales are not for self-report."
        ),
    )
