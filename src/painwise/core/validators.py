"""Validators more than one domain applies to its records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def validate_not_after_tomorrow(day: dt.date, today: dt.date, field: str) -> None:
    """Dates may be today or tomorrow (time zones, late nights), never further ahead."""
    if day > today + dt.timedelta(days=1):
        raise ValidationError(
            {
                field: gettext("%(isoformat)s is in the future; log days up to tomorrow only.")
                % {"isoformat": day.isoformat()}
            }
        )
