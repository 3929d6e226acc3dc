"""Offline entries arrive at their own form's address, marked with the id the device gave them.

A POST with the ``X-Painwise-Offline-Id`` header is a queued entry: it goes through
``services.receive_entry`` (saved once, or held for the person's choice) instead of straight to the
form, and the answer is JSON for the device's queue. It runs after the CSRF check (the device sends the
current token) and after sign-in is known. A signed-in person's pages carry ``Painwise-Offline: keep``:
the service worker keeps no page without it (never a signed-out page, never a page after sign-out).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from painwise.offline import services
from painwise.offline.replay import OFFLINE_FORMS, attempt_for

HEADER = "HTTP_X_PAINWISE_OFFLINE_ID"
LOGGED_AT_HEADER = "HTTP_X_PAINWISE_LOGGED_AT"
KEEP_HEADER = "Painwise-Offline"
STATUS_CODES = {"saved": 201, "held": 202, "discarded": 200}


def _error(status: int, where: str, message: str) -> JsonResponse:
    return JsonResponse({"detail": [{"loc": ["header" if where == "header" else "path", where], "msg": message}]},
                        status=status)


def _logged_at(request: HttpRequest) -> dt.datetime | None:
    moment = parse_datetime(request.META.get(LOGGED_AT_HEADER, ""))
    return moment if moment is not None and moment.tzinfo is not None else None


def _day(kwargs: dict[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(kwargs.get("day", ""))
    except ValueError:
        return None


class OfflineEntryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "GET" and request.user.is_authenticated:
            response[KEEP_HEADER] = "keep"  # the service worker keeps only a signed-in person's form pages
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
                     ) -> HttpResponse | None:
        raw_id = request.META.get(HEADER)
        if raw_id is None:
            return None
        kind = OFFLINE_FORMS.get(request.resolver_match.view_name if request.resolver_match else "")
        if request.method != "POST" or kind is None:
            return _error(400, "path", "This address does not take entries logged offline.")
        if not request.user.is_authenticated:
            return _error(401, "header", "Sign in again to send the entries kept on this device.")
        try:
            client_id = uuid.UUID(raw_id)
        except ValueError:
            return _error(400, "header", "X-Painwise-Offline-Id must be a UUID.")
        try:
            outcome = services.receive_entry(
                user=request.user, client_id=client_id, kind=kind, path=request.path,
                fields=[[name, value] for name, values in request.POST.lists() for value in values],
                attempt=attempt_for(request, request.resolver_match), day=_day(view_kwargs),
                logged_at=_logged_at(request),
            )
        except Http404:
            return _error(404, "path", "This form no longer exists (a removed therapy or a wrong day).")
        held = outcome.status == "held"
        body = {"status": outcome.status, "repeated": outcome.repeated,
                "url": reverse("offline:held", args=[outcome.entry.pk]) if held else ""}
        return JsonResponse(body, status=200 if outcome.repeated else STATUS_CODES[outcome.status])
