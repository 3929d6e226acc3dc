"""Sending form fields to the form they came from, in-process: the same view, checks and messages as online.

Only the three forms that work offline qualify (``OFFLINE_FORMS``, by URL name); the fields go through
that form's own view, so its validation, safety notices and saved messages apply unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, ResolverMatch, resolve

from painwise.offline.models import OfflineEntry

# URL name of each form that can be filled in offline -> the kind of entry it makes.
OFFLINE_FORMS = {
    "diary:checkin": OfflineEntry.Kind.CHECKIN,
    "diary:episode_new": OfflineEntry.Kind.EPISODE,
    "therapies:log": OfflineEntry.Kind.THERAPY,
}


def offline_form(path: str) -> ResolverMatch:
    """The resolved form at ``path`` if it works offline; Http404 otherwise."""
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404 from None
    if match.view_name not in OFFLINE_FORMS:
        raise Http404
    return match


def post_to(request: HttpRequest, match: ResolverMatch | Any, fields: list[list[str]]) -> HttpResponse:
    """The answer of the form's view to ``fields`` posted by the person of ``request``."""
    data = QueryDict(mutable=True)
    for name, value in fields:
        data.appendlist(name, value)
    request.method = "POST"
    request.POST = data  # type: ignore[assignment]
    response: HttpResponse = match.func(request, *match.args, **match.kwargs)
    return response


def attempt_for(request: HttpRequest, match: ResolverMatch | Any) -> Callable[[list[list[str]]], int]:
    """A services.Attempt: post the fields to the form and give the status of its answer."""
    return lambda fields: post_to(request, match, fields).status_code
