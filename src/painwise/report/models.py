"""The clinician report's own records: the person's questions for the visit, the reports they made,
and share links (only the token's hash is stored) with every opening."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class ReportPreferences(models.Model):
    """One per person: their questions for the next visit (encrypted like notes)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_preferences")
    questions = EncryptedTextField(blank=True, help_text=gettext_lazy("The person's own questions for the visit."))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Report preferences of {self.user_id}"


class ReportRecord(models.Model):
    """A report the person made (downloaded or printed): its period and sections, for the next default period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    start = models.DateField()
    end = models.DateField()
    sections = EncryptedJSONField(default=list)  # which sections were chosen (e.g. substances) says much
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report {self.start}–{self.end}"


class ShareLink(models.Model):
    """A link a clinician opens without an account: one period and set of sections, until it expires,
    is revoked, or locks after too many wrong PINs. ``token_hash`` is the SHA-256 of the URL token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links")
    label = EncryptedCharField(
        max_length=80, blank=True, help_text=gettext_lazy("For you, e.g. 'Dr Patel, March visit'.")
    )
    start = models.DateField()
    end = models.DateField()
    sections = EncryptedJSONField(default=list)  # which sections were chosen (e.g. substances) says much
    token_hash = models.CharField(max_length=64, unique=True)
    pin_hash = models.CharField(max_length=255, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    failed_pin_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Share link {self.pk} ({self.start}–{self.end})"

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)


class ShareOpening(models.Model):
    """One opening of a share link (page, PDF or FHIR), with when and from which address."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(auto_now_add=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    what = models.CharField(max_length=8, default="page")

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Opening of link {self.link_id} at {self.opened_at}"
