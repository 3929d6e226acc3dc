from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext

from painwise.accounts.services import local_date, local_today
from painwise.core.fields import EncryptedJSONField, EncryptedTextField
from painwise.core.validators import validate_not_after_tomorrow
from painwise.core.versioning import Versioned
from painwise.diary import records
from painwise.diary.bodymap import cycle_phase_choices
from painwise.diary.validators import (
    RATING,
    validate_qualities,
    validate_regions,
    validate_tags,
)

# The 0–10 scores of a check-in, in form order (declared in painwise.diary.records).
SCORE_FIELDS = records.names(records.CHECKIN_SCORES)


def rating(help_text: str = "") -> models.SmallIntegerField:  # type: ignore[type-arg]
    return models.SmallIntegerField(null=True, blank=True, validators=RATING, help_text=help_text)


class CheckIn(Versioned):
    """One person's record of one day. Every field but the day is optional; scores are 0–10.

    The fields are declared in painwise.diary.records; a test checks these columns against it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    pain_now = rating()
    pain_average = rating()
    pain_worst = rating()
    peg_enjoyment = rating()
    peg_activity = rating()
    stress = rating()
    mood = rating()
    fatigue = rating()
    muscle_tension = rating()
    sleep_quality = rating()
    sleep_hours = models.FloatField(
        null=True, blank=True,
        validators=[MinValueValidator(0, "Hours of sleep cannot be negative."),
                    MaxValueValidator(24, "A night has at most 24 hours.")],
    )
    cycle_day = models.SmallIntegerField(
        null=True, blank=True,
        validators=[MinValueValidator(1, "Cycle day starts at 1."), MaxValueValidator(90, "Cycle day is at most 90.")],
    )
    cycle_phase = models.CharField(max_length=16, blank=True, choices=cycle_phase_choices)
    regions = EncryptedJSONField(default=dict, blank=True, validators=[validate_regions])
    qualities = EncryptedJSONField(default=list, blank=True, validators=[validate_qualities])
    activities = EncryptedJSONField(default=list, blank=True, validators=[validate_tags])
    activities_note = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_checkin_per_day")]

    def __str__(self) -> str:
        return f"Check-in {self.day}"

    def clean(self) -> None:
        if self.user_id and self.day:
            validate_not_after_tomorrow(self.day, local_today(self.user), "day")

    @property
    def peg_score(self) -> float | None:
        """PEG: mean of average pain and the two interference items (0–10); needs all three."""
        return records.peg_score(self.pain_average, self.peg_enjoyment, self.peg_activity)


class PainEpisode(Versioned):
    """A flare: when it started and ended, how bad, where, what set it off and what helped."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="episodes")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    intensity = models.SmallIntegerField(validators=RATING)
    regions = EncryptedJSONField(default=dict, blank=True, validators=[validate_regions])
    triggers = EncryptedJSONField(default=list, blank=True, validators=[validate_tags])
    helped = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Episode {self.started_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.user_id and self.started_at:
            validate_not_after_tomorrow(local_date(self.user, self.started_at), local_today(self.user), "started_at")
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": gettext("The end is before the start.")})

    @property
    def day(self):  # type: ignore[no-untyped-def]
        return local_date(self.user, self.started_at)


class SyntheticTruth(models.Model):
    """For simulated (demo or test) accounts: the simulator's spec and true effects, kept beside the data
    so the statistics can be checked against the truth. Real accounts never have one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="synthetic_truth")
    truth = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Synthetic truth for {self.user}"
