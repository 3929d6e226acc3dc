from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

FORMAT_CHOICES = [
    ("auto", gettext_lazy("Recognise it from the file")),
    ("json", gettext_lazy("Painwise JSON")),
    ("csv", gettext_lazy("Painwise CSV")),
]


class ImportForm(forms.Form):
    """A diary file to add to the person's account, and its format."""

    file = forms.FileField(
        label=gettext_lazy("Diary file"),
        help_text=gettext_lazy("A Painwise JSON or CSV file, for example one exported from this page."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMAT_CHOICES, initial="auto")


FOREIGN_CHOICES = [
    ("apple-health", gettext_lazy("Apple Health (export.zip or export.xml): sleep")),
    ("fitbit", gettext_lazy("Fitbit (Google Takeout zip or a sleep JSON file): sleep")),
    ("health-connect", gettext_lazy("Android Health Connect (export zip): sleep")),
    ("google-fit", gettext_lazy("Google Fit (Google Takeout zip, or one session JSON file): sleep")),
    ("bearable", gettext_lazy("Bearable (CSV export): mood, pain, sleep, factors, medications")),
    ("managemypain", gettext_lazy("Manage My Pain (CSV or Excel export of pain records): pain, flares, where it "
                                  "hurts, factors, medications")),
]


class ForeignImportForm(forms.Form):
    """Another app's export and which app it comes from."""

    file = forms.FileField(
        label=gettext_lazy("Export file"), help_text=gettext_lazy("The file exactly as the other app made it.")
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Which app made it"), choices=FOREIGN_CHOICES, widget=forms.RadioSelect
    )
