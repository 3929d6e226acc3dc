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
