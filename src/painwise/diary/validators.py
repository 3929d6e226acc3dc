"""Validators shared by the diary models (and so by forms, API and CLI, which all call full_clean)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext

from painwise.diary.bodymap import quality_labels, region_labels

RATING = [MinValueValidator(0, "Use a number from 0 to 10."), MaxValueValidator(10, "Use a number from 0 to 10.")]


def validate_regions(value: Any) -> None:
    """A mapping of body-region id -> intensity 0–10."""
    if not isinstance(value, dict):
        raise ValidationError(gettext("Regions must map a body region to an intensity from 0 to 10."))
    known = region_labels()
    for region, intensity in value.items():
        if region not in known:
            raise ValidationError(gettext("Unknown body region %(region)s.") % {"region": repr(region)})
        if isinstance(intensity, bool) or not isinstance(intensity, int) or not 0 <= intensity <= 10:
            raise ValidationError(
                gettext("Intensity for %(value)s must be a whole number from 0 to 10.") % {"value": known[region]}
            )


def validate_qualities(value: Any) -> None:
    known = quality_labels()
    if not isinstance(value, list) or any(q not in known for q in value):
        bad = [q for q in value if q not in known] if isinstance(value, list) else value
        raise ValidationError(gettext("Unknown pain quality: %(bad)s.") % {"bad": repr(bad)})


def validate_tags(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(t, str) and 0 < len(t) <= 60 for t in value):
        raise ValidationError(gettext("Tags must be a list of short texts (1–60 characters each)."))


@dataclass(frozen=True)
class GentleQuestion:
    """A value that may well be right but is worth a second look: asked, never refused."""

    field: str
    code: str
    message: str


def gentle_questions(*, pain_average: int | None, pain_worst: int | None) -> list[GentleQuestion]:
    """Questions about a day's values (points 0–10): today only a worst pain below the average."""
    if pain_average is None or pain_worst is None or pain_worst >= pain_average:
        return []
    return [GentleQuestion(
        field="pain_worst", code="worst_below_average",
        message=gettext("Your worst pain (%(worst)s) is lower than your average (%(average)s). Could you check?")
        % {"worst": pain_worst, "average": pain_average})]
