"""Set up the onboarding baseline of questionnaires whenever a profile is saved (new conditions add more)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save


def _on_profile_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from painwise.instruments.services import ensure_baseline

    ensure_baseline(user=instance.user)


def connect() -> None:
    from painwise.accounts.services import Profile

    post_save.connect(_on_profile_saved, sender=Profile, dispatch_uid="instruments_baseline")
