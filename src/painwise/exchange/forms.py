from __future__ import annotations

from django import forms

FORMAT_CHOICES = [
    ("auto", "Recognise it from the file"),
    ("json", "Painwise JSON"),
    ("csv", "Painwise CSV"),
]


class ImportForm(forms.Form):
    """A diary file to add to the person's account, and its format."""

    file = forms.FileField(
        label="Diary file", help_text="A Painwise JSON or CSV file, for example one exported from this page."
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial="auto")


FOREIGN_CHOICES = [
    ("apple-health", "Apple Health (export.zip or export.xml): sleep"),
    ("fitbit", "Fitbit (Google Takeout zip or a sleep JSON file): sleep"),
    ("health-connect", "Android Health Connect (export zip): sleep"),
    ("bearable", "Bearable (CSV export): mood, pain, sleep, factors, medications"),
]


class ForeignImportForm(forms.Form):
    """Another app's export and which app it comes from."""

    file = forms.FileField(label="Export file", help_text="The file exactly as the other app made it.")
    format = forms.ChoiceField(label="Which app made it", choices=FOREIGN_CHOICES, widget=forms.RadioSelect)
