"""A personal experiment (randomised N-of-1 trial), the days it was followed, and changes after its start."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

OUTCOME_CHOICES = [
    ("pain_average", gettext_lazy("Average pain")),
    ("pain_worst", gettext_lazy("Worst pain")),
    ("peg", gettext_lazy("PEG (pain, enjoyment, activity)")),
    ("sleep_quality", gettext_lazy("Sleep quality")),
    ("mood", gettext_lazy("Mood")),
    ("stress", gettext_lazy("Stress")),
]
HIGHER_IS_BETTER = frozenset({"sleep_quality", "mood"})


class Experiment(models.Model):
    """A vs B, one outcome, a design; the protocol is frozen and fingerprinted when it starts."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Not started")
        RUNNING = "running", gettext_lazy("Running")
        PAUSED = "paused", gettext_lazy("Paused")
        FINISHED = "finished", gettext_lazy("Finished")
        STOPPED = "stopped", gettext_lazy("Stopped early")

    class Kind(models.TextChoices):
        BLOCKS = "blocks", gettext_lazy("Blocks of days (for slow-acting therapies)")
        DAYS = "days", gettext_lazy("Day by day (for short-acting ones)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments")
    label_a = EncryptedTextField("A", max_length=120)
    label_b = EncryptedTextField("B", max_length=120)
    # Encrypted: a factor slug names the therapy, medication or own factor tested (docs/encryption.md).
    factor = EncryptedCharField(
        max_length=200, blank=True, help_text=gettext_lazy("The diary factor this tests, if any.")
    )
    # A check-in outcome (OUTCOME_CHOICES) or another domain's daily outcome (core.hooks.outcome_sources, e.g. a
    # trauma-track item); the service checks that the person has it and sets its direction. Encrypted: the name
    # of a trauma-track item says the person uses the track (docs/encryption.md).
    outcome = EncryptedCharField(max_length=80, default="pain_average")
    higher_is_better = models.BooleanField(default=False, editable=False)
    mcid = models.FloatField(
        "smallest difference that matters (points)", default=1.0,
        validators=[MinValueValidator(0.5, "At least 0.5 points."), MaxValueValidator(5, "At most 5 points.")],
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BLOCKS)
    pairs = models.PositiveSmallIntegerField(default=4)
    period_days = models.PositiveSmallIntegerField(default=7)
    washout_days = models.PositiveSmallIntegerField(default=2)
    days = models.PositiveSmallIntegerField(default=28)
    seed = models.BigIntegerField()
    prescriber_agrees = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(null=True, blank=True)
    protocol = EncryptedJSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label_a} vs {self.label_b}"


class AdherenceDay(models.Model):
    """Whether the person followed the assignment on one day (one tap); a day without a row is not said."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="adherence")
    day = models.DateField()
    followed = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["experiment", "day"], name="one_adherence_per_day")]
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {'followed' if self.followed else 'not followed'}"


class Deviation(models.Model):
    """A change after the start (pause, early stop, changed setting): recorded, never hidden."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="deviations")
    recorded_at = models.DateTimeField(auto_now_add=True)
    day = models.DateField()
    what = models.CharField(max_length=40)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.day}: {self.what}"
