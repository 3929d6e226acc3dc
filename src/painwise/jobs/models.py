"""Claims for periodic jobs: one row per job and time slot, so a slot runs once however many workers poll."""

from __future__ import annotations

from django.db import models


class PeriodicClaim(models.Model):
    """A worker's claim to run ``job`` for the period starting at ``slot``.

    The unique constraint is the lock: two workers that reach the same slot both try to insert this row and
    the database lets exactly one of them succeed (the other gets IntegrityError and moves on).
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    claimed_by = models.CharField(max_length=64)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobs_one_claim_per_slot")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M} by {self.claimed_by}"
