from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from painwise.accounts.reference import condition_choices, country_choices, timezone_choices
from painwise.core.fields import EncryptedJSONField


def _validate_timezone(value: str) -> None:
    if value not in dict(timezone_choices()):
        raise ValidationError(gettext("Unknown time zone %(value)s.") % {"value": repr(value)})


def _validate_country(value: str) -> None:
    if value not in dict(country_choices()):
        raise ValidationError(gettext("Unknown country code %(value)s.") % {"value": repr(value)})


def _validate_conditions(value: list[str]) -> None:
    known = dict(condition_choices())
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValidationError(gettext("Unknown condition(s): %(join)s.") % {"join": ', '.join(unknown)})


class Profile(models.Model):
    """Per-person settings: where they live (crisis lines, legal information) and what they track."""

    class McidMode(models.TextChoices):
        POINTS = "points", gettext_lazy("A fixed number of points")
        PERCENT = "percent", gettext_lazy("30 % of my own average")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    timezone = models.CharField(max_length=64, default="UTC", validators=[_validate_timezone])
    country = models.CharField(max_length=2, default="ZZ", validators=[_validate_country])
    region = models.CharField(
        max_length=64, blank=True, help_text=gettext_lazy("State or province, e.g. 'AL' or 'Ontario'.")
    )
    conditions = EncryptedJSONField(default=list, blank=True, validators=[_validate_conditions])
    track_cycle = models.BooleanField(
        default=False, help_text=gettext_lazy("Show menstrual-cycle fields in the check-in.")
    )
    show_sexual_health = models.BooleanField(
        default=False, help_text=gettext_lazy("List pelvic and sexual-health therapies with the others in the catalog.")
    )
    mcid_mode = models.CharField(max_length=8, choices=McidMode.choices, default=McidMode.POINTS)
    mcid_points = models.FloatField(
        default=1.0, help_text=gettext_lazy("Smallest difference that matters to you (0.5–5 points).")
    )
    pool_opt_in = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Let this deployment pool my estimates (never my diary) to help short diaries."),
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def clean(self) -> None:
        if self.mcid_points is not None and not 0.5 <= self.mcid_points <= 5:  # None: the field error says so
            raise ValidationError({"mcid_points": gettext("Choose between 0.5 and 5 points.")})


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal API token for scripts. Only its SHA-256 is stored; the token is shown once.

    A read token may only use safe methods (GET/HEAD/OPTIONS); a read-write token may also change data.
    An expired or revoked token is refused (401). Tokens are revoked when the password changes.
    """

    class Scope(models.TextChoices):
        READ = "read", gettext_lazy("Read only")
        READ_WRITE = "read-write", gettext_lazy("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=gettext_lazy("Empty: never expires."))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @staticmethod
    def new_raw_token() -> str:
        return "pw_" + secrets.token_urlsafe(32)
