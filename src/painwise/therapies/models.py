from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    fill_blind_indexes,
)
from painwise.core.versioning import Versioned
from painwise.therapies.records import factor_slug


class Medication(Versioned):
    """A medication or substance on the person's own list (name, strength, dose, unit, schedule, why)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medications")
    name = EncryptedCharField(max_length=120)
    strength = models.CharField(
        max_length=60, blank=True, help_text=gettext_lazy("As on the pack, e.g. '10 mg tablet'.")
    )
    dose = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.000001, "Dose must be more than zero.")])
    unit = models.CharField(max_length=16, default="mg")
    schedule = models.CharField(max_length=120, blank=True, help_text=gettext_lazy("e.g. 'twice daily', 'as needed'."))
    reason = EncryptedTextField(blank=True)
    drug_key = EncryptedCharField(
        max_length=255, blank=True,
        help_text=gettext_lazy("Drug-list keys of every recognised ingredient, joined by '+' ('codeine+paracetamol'); "
                  "blank = nothing recognised."))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-active", "pk"]  # the name is encrypted: lists are sorted by name in Python

    def __str__(self) -> str:
        return f"{self.name} {self.strength}".strip()

    @property
    def factor_slug(self) -> str:
        return factor_slug(modality="medication", medication=self.name)


class CustomFactor(Versioned):
    """Something the person wants to track that the catalog lacks (yes/no, a count or a 0–10 rating)."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", gettext_lazy("Yes / no")
        COUNT = "count", gettext_lazy("A count")
        SCALE = "scale", gettext_lazy("A 0–10 rating")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="custom_factors")
    name = EncryptedCharField(max_length=80)
    name_index = BlindIndexField(of="name", fold_case=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.YES_NO)
    as_needed = models.BooleanField(
        "I use this when pain is bad",
        default=False,
        help_text=gettext_lazy(
            'Taken or done because the day is bad, so "What helps me" does not compare the same day.'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # the name is encrypted: lists are sorted by name in Python
        # Unique ignoring case, on both databases: the blind index is of the case-folded name.
        constraints = [models.UniqueConstraint(fields=["user", "name_index"], name="unique_custom_factor_name_folded")]

    def __str__(self) -> str:
        name: str = self.name
        return name

    def clean(self) -> None:
        fill_blind_indexes(self)

    @property
    def unit(self) -> str:
        return {"yes_no": "yes", "count": "count", "scale": "points"}[self.kind]

    @property
    def factor_slug(self) -> str:
        return factor_slug(modality="custom", factor=self.name)


class TherapyEntry(Versioned):
    """One therapy, dose or session at a time, with modality-specific details (encrypted)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapy_entries")
    modality = EncryptedCharField(max_length=40)
    modality_index = BlindIndexField(of="modality")
    medication = models.ForeignKey(Medication, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    factor = models.ForeignKey(CustomFactor, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    taken_at = models.DateTimeField()
    day = models.DateField(help_text=gettext_lazy("The person's local date of taken_at."))
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    amount = models.FloatField(null=True, blank=True)
    unit = EncryptedCharField(max_length=16, blank=True)
    details = EncryptedJSONField(default=dict, blank=True)
    effect = models.SmallIntegerField(
        null=True, blank=True,
        validators=[MinValueValidator(-2, "Effect is from -2 (much worse) to +2 (much better)."),
                    MaxValueValidator(2, "Effect is from -2 (much worse) to +2 (much better).")],
    )
    side_effects = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["user", "day"]), models.Index(fields=["user", "modality_index"])]

    def __str__(self) -> str:
        return f"{self.label} at {self.taken_at:%Y-%m-%d %H:%M}"

    @property
    def factor_slug(self) -> str:
        """The identity the statistics use: the modality, or the person's medication / own factor."""
        if self.medication_id:
            return self.medication.factor_slug  # type: ignore[union-attr]
        if self.factor_id:
            slug: str = self.factor.factor_slug  # type: ignore[union-attr]
            return slug
        return str(self.modality)

    @property
    def label(self) -> str:
        from painwise.therapies.catalog import catalog

        if self.medication_id:
            return str(self.medication)
        if self.factor_id:
            return str(self.factor)
        modality = catalog().get(self.modality)
        return modality.name if modality else self.modality


EFFECT_LABELS = {-2: "Much worse", -1: "A bit worse", 0: "No change", 1: "A bit better", 2: "Much better"}
