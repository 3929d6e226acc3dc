from __future__ import annotations

from typing import Any, cast

from django import forms

from painwise.plan.models import WEEKDAY_NAMES, Goal, PlanPart, PlanTick

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Goal
        fields = ["text"]
        labels = {"text": "A goal in your own words"}
        widgets = {"text": forms.TextInput(attrs={"placeholder": "e.g. sit through a film", "maxlength": 300})}


class PartForm(forms.Form):
    choice = forms.ChoiceField(label="Which")
    schedule = forms.ChoiceField(choices=PlanPart.Schedule.choices, initial="weekdays", widget=forms.RadioSelect)
    weekdays = forms.MultipleChoiceField(
        label="Days of the week", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)])
    every_days = forms.IntegerField(label="Every N days", required=False)
    time_of_day = forms.TimeField(label="Time of day (optional)", required=False, widget=TIME)
    suggested_by = forms.ChoiceField(label="Suggested by", choices=PlanPart.SuggestedBy.choices, initial="self")
    start_date = forms.DateField(label="From (optional)", required=False, widget=DATE)
    end_date = forms.DateField(label="Until (optional)", required=False, widget=DATE)
    note = forms.CharField(label="Note (optional)", required=False, max_length=500,
                           widget=forms.TextInput(attrs={"placeholder": "e.g. 10 minutes, gentle pace"}))

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
    email = forms.BooleanField(label="Also remind me by e-mail", required=False)
    remind_at = forms.TimeField(label="Remind me at (your local time)", widget=TIME)
    show_names = forms.BooleanField(
        label="Show what is due by name in reminders and the calendar (off: 'Painwise: 1 session due')",
        required=False)
