"""Request middleware shared by every page and the API: who the client is, how big a request may be,
and the privacy headers of every answer.

- ``TrustedProxyMiddleware`` (first in the list): a request from a proxy named in
  PAINWISE_TRUSTED_PROXY gets the visitor's address from X-Forwarded-For as REMOTE_ADDR (so rate
  limits, lockouts and logs see the visitor, not the proxy) and keeps X-Forwarded-Proto (so Django
  knows the visitor used HTTPS). From anyone else those headers are removed: they could be made up.
- ``RequestLimitsMiddleware``: refuses a body over its size limit with 413 before it is read, and a
  path or query string holding a NUL character with 400.
- ``PrivacyHeadersMiddleware``: a Permissions-Policy on every page, and ``Cache-Control: no-store``
  on every answer to a signed-in person or to the API (health data must not stay in a shared cache).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from painwise.core.inputs import size_text

Handler = Callable[[HttpRequest], HttpResponse]
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                      "HTTP_X_FORWARDED_PORT", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
API_PREFIX = "/api/"


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    """Whether ``address`` is one of the reverse proxies named in PAINWISE_TRUSTED_PROXY."""
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in settings.TRUSTED_PROXIES)


def client_address(remote_addr: str, forwarded_for: str) -> str:
    """The visitor's address behind trusted proxies: the right-most X-Forwarded-For hop that is not one.

    Hops are read from the right, because each proxy appends the address it saw; anything left of
    the first untrusted hop was written by the client and is ignored. A malformed hop ends the search.
    """
    client = remote_addr
    for hop in reversed(forwarded_for.split(",")):
        if not is_trusted_proxy(client):
            break
        parsed = _address(hop)
        if parsed is None:
            break
        client = str(parsed)
    return client


class TrustedProxyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        remote = meta.get("REMOTE_ADDR", "")
        if settings.TRUSTED_PROXIES and is_trusted_proxy(remote):
            meta["REMOTE_ADDR"] = client_address(remote, meta.get("HTTP_X_FORWARDED_FOR", ""))
        else:
            for name in FORWARDING_HEADERS:
                meta.pop(name, None)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int, what: str) -> HttpResponse:
    """413 saying what was too large and the limit, as JSON for the API and as a page otherwise."""
    message = f"This {what} is larger than the {size_text(limit)} limit of this server."
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": [{"loc": ["body"], "msg": message}]}, status=413)
    html = render_to_string("painwise/413.html", {"message": message}, request=request)
    return HttpResponse(html, status=413)


class RequestLimitsMiddleware:
    """Bodies over their limit answer 413 unread; NUL characters in a path or query answer 400."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return _nul_refused(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        upload = request.content_type == "multipart/form-data"
        # An upload may carry a whole import file plus the few other form fields.
        limit = settings.MAX_IMPORT_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE if upload \
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return too_large(request, settings.MAX_IMPORT_BYTES if upload else limit,
                             "file" if upload else "request")
        return self.get_response(request)


def _nul_refused(request: HttpRequest) -> HttpResponse:
    message = "The address contains a NUL character (%00), which Painwise does not accept."
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": [{"loc": ["path"], "msg": message}]}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class PrivacyHeadersMiddleware:
    """Permissions-Policy everywhere; never cache what a signed-in person or the API is sent."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response
