"""Safety events: every crisis screen and red-flag result shown to a person, with what was shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import BlindIndexField, EncryptedCharField, EncryptedJSONField


class SafetyEvent(models.Model):
    """A crisis screen, a note that mentioned self-harm, or a red-flag result. Details are encrypted at rest."""

    class Kind(models.TextChoices):
        CRISIS = "crisis", gettext_lazy("Crisis screen")
        MENTION = "mention", gettext_lazy("Crisis lines after a note")
        RED_FLAG = "red_flag", gettext_lazy("Red-flag check")

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", gettext_lazy("Questionnaire")
        CHECKIN = "checkin", gettext_lazy("Check-in")
        EPISODE = "episode", gettext_lazy("Pain episode")
        THERAPY_ENTRY = "therapy_entry", gettext_lazy("Therapy entry")
        CHECKLIST = "checklist", gettext_lazy("Red-flag checklist")
        API = "api", gettext_lazy("API")

    class Urgency(models.TextChoices):
        CRISIS = "crisis", gettext_lazy("Crisis support now")
        EMERGENCY = "emergency", gettext_lazy("Emergency now")
        SAME_DAY = "same_day", gettext_lazy("See a doctor today")
        DAYS = "days", gettext_lazy("See a doctor within days")
        NEXT_VISIT = "next_visit", gettext_lazy("Mention at next visit")
        NONE = "none", gettext_lazy("Nothing ticked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_events")
    # That a crisis screen was shown is itself sensitive: kind, source and urgency are encrypted and the
    # kind is found through its blind index (the row's existence and time stay visible).
    kind = EncryptedCharField(max_length=10, choices=Kind.choices)
    kind_index = BlindIndexField(of="kind")
    source = EncryptedCharField(max_length=14, choices=Source.choices)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    urgency = EncryptedCharField(max_length=10, choices=Urgency.choices)
    details = EncryptedJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def needs_acknowledgement(self) -> bool:
        return self.kind == self.Kind.CRISIS and self.acknowledged_at is None
