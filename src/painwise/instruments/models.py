"""Questionnaire responses (answers encrypted, scores plain), schedules, and per-person preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedFloatField,
    EncryptedJSONField,
    EncryptedTextField,
    fill_blind_indexes,
)


class QuestionnaireResponse(models.Model):
    """One filling-in of an instrument. A draft keeps partial answers and never has a score."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        COMPLETED = "completed", gettext_lazy("Completed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_responses")
    # Which instrument was taken is itself sensitive (PCL-5, PC-PTSD-5): encrypted, found by its blind index.
    instrument = EncryptedCharField(max_length=40)
    instrument_index = BlindIndexField(of="instrument")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = EncryptedJSONField(default=dict, blank=True)
    total = EncryptedFloatField(null=True, blank=True)
    band = EncryptedCharField(max_length=80, blank=True)
    subscales = EncryptedJSONField(default=dict, blank=True)
    no_total_reason = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "instrument_index", "status", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.status} {self.created_at:%Y-%m-%d}"


class Schedule(models.Model):
    """When a person is next asked to fill in an instrument; they may change the interval or switch it off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_schedules")
    instrument = EncryptedCharField(max_length=40)
    instrument_index = BlindIndexField(of="instrument")
    every_days = models.PositiveSmallIntegerField()
    enabled = models.BooleanField(default=True)
    next_due = models.DateField()

    class Meta:
        ordering = ["next_due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "instrument_index"], name="one_schedule_per_instrument_index")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days"

    def clean(self) -> None:
        fill_blind_indexes(self)


class QuestionnairePreferences(models.Model):
    """Per-person options. Clinician mode shows clinician-rated instruments (COWS)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_preferences"
    )
    clinician_mode = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Questionnaire preferences of {self.user}"
