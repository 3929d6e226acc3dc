"""The REST API under /api/v1 (django-ninja, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Authentication: the browser session (with CSRF on unsafe methods) or a personal API token sent as
``Authorization: Bearer pw_...``. Validation errors answer 422 with ``{"detail": [{"loc", "msg"}]}``.
Domains add their routers in ``_mount()`` below (one line each).
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.parser import Parser
from ninja.security import HttpBearer

from painwise.accounts.api import BrowserSessionAuth
from painwise.accounts.services import TokenRefusedError, token_for_raw
from painwise.core import inputs, limits
from painwise.core.versioning import EditConflictError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class CheckedJSONParser(Parser):
    """JSON bodies parsed with painwise.core.inputs: too deep, too long, NUL or lone surrogates are refused."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], inputs.loads(request.body))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pw_...``. Every scope rule lives here, not in the routes:
    an expired or revoked token answers 401 saying so; a read token may use only safe methods (403 otherwise).
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Failed tokens are counted per client address; when too many failed, every token is refused.
        if not limits.consume(request, action="api_token_failed", dry_run=True):
            raise limits.TooManyAttemptsError("api_token_failed")
        try:
            found = token_for_raw(token, request=request)
        except TokenRefusedError as exc:
            limits.consume(request, action="api_token_failed")
            raise HttpError(401, exc.reason) from None
        if found is None:
            limits.consume(request, action="api_token_failed")
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(403, f"This token has the '{found.scope}' scope, which cannot change data. "
                                 "Use a token with the 'read-write' scope.")
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


api = NinjaAPI(
    title="Painwise API",
    version="1",
    urls_namespace="api",
    # Token first: scripts send no CSRF cookie, and the session check would refuse them before the token.
    auth=[TokenAuth(), BrowserSessionAuth()],
    docs_url="/docs",
    parser=CheckedJSONParser(),
)


def validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError as a list of {loc, msg} items naming each field."""
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", *name.split(".")], "msg": str(message)}
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": str(message)} for message in exc.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": validation_details(exc)}, status=422)


def schema_error_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Schema (pydantic) errors in the same {loc, msg} shape, without the body parameter's name in ``loc``."""
    details = []
    for error in errors:
        loc = list(error["loc"])
        if loc[:1] == ["body"] and len(loc) > 2:
            del loc[1]  # ("body", "payload", "pain_now") -> ("body", "pain_now"), as the services report it
        details.append({"loc": loc, "msg": str(error["msg"])})
    return details


@api.exception_handler(SchemaError)
def on_schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    return api.create_response(request, {"detail": schema_error_details(list(exc.errors))}, status=422)


@api.exception_handler(limits.TooManyAttemptsError)
def on_too_many(request: HttpRequest, exc: limits.TooManyAttemptsError) -> HttpResponse:
    message = "Too many attempts from here in a short time; wait a few minutes and try again."
    return api.create_response(request, {"detail": message}, status=429)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """A body that is not acceptable JSON answers 422 naming the field, or 413 when too large."""
    cause = exc.__cause__
    if isinstance(cause, inputs.UnacceptableValueError):
        detail = [{"loc": ["body", *cause.path], "msg": cause.reason}]
        return api.create_response(request, {"detail": detail}, status=422)
    if isinstance(cause, RequestDataTooBig):
        size = inputs.size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        detail = [{"loc": ["body"], "msg": f"The request is larger than the {size} limit of this server."}]
        return api.create_response(request, {"detail": detail}, status=413)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(EditConflictError)
def on_edit_conflict(request: HttpRequest, exc: EditConflictError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=409)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _mount() -> None:
    from painwise.accounts.api import router as accounts_router
    from painwise.audit.api import router as audit_router
    from painwise.diary.api import router as diary_router
    from painwise.evidence.api import router as evidence_router
    from painwise.exchange.api import router as exchange_router
    from painwise.experiments.api import router as experiments_router
    from painwise.insights.api import router as helps_router
    from painwise.instruments.api import router as instruments_router
    from painwise.plan.api import router as plan_router
    from painwise.programmes.api import router as programmes_router
    from painwise.report.api import router as report_router
    from painwise.safety.api import router as safety_router
    from painwise.substances.api import router as substances_router
    from painwise.therapies.api import router as therapies_router
    from painwise.trauma.api import router as trauma_router

    routers = [
        ("/", accounts_router),
        ("/", diary_router),
        ("/", therapies_router),
        ("/", exchange_router),
        ("/", helps_router),
        ("/", evidence_router),
        ("/", substances_router),
        ("/", instruments_router),
        ("/", safety_router),
        ("/", audit_router),
        ("/", trauma_router),
        ("/", report_router),
        ("/", experiments_router),
        ("/", programmes_router),
        ("/", plan_router),
    ]
    for prefix, router in routers:
        api.add_router(prefix, router)


_mount()
