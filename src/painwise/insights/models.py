from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class PooledPrior(models.Model):
    """One run of ``painwise insights pool``: priors learnt from the estimates (never the diaries) of the
    people who opted in, used by every analysis until the next run."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    n_people = models.PositiveIntegerField()
    priors = models.JSONField(help_text=gettext_lazy("painwise.insights.priors.priors_to_json output."))
    summary = models.JSONField(
        default=list, help_text=gettext_lazy("Pooled effect per factor, outcome and lag (points).")
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Pooled prior v{self.version} ({self.n_people} people)"
