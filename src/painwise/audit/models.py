from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Event(models.TextChoices):
    """Everything the activity log records. The labels are what the person reads."""

    LOGIN = "login", gettext_lazy("Signed in")
    LOGIN_FAILED = "login_failed", gettext_lazy("Failed sign-in")
    LOGOUT = "logout", gettext_lazy("Signed out")
    PASSWORD_CHANGED = "password_changed", gettext_lazy("Password changed")
    MFA_ADDED = "mfa_added", gettext_lazy("Two-factor method turned on")
    MFA_REMOVED = "mfa_removed", gettext_lazy("Two-factor method turned off")
    MFA_RESET = "mfa_reset", gettext_lazy("New recovery codes made")
    MFA_USED = "mfa_used", gettext_lazy("Two-factor code used")
    MFA_FAILED = "mfa_failed", gettext_lazy("Wrong two-factor code")
    EXPORT = "export", gettext_lazy("Data exported")
    IMPORT = "import", gettext_lazy("Data imported")
    TOKEN_CREATED = "token_created", gettext_lazy("API token created")
    TOKEN_USED = "token_used", gettext_lazy("API token used (first use that day)")
    TOKEN_REVOKED = "token_revoked", gettext_lazy("API token revoked")
    KEYS_ROTATED = "keys_rotated", gettext_lazy("Encryption keys rotated (whole server)")
    SHARED = "shared", gettext_lazy("Data shared")
    SHARE_REVOKED = "share_revoked", gettext_lazy("Sharing stopped")


# How each detail reads on the activity page ("" shows the value alone).
DETAIL_LABELS = {"which": "", "format": "format", "token": "", "scope": "scope", "reason": "because", "rows": "rows:",
                 "summary": "", "method": "", "via": "via"}


class AuditEntry(models.Model):
    """One thing that happened to an account. ``user`` is empty for server-wide events (key rotation),
    which every person sees in their own log."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    event = models.CharField(max_length=32, choices=Event.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(
        max_length=120, blank=True, help_text=gettext_lazy("A short summary of the browser or client.")
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def details_text(self) -> str:
        """The details as a short phrase: "laptop (pw_Ab12…) · scope read"."""
        details = self.details or {}
        # A fixed order: PostgreSQL's jsonb does not keep the order the keys were written in.
        keys = [k for k in DETAIL_LABELS if k in details] + sorted(k for k in details if k not in DETAIL_LABELS)
        parts = []
        for key in keys:
            value = details[key]
            if value in ("", None):
                continue
            label = DETAIL_LABELS.get(key, key.replace("_", " "))
            parts.append(f"{label} {value}".strip())
        return " · ".join(parts)
