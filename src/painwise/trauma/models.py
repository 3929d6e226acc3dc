"""The trauma track's records. Everything is encrypted at rest: even which tool or trigger kind was used
is sensitive, and so is whether the track is on (docs/trauma-track.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from painwise.core.fields import EncryptedCharField, EncryptedIntegerField, EncryptedJSONField, EncryptedTextField
from painwise.trauma.content import daily_item_ids, tools, track_content

PLAN_MAX_CHARS = 2000
ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


class TrackRecord(models.Model):
    """Base of the track's models: their text form names only the kind and id (it may reach logs)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class TrackSettings(TrackRecord):
    """Whether the person turned the track on ({"enabled": bool}, encrypted)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trauma_track")
    state = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def enabled(self) -> bool:
        return bool(self.state.get("enabled"))


class DailyCheck(TrackRecord):
    """One day's brief PTSD check: item id -> 0..4 (Painwise's own items, not a licensed instrument)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trauma_daily")
    day = models.DateField(help_text=gettext_lazy("The person's local date."))
    answers = EncryptedJSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="trauma_daily_one_per_day")]

    def clean(self) -> None:
        known = daily_item_ids()
        if not isinstance(self.answers, dict) or not self.answers:
            raise ValidationError({"answers": gettext("Answer at least one item.")})
        errors = {}
        for key, value in self.answers.items():
            if key not in known:
                errors[key] = f"Unknown item {key!r}."
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
                errors[key] = "Choose a whole number from 0 to 4."
        if errors:
            raise ValidationError(errors)


class GroundingUse(TrackRecord):
    """One use of a grounding or coping tool with distress before and after (0-10)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grounding_uses")
    day = models.DateField()
    tool = EncryptedCharField(max_length=40)
    before = EncryptedIntegerField(validators=ZERO_TO_TEN)
    after = EncryptedIntegerField(null=True, blank=True, validators=ZERO_TO_TEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["user", "day"])]

    def clean(self) -> None:
        if self.tool not in tools():
            raise ValidationError({"tool": gettext("Unknown tool %(tool)s.") % {"tool": repr(self.tool)}})


class Trigger(TrackRecord):
    """A trigger the person noted: what, where, how strong, what helped."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trauma_triggers")
    day = models.DateField()
    kind = EncryptedCharField(max_length=40)
    what = EncryptedCharField(max_length=200)
    where = EncryptedCharField(max_length=200, blank=True)
    intensity = EncryptedIntegerField(validators=ZERO_TO_TEN)
    helped = EncryptedTextField(blank=True, validators=[MaxLengthValidator(1000)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["user", "day"])]

    def clean(self) -> None:
        if self.kind not in track_content().trigger_kinds:
            raise ValidationError({"kind": gettext("Unknown trigger kind %(kind)s.") % {"kind": repr(self.kind)}})


class BoundariesPlan(TrackRecord):
    """The person's own words: what is okay, what is not, and the signals to stop."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boundaries_plan")
    okay = EncryptedTextField(blank=True, validators=[MaxLengthValidator(PLAN_MAX_CHARS)])
    not_okay = EncryptedTextField(blank=True, validators=[MaxLengthValidator(PLAN_MAX_CHARS)])
    stop_signals = EncryptedTextField(blank=True, validators=[MaxLengthValidator(PLAN_MAX_CHARS)])
    updated_at = models.DateTimeField(auto_now=True)
