"""Validators more than one domain applies to its records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError


def validate_not_after_tomorrow(day: dt.date, today: dt.date, field: str) -> None:
    """Dates may be today or tomorrow (time zones, late nights), never further ahead."""
    if day > today + dt.timedelta(days=1):
        raise ValidationError({field: f"{day.isoformat()} is in the future; log days up to tomorrow only."})
