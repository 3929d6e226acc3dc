"""Entries a person logged on their phone while offline, as the server received them (once each)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import EncryptedCharField, EncryptedJSONField


class OfflineEntry(models.Model):
    """One entry queued on a device while offline, keyed by the id the device gave it.

    The unique (user, client_id) pair is what makes a retried send save nothing a second time. An entry
    that could not be saved as it was (a check-in for a day that got one meanwhile, a change made
    elsewhere, a value the form refuses) is held with its form fields until the person chooses.
    """

    class Kind(models.TextChoices):
        CHECKIN = "checkin", gettext_lazy("Check-in")
        EPISODE = "episode", gettext_lazy("Flare")
        THERAPY = "therapy", gettext_lazy("Therapy entry")

    class Status(models.TextChoices):
        SAVED = "saved", gettext_lazy("Saved")
        HELD = "held", gettext_lazy("Waiting for your choice")
        DISCARDED = "discarded", gettext_lazy("Discarded by you")

    class Reason(models.TextChoices):
        NONE = "", gettext_lazy("None")
        SAME_DAY = "same_day", gettext_lazy("A check-in for this day was saved meanwhile")
        CHANGED = "changed", gettext_lazy("The record was changed meanwhile")
        INVALID = "invalid", gettext_lazy("The form could not save it as it was")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_entries")
    client_id = models.UUIDField(help_text=gettext_lazy("Made by the device when the entry was queued."))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The form's address names the therapy (/log/<therapy>/) or the day: encrypted like the entry itself.
    path = EncryptedCharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SAVED)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.NONE, blank=True)
    # The form fields ([name, value] pairs) while held; emptied once the person has chosen.
    payload = EncryptedJSONField(default=list, blank=True)
    logged_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("When Save was pressed on the device.")
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["user", "client_id"], name="offline_entry_once_per_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id} ({self.status})"
