"""Forms of the report pages: period and sections, questions for the visit, a share link, a PIN."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from painwise.report.sections import SECTIONS, SUMMARY
from painwise.report.services import kept_for_sections_words

SECTION_CHOICES = [(key, gettext_lazy(title)) for key, (title, _) in SECTIONS.items() if key != SUMMARY]
EXPIRY_CHOICES = [
    (1, gettext_lazy("1 hour")),
    (24, gettext_lazy("1 day")),
    (24 * 7, gettext_lazy("7 days")),
    (24 * 30, gettext_lazy("30 days")),
    (24 * 90, gettext_lazy("90 days")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput)
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Sections after the 60-second summary"), choices=SECTION_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The summary page always comes first. "
                  "Kratom and the trauma track are only included when you tick them."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Say where the scores of questionnaires kept for a section went (the PTSD screens: the trauma track).
        kept = kept_for_sections_words()
        if kept:
            self.fields["sections"].help_text = f"{self.fields['sections'].help_text} {kept}"


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label=gettext_lazy("My questions for the visit"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Printed on the summary page. Stored encrypted, like your notes."))


class ShareForm(ReportForm):
    label = forms.CharField(label=gettext_lazy("Name for this link (for you)"), required=False, max_length=80)
    expires_in_hours = forms.TypedChoiceField(
        label=gettext_lazy("Works for"), choices=EXPIRY_CHOICES, coerce=int, initial=24 * 7
    )
    pin = forms.CharField(
        label=gettext_lazy("PIN (optional, 4 to 8 digits)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=gettext_lazy("Tell the PIN to your clinician separately. Five wrong tries lock the link."),
    )


class PinForm(forms.Form):
    pin = forms.CharField(label=gettext_lazy("PIN"), max_length=8,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
