"""Who may see what: a person's own safety events (404 for anyone else), and no other page while a crisis
screen is open: views wrapped by ``crisis_gate`` send the person back to it (it cannot be skipped)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from painwise.core.access import get_owned
from painwise.core.types import AuthedRequest
from painwise.safety.models import SafetyEvent
from painwise.safety.services import pending_crisis

if TYPE_CHECKING:
    from painwise.core.types import User



def get_event_for_user(user: User, event_id: Any) -> SafetyEvent:
    """The person's own safety event, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(SafetyEvent, user=user, pk=event_id)


def crisis_url(event: SafetyEvent, *, next_url: str = "") -> str:
    url = reverse("safety:crisis", args=[event.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def crisis_gate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Redirect to the oldest unacknowledged crisis screen before showing anything else."""

    @functools.wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = pending_crisis(user=request.user)
        if event is not None:
            return redirect(crisis_url(event, next_url=request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
