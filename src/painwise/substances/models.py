"""The withdrawal-symptom check a person fills in; kratom and alcohol doses are therapy entries."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import EncryptedIntegerField, EncryptedJSONField


class WithdrawalCheck(models.Model):
    """One completed withdrawal-symptom check: the answers (encrypted) and their total in points."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="withdrawal_checks")
    day = models.DateField(help_text=gettext_lazy("The person's local date of the check."))
    answers = EncryptedJSONField(default=dict)
    total = EncryptedIntegerField(validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self) -> str:
        return f"Withdrawal check {self.day:%Y-%m-%d}: {self.total} points"
