"""Therapy forms. The entry form is built from the catalog: each modality brings its own fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from painwise.core.records import RecordField, by_name
from painwise.core.versioning import EditGuardForm
from painwise.therapies import records
from painwise.therapies.catalog import DetailField, Modality, choice_label
from painwise.therapies.models import EFFECT_LABELS, CustomFactor, Medication, TherapyEntry

if TYPE_CHECKING:
    from painwise.core.types import User


BOOL_CHOICES = [("", gettext_lazy("–")), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _detail_form_field(spec: DetailField) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required}
    if spec.type == "bool":
        return forms.TypedChoiceField(choices=BOOL_CHOICES, coerce=lambda v: v == "yes", empty_value=None, **common)
    if spec.type == "choice":
        return forms.ChoiceField(choices=[("", "–"), *[(c, choice_label(c)) for c in spec.choices]], **common)
    if spec.type == "multi":
        return forms.MultipleChoiceField(choices=[(c, choice_label(c)) for c in spec.choices],
                                         widget=forms.CheckboxSelectMultiple, **common)
    if spec.type == "int":
        # An int field's bounds are whole numbers (the records declare them as float for every kind).
        return forms.IntegerField(min_value=spec.min, max_value=spec.max, **common)  # type: ignore[arg-type]
    if spec.type == "float":
        return forms.FloatField(min_value=spec.min, max_value=spec.max, **common)
    return forms.CharField(max_length=spec.max_length, **common)


ENTRY = by_name(records.ENTRY)


def _text_field(declared: RecordField) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": declared.lines}) if declared.lines > 1 else None
    return forms.CharField(required=declared.required, label=declared.label, widget=widget,
                           help_text=declared.help)


class EntryForm(EditGuardForm):
    taken_at = forms.DateTimeField(label=ENTRY["taken_at"].label,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    effect = forms.TypedChoiceField(
        label=ENTRY["effect"].label, required=False, coerce=int, empty_value=None,
        choices=[(k, v) for k, v in sorted(EFFECT_LABELS.items())], widget=forms.RadioSelect(attrs={"class": "effect"}),
    )
    side_effects = _text_field(ENTRY["side_effects"])
    notes = _text_field(ENTRY["notes"])

    def __init__(self, *args: Any, modality: Modality, user: User, initial: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        initial = {"taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **(initial or {})}
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]  # callers pass initial by name only
        self.modality = modality
        if modality.slug == "medication":
            self.fields["medication"] = forms.ModelChoiceField(
                queryset=Medication.objects.filter(user=user, active=True), label=ENTRY["medication"].label)
        if modality.slug == "custom":
            self.fields["factor"] = forms.ModelChoiceField(
                queryset=CustomFactor.objects.filter(user=user), label=ENTRY["factor"].label)
        if modality.amount.kind == "duration":
            self.fields["duration_minutes"] = forms.IntegerField(
                required=False, min_value=1, label=ENTRY["duration_minutes"].label,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
        if modality.amount.kind == "amount":
            self.fields["amount"] = forms.FloatField(
                required=False, label=ENTRY["amount"].label,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
            self.fields["unit"] = forms.ChoiceField(choices=[(u, u) for u in modality.amount.units],
                                                    label=ENTRY["unit"].label,
                                                    required=modality.slug not in ("medication", "custom"))
        for spec in modality.fields:
            self.fields[f"detail_{spec.name}"] = _detail_form_field(spec)
        self.order_fields(["medication", "factor", "taken_at", "duration_minutes", "amount", "unit"])

    def detail_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("detail_")]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "modality": self.modality.slug, "taken_at": data["taken_at"], "effect": data.get("effect"),
            "side_effects": data.get("side_effects") or "", "notes": data.get("notes") or "",
            "details": {
                name.removeprefix("detail_"): value for name, value in data.items()
                if name.startswith("detail_") and value not in (None, "", [])
            },
        }
        for name in ("medication", "factor", "duration_minutes", "amount"):
            if name in self.fields:
                values[name] = data.get(name)
        if "unit" in self.fields:
            values["unit"] = data.get("unit") or ""
        return values


def entry_initial(entry: TherapyEntry) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "taken_at": timezone.localtime(entry.taken_at).strftime("%Y-%m-%dT%H:%M"), "effect": entry.effect,
        "side_effects": entry.side_effects, "notes": entry.notes, "duration_minutes": entry.duration_minutes,
        "amount": entry.amount, "unit": entry.unit, "medication": entry.medication_id, "factor": entry.factor_id,
    }
    for name, value in entry.details.items():
        initial[f"detail_{name}"] = ("yes" if value else "no") if isinstance(value, bool) else value
    return initial


class MedicationForm(EditGuardForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Medication
        fields = [name for name in records.MEDICATION_FIELDS if name != "drug_key"]  # the key is looked up
        widgets = {"reason": forms.TextInput()}
        labels = records.labels(records.MEDICATION)


class FactorForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CustomFactor
        fields = list(records.FACTOR_FIELDS)
        labels = records.labels(records.OWN_FACTOR)
