"""The personal plan: goals in the person's words, the parts they chose with a schedule, the days ticked,
reminder settings, the reminders sent (once per item) and the private calendar feed's hashed token."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from painwise.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Goal(models.Model):
    """A meaningful activity the plan aims at, in the person's own words ("sit through a film")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_goals")
    text = EncryptedTextField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class PlanPart(models.Model):
    """One thing the person plans to do on a schedule: a medication, a therapy, a programme, the check-in..."""

    class Schedule(models.TextChoices):
        WEEKDAYS = "weekdays", gettext_lazy("On days of the week")
        EVERY = "every", gettext_lazy("Every N days")

    class SuggestedBy(models.TextChoices):
        SELF = "self", gettext_lazy("Myself")
        PHYSIOTHERAPIST = "physiotherapist", gettext_lazy("Physiotherapist")
        DOCTOR = "doctor", gettext_lazy("Doctor")
        NURSE = "nurse", gettext_lazy("Nurse")
        PSYCHOLOGIST = "psychologist", gettext_lazy("Psychologist")
        OTHER = "other", gettext_lazy("Someone else")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_parts")
    # Encrypted: the kind ("track"), the chosen value and its label name the medication, therapy or programme.
    kind = EncryptedCharField(max_length=30)
    choice = EncryptedCharField(max_length=200)
    label = EncryptedCharField(max_length=200)
    url = EncryptedCharField(max_length=300, blank=True)
    sensitive = models.BooleanField(default=False)
    schedule = models.CharField(max_length=10, choices=Schedule.choices, default=Schedule.WEEKDAYS)
    weekdays = models.CharField(
        max_length=7, blank=True, help_text=gettext_lazy("Days of the week, 0 = Monday ... 6 = Sunday.")
    )
    every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    time_of_day = models.TimeField(null=True, blank=True)
    suggested_by = models.CharField(max_length=20, choices=SuggestedBy.choices, default=SuggestedBy.SELF)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    note = EncryptedTextField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.label)


class PlanTick(models.Model):
    """How one day of one part went: done, partly done, or skipped (with the person's reason)."""

    class Status(models.TextChoices):
        DONE = "done", gettext_lazy("Done")
        PARTLY = "partly", gettext_lazy("Partly done")
        SKIPPED = "skipped", gettext_lazy("Skipped")

    part = models.ForeignKey(PlanPart, on_delete=models.CASCADE, related_name="ticks")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = EncryptedTextField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "pk"]
        constraints = [models.UniqueConstraint(fields=["part", "day"], name="one_tick_per_part_and_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.status}"


class ReminderSettings(models.Model):
    """How the person wants to be reminded. The today list in the app is always on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    email = models.BooleanField(default=False)
    remind_at = models.TimeField(default=dt.time(8, 0))
    show_names = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"reminders at {self.remind_at}"


class ReminderSent(models.Model):
    """One reminder sent for one agenda item: the unique index of its key makes every reminder go out once.

    The key is encrypted (``questionnaire:pcl5:<day>`` would say which questionnaire); its blind index is unique.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    key = EncryptedCharField(max_length=200)
    key_index = BlindIndexField(of="key")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key_index"], name="one_reminder_per_item")]

    def __str__(self) -> str:
        return str(self.key)


class CalendarFeed(models.Model):
    """The private calendar feed: only the SHA-256 of its secret token is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "calendar feed"
