from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    """Sign-up can be closed by PAINWISE_ALLOW_SIGNUP=false (e.g. a single-person install)."""

    def is_open_for_signup(self, request: Any) -> bool:
        return bool(settings.ALLOW_SIGNUP)
