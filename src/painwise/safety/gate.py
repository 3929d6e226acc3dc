"""A crisis screen cannot be skipped: views wrapped by ``crisis_gate`` send the person back to it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from painwise.core.types import AuthedRequest
from painwise.safety.models import SafetyEvent
from painwise.safety.services import pending_crisis


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
