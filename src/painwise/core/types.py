"""The types every domain shares: the person a service acts for, and a request that has one.

Painwise uses Django's own user model (``settings.AUTH_USER_MODEL`` is left at ``auth.User``), so a person is
``django.contrib.auth.models.User``. Annotate with ``User`` from here, never ``Any``:

    from painwise.core.types import User

    def record_checkin(*, user: User, ...) -> CheckIn: ...

Views and API routes that only a signed-in person reaches take an ``AuthedRequest``, whose ``user`` is a
``User`` (a plain ``HttpRequest`` may carry an ``AnonymousUser``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import User as User

# Whoever is at the other end of a page that visitors may see too (``request.user`` before sign-in).
Visitor: TypeAlias = "User | AnonymousUser"


class AuthedRequest(HttpRequest):
    """A request from a signed-in person (behind ``login_required`` or the API's session/token auth)."""

    user: User


def __getattr__(name: str) -> Any:
    # At run time ``User`` resolves once the app registry is ready (annotations need it only for mypy).
    if name == "User":
        from django.contrib.auth import get_user_model

        return get_user_model()
    raise AttributeError(name)
