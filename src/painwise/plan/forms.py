from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from painwise.plan.models import WEEKDAY_NAMES, Goal, PlanPart, PlanTick

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ["text"]
        labels = {"text": gettext_lazy("A goal in your own words")}
        widgets = {"text": forms.TextInput(
            attrs={"placeholder": gettext_lazy("e.g. sit through a film"), "maxlength": 300})}


class PartForm(forms.Form):
    choice = forms.ChoiceField(label=gettext_lazy("Which"))
    schedule = forms.ChoiceField(choices=PlanPart.Schedule.choices, initial="weekdays", widget=forms.RadioSelect)
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Days of the week"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)])
    every_days = forms.IntegerField(label=gettext_lazy("Every N days"), required=False)
    time_of_day = forms.TimeField(label=gettext_lazy("Time of day (optional)"), required=False, widget=TIME)
    suggested_by = forms.ChoiceField(
        label=gettext_lazy("Suggested by"), choices=PlanPart.SuggestedBy.choices, initial="self"
    )
    start_date = forms.DateField(label=gettext_lazy("From (optional)"), required=False, widget=DATE)
    end_date = forms.DateField(label=gettext_lazy("Until (optional)"), required=False, widget=DATE)
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=500,
                           widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. 10 minutes, gentle pace")}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["choice"]).choices = choices

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class TickForm(forms.Form):
    status = forms.ChoiceField(choices=[*PlanTick.Status.choices, ("done_log", "Done, and log the dose")])
    reason = forms.CharField(required=False, max_length=300)
    day = forms.DateField(required=False)


class ReminderForm(forms.Form):
    email = forms.BooleanField(label=gettext_lazy("Also remind me by e-mail"), required=False)
    remind_at = forms.TimeField(label=gettext_lazy("Remind me at (your local time)"), widget=TIME)
    show_names = forms.BooleanField(
        label=gettext_lazy("Show what is due by name in reminders and the calendar (off: 'Painwise: 1 session due')"),
        required=False)
