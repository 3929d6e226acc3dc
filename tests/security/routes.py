"""Every route of the app, discovered (not listed by hand): pages from Django's URL resolver, the API from its
OpenAPI document. Each route knows its path parameters and fills them from the owner's world by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

API_PREFIX = "/api/v1"
PAGE_METHODS = ("get", "post")  # Django views do not declare their methods: probe both


class UnfilledParameterError(Exception):
    pass


@dataclass(frozen=True)
class Route:
    kind: str  # "page" or "api"
    template: str  # the resolver's pattern or the OpenAPI path
    name: str  # namespaced URL name or OpenAPI operationId (per method for the API)
    params: tuple[str, ...]
    methods: tuple[str, ...]

    def url(self, values: dict[str, Any]) -> str:
        missing = [p for p in self.params if p not in values]
        if missing:
            raise UnfilledParameterError(
                f"{self.kind} route {self.template!r} has path parameter(s) {missing} that the security suite cannot "
                f"fill: add a record or a known value for them in tests/security/world.py (build_world).")
        if self.kind == "page":
            return reverse(self.name, kwargs={p: values[p] for p in self.params})
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.template)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def resolver_routes() -> tuple[list[Route], list[str], list[str]]:
    """(page routes, templates of API routes as the resolver sees them, problems such as unnamed routes)."""
    pages, api_templates, problems = [], [], []
    for template, namespace, pattern in _walk(get_resolver().url_patterns):
        if template.startswith(API_PREFIX.strip("/") + "/"):
            api_templates.append(template)
            continue
        if not pattern.name:
            problems.append(f"page route {template!r} has no name: give it one so the security suite can reverse it")
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        params = tuple(pattern.pattern.regex.groupindex)
        pages.append(Route("page", template, name, params, PAGE_METHODS))
    return pages, api_templates, problems


def openapi_routes(document: dict[str, Any]) -> list[Route]:
    routes = []
    for path, item in document["paths"].items():
        methods = tuple(m for m in ("get", "post", "put", "patch", "delete") if m in item)
        names = ",".join(item[m].get("operationId", m) for m in methods)
        routes.append(Route("api", path, names, tuple(re.findall(r"\{(\w+)\}", path)), methods))
    return routes


def resolver_path_as_openapi(template: str) -> str:
    """'api/v1/checkins/<int:checkin_id>' -> '/api/v1/checkins/{checkin_id}' (to compare the two discoveries)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", template)
