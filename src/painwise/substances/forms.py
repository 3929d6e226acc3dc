"""Forms for the substance pages: drug search, adding a medication, the withdrawal check, legal lookup."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from painwise.accounts.services import country_choices
from painwise.substances.withdrawal import content


class DrugSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search the drug list (name, brand or kind of drug)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "inputmode": "search"}),
    )


class AddMedicationForm(forms.Form):
    """Add to the person's list; ``drug_key`` is filled when they picked a name from the search."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    strength = forms.CharField(label=gettext_lazy("Strength (as on the pack)"), max_length=60, required=False)
    dose = forms.FloatField(
        label=gettext_lazy("Usual dose"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=16, initial="mg")
    schedule = forms.CharField(
        label=gettext_lazy("When you take it (e.g. twice daily, as needed)"), max_length=120, required=False
    )
    reason = forms.CharField(label=gettext_lazy("Why you take it"), required=False)
    drug_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        """The cleaned values in the shape the medication service takes."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")} | {
            "name": self.cleaned_data["name"]
        }


class WithdrawalCheckForm(forms.Form):
    """One radio group per symptom, built from the content file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check = content().check
        choices = [(o.value, o.label) for o in check.options]
        for item in check.items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.label, choices=choices, coerce=int, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, int]:
        """Points per symptom key."""
        return {key: int(value) for key, value in self.cleaned_data.items()}


class LegalLookupForm(forms.Form):
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=country_choices)
    region = forms.CharField(
        label=gettext_lazy("State or region (optional, e.g. AL or Alabama)"), max_length=64, required=False
    )
