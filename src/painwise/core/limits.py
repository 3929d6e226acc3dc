"""Rate limits kept in the shared database cache, through allauth's rate limiter.

Actions and their rates are in settings.ACCOUNT_RATE_LIMITS (PAINWISE_RATE_LIMIT_* settings):
``login_failed`` is applied by allauth's sign-in form itself; ``api_token_failed``, ``import`` and
``export`` are applied here. The client address is REMOTE_ADDR as TrustedProxyMiddleware left it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

# The public allauth.core.ratelimit.consume never counts GET requests; exports and token checks are GETs too.
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from painwise.core.types import User



class TooManyAttemptsError(Exception):
    """An action was refused because its rate limit is used up for now (answer 429)."""


def consume(request: HttpRequest, *, action: str, user: User | None = None, dry_run: bool = False) -> bool:
    """Count one ``action`` (unless ``dry_run``); False when the limit is used up and it must be refused."""
    if dry_run:
        return _within_limits(request, action=action, user=user)
    usage = allauth_ratelimit.consume(
        request, app="allauth.account", action=action, user=user, dry_run=dry_run, limit_get=True,
    )
    return usage is not None


def _within_limits(request: HttpRequest, *, action: str, user: User | None) -> bool:
    """Whether ``action`` is still allowed, read without allauth's cache lock.

    allauth takes a short lock for every check and refuses when it cannot get one within a second. A mere
    look (every API request checks the failed-token count) must not do that: under concurrent requests, or
    for ten seconds after a process was killed while holding the lock, good requests were refused with 429.
    """
    from django.core.cache import cache

    now = time.time()
    for rate in allauth_ratelimit.get_rates(app="allauth.account", action=action):
        key = allauth_ratelimit.get_cache_key(request, app="allauth.account", action=action, rate=rate, user=user)
        allowed, _history = allauth_ratelimit.apply_rate(list(cache.get(key, [])), now, rate, dry_run=True)
        if not allowed:
            return False
    return True


def require(request: HttpRequest, *, action: str, user: User | None = None) -> None:
    """Count one ``action`` by ``user``; TooManyAttemptsError when the limit is used up."""
    if not consume(request, action=action, user=user):
        raise TooManyAttemptsError(action)


def too_many_page(request: HttpRequest) -> HttpResponse:
    """The 429 page (templates/429.html), the same one allauth shows after too many failed sign-ins."""
    response: HttpResponse = allauth_ratelimit.respond_429(request)
    return response
