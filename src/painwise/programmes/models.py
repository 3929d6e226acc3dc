"""A person's programmes and their sessions. Which programme someone follows is itself sensitive (a dilator
programme says a lot), so the key is encrypted with a blind index for lookups, and so is everything logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import BlindIndexField, EncryptedCharField, EncryptedJSONField


class Enrolment(models.Model):
    """One person following one programme; ``setup`` holds its personal settings (the dilator set, the goal
    ladder, the course plan, the pacing baseline, the taper plan), validated by the programme's service."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programmes")
    programme = EncryptedCharField(max_length=40)
    programme_index = BlindIndexField(of="programme")
    setup = EncryptedJSONField(default=dict, blank=True)
    started_on = models.DateField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["user", "programme_index"], name="one_enrolment_per_programme")]

    def __str__(self) -> str:  # never the programme's name: this may reach logs
        return f"Enrolment {self.pk}"


class ProgrammeSession(models.Model):
    """One session of a programme (its values encrypted), linked to the therapy entry logged with it so
    "What helps me" sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_sessions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sessions")
    taken_at = models.DateTimeField()
    day = models.DateField(help_text=gettext_lazy("The person's local date of taken_at."))
    values = EncryptedJSONField(default=dict, blank=True)
    therapy_entry = models.ForeignKey(
        "therapies.TherapyEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self) -> str:
        return f"Programme session {self.pk}"
