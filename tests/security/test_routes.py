"""Every route, three people: anonymous (login redirect / 401), another person (404 for the owner's records,
never a trace of the owner's data, nothing of the owner's changed) and the owner (no server error).

Routes are discovered from the URL resolver and the OpenAPI document, so a new route is probed without
editing this file; a route whose path parameter cannot be filled fails with a message saying what to add.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.test import Client
from pytest_django.fixtures import Settings

from painwise.core.types import User
from tests.security.figures import record
from tests.security.routes import (
    API_PREFIX,
    Route,
    UnfilledParameterError,
    openapi_routes,
    resolver_path_as_openapi,
    resolver_routes,
)
from tests.security.world import MARKER, OWNED_PARAMETERS, build_world

pytestmark = pytest.mark.django_db

# Routes anyone may open without signing in, and why. Everything else must send anonymous visitors to the
# login page (pages) or answer 401 (API).
PUBLIC_PAGES = {
    "home",  # visitors see a welcome page with sign-in and sign-up links (no one's data)
    "about",  # what Painwise is
    "safety:help",  # crisis lines must be reachable by anyone, signed in or not
    # allauth's own sign-in, sign-up and password-reset flow
    "account_login", "account_signup", "account_inactive", "account_email_verification_sent",
    "account_reset_password", "account_reset_password_done", "account_reset_password_from_key",
    "account_reset_password_from_key_done", "account_confirm_email", "account_confirm_login_code",
    "account_logout",  # signing out when not signed in just goes home
    "password_reset",  # Painwise's own reset page: says how to reset when no e-mail is configured
    # a clinician opens a share link without an account; the link's token (and here its PIN) is the key
    "report:shared", "report:shared_pdf", "report:shared_fhir", "report:shared_chart",
    # a calendar app subscribes to the plan's private feed without signing in; the secret token in the URL is
    # the key (stored hashed, can be regenerated and revoked); an unknown one is a bare 404 (test_calendar.py)
    "plan:feed",
    # installing the app and working offline: the manifest, the service worker and the "you are offline" page
    "offline:manifest", "offline:service_worker", "offline:fallback",
    # the scripts' translations (Django's JavaScript catalog): the app's own words, no one's data; the sign-up
    # page's script needs it before anyone has signed in
    "javascript-catalog",
}
PUBLIC_API = {
    f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs",  # the API's own description
    f"{API_PREFIX}/",  # the API root
}
# Signing out is probed for anonymous visitors only: for a signed-in person it would end the session the
# remaining probes need (allauth's own tests cover it).
SIGN_OUT_ROUTES = {"account_logout"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
MISSING_ID = 2_147_483_000  # an id no record has, to compare against the owner's real ids


def _body(response: Any) -> str:
    """The response's text, with the CSRF fields of its forms masked (a new random mask on every page, such as
    the sign-out button of the 405 page: it says nothing about the record asked for)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return CSRF_FIELD.sub('name="csrfmiddlewaretoken" value=""', response.content.decode("utf-8", "replace"))


def _request(client: Client, method: str, route: Route, url: str) -> Any:
    if route.kind == "api" and method in ("post", "put", "patch"):
        return getattr(client, method)(url, data="{}", content_type="application/json")
    if method == "post":
        return client.post(url, data={})
    return getattr(client, method)(url)


def _fingerprint(owner: User) -> str:
    """Everything stored for the owner (every model with a ``user`` field, and the account itself)."""
    rows = []
    for model in apps.get_models():
        if model._meta.app_label not in {"auth", "sessions"} and any(f.name == "user" for f in model._meta.fields):
            rows.extend(model.objects.filter(user=owner).order_by("pk"))  # type: ignore[attr-defined]
    data = json.loads(serializers.serialize("json", rows))
    account = type(owner).objects.filter(pk=owner.pk).values("username", "email", "password", "is_active").get()
    return json.dumps([data, account], sort_keys=True, default=str)


def _discover(owner_client: Client) -> tuple[list[Route], list[str]]:
    pages, api_templates, problems = resolver_routes()
    response = Client().get(f"{API_PREFIX}/openapi.json")
    assert response.status_code == 200, "the OpenAPI document must be readable to discover the API routes"
    api = openapi_routes(response.json())
    documented = {route.template for route in api}
    for template in api_templates:
        path = resolver_path_as_openapi(template)
        if path not in documented and path not in PUBLIC_API:
            problems.append(f"API route {path!r} is served but missing from the OpenAPI document")
    return pages + api, problems


def _is_public(route: Route) -> bool:
    return route.name in PUBLIC_PAGES if route.kind == "page" else route.template in PUBLIC_API


def _client(user: User | None = None) -> Client:
    client = Client(raise_request_exception=False)  # a server error is counted and reported, not raised
    if user is not None:
        client.force_login(user)
    return client


def test_every_route_keeps_each_persons_data_to_themselves(alice: User, bob: User) -> None:
    alice_client, bob_client, anon_client = _client(alice), _client(bob), _client()
    world = build_world(alice)
    routes, problems = _discover(alice_client)
    probes = leaks = server_errors = 0
    owner_saw_marker = 0
    urls: dict[Route, str] = {}
    for route in routes:
        try:
            urls[route] = route.url(world)
        except UnfilledParameterError as exc:
            problems.append(str(exc))

    def probe(client: Client, who: str, route: Route, method: str, url: str) -> Any:
        nonlocal probes, server_errors
        probes += 1
        response = _request(client, method, route, url)
        if response.status_code >= 500:
            server_errors += 1
            problems.append(f"{who} {method.upper()} {url}: server error {response.status_code}")
        return response

    # 1. Anonymous: sent to the login page, or 401 from the API, except the public routes.
    for route, url in urls.items():
        for method in route.methods:
            response = probe(anon_client, "anonymous", route, method, url)
            if _is_public(route) or response.status_code >= 500:
                continue
            if route.kind == "page":
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(settings.LOGIN_URL):
                    problems.append(f"anonymous {method.upper()} {url}: {response.status_code} {location!r}, "
                                    "expected a redirect to the login page (or add it to PUBLIC_PAGES with a reason)")
            elif response.status_code != 401:
                problems.append(f"anonymous {method.upper()} {url}: {response.status_code}, expected 401")

    # 2. Another person: never a trace of the owner's data; 404 (as for a record that does not exist) for the
    #    owner's records; nothing of the owner's changes.
    before = _fingerprint(alice)
    signed_in_urls = {route: url for route, url in urls.items() if route.name not in SIGN_OUT_ROUTES}
    for route, url in signed_in_urls.items():
        owned = set(route.params) & OWNED_PARAMETERS
        missing_url = route.url({**world, **dict.fromkeys(owned, MISSING_ID)}) if owned else ""
        for method in route.methods:
            response = probe(bob_client, "another person", route, method, url)
            if MARKER in _body(response):
                leaks += 1
                problems.append(f"another person {method.upper()} {url}: the owner's data shows in the response")
            if not owned:
                continue
            if method == "get" and response.status_code not in (404, 405):  # 405: a POST-only route
                problems.append(f"another person GET {url}: {response.status_code}, expected 404")
            unknown = _request(bob_client, method, route, missing_url)
            if (response.status_code, _body(response)) != (unknown.status_code, _body(unknown)):
                leaks += 1
                problems.append(f"another person {method.upper()} {url}: answers {response.status_code} where a "
                                f"record that does not exist answers {unknown.status_code} (existence revealed)")
    if _fingerprint(alice) != before:
        leaks += 1
        problems.append("another person's requests changed the owner's data")

    # 3. The owner: reads first, then writes with empty bodies, deletions last; never a server error.
    for phase in (("get",), ("post", "put", "patch"), ("delete",)):
        for route, url in signed_in_urls.items():
            for method in route.methods:
                if method not in phase:
                    continue
                response = probe(alice_client, "owner", route, method, url)
                if method == "get" and MARKER in _body(response):
                    owner_saw_marker += 1
                own_record = method == "get" and route.kind == "api" and set(route.params) & OWNED_PARAMETERS
                if own_record and response.status_code != 200:
                    problems.append(f"owner GET {url}: {response.status_code}, expected 200 (own record)")

    record(routes_discovered=len(routes), probes_run=probes, cross_user_leaks=leaks, server_errors=server_errors,
           owner_responses_showing_the_marker=owner_saw_marker)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    # The probes are real only if the owner's own responses show the marker bob must never see.
    assert owner_saw_marker >= 5, f"the owner saw their own marker in only {owner_saw_marker} responses"


def test_a_new_route_with_a_parameter_the_suite_cannot_fill_fails_with_what_to_add(
    settings: Settings, alice: User,
) -> None:
    settings.ROOT_URLCONF = "tests.security.extra_urls"
    pages, _api, _problems = resolver_routes()
    gizmo = next(route for route in pages if route.name == "gizmo")
    with pytest.raises(UnfilledParameterError, match=r"gizmo_id.*add a record or a known value.*world\.py"):
        gizmo.url(build_world(alice))
