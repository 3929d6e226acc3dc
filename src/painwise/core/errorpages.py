"""Error answers a person can read: a page in Painwise's look instead of the browser's blank one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The API answers its own errors as JSON (ninja); only pages get the HTML page.
API_PREFIX = "/api/"


class MethodNotAllowedPageMiddleware:
    """A page address opened the wrong way (a POST-only address visited with GET: a bookmarked delete link, a
    form re-opened from history) answers Django's empty 405; this gives it the 405 page (templates/405.html),
    keeping the status and the Allow header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith(API_PREFIX):
            return response
        # Flash messages wait for the next real page: this one says nothing about what was asked for.
        page = render(request, "405.html", {"messages": ()}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
