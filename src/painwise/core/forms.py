"""Form helpers every domain's views share (so no domain borrows another's forms module)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext


def apply_errors(form: forms.BaseForm, exc: Any) -> None:
    """Put a service's ValidationError onto the form, field by field where the field exists."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(
                target, message if target else gettext("%(field)s: %(message)s") % {"field": field, "message": message}
            )
