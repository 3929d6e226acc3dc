"""Schemathesis over the OpenAPI document: generated requests (valid and invalid) must never cause a server
error. It calls the Django WSGI app in-process, authenticated with an API token; the number of examples per
operation is bounded (PAINWISE_FUZZ_EXAMPLES, default 8) so the run stays near a minute on two cores."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.schemas import OpenApiSchema

from painwise.core.types import User
from tests.security.figures import record

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("PAINWISE_FUZZ_EXAMPLES", "8"))


def _schema() -> OpenApiSchema:
    """The OpenAPI document as the app serves it, bound to the WSGI app (loaded while collecting: no database
    is touched; schemathesis' lazy fixture loader does not work with pytest 9 yet)."""
    from django.core.wsgi import get_wsgi_application

    from painwise.api import api

    # Django's own WSGI handler, as painwise.wsgi builds it, without that module's start-up key check
    # (it reads the database, which collection may not touch; the suite's keys are checked elsewhere).
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def token(alice: User) -> str:
    from painwise.accounts.services import create_api_token
    from painwise.testing import make_checkin, make_entry, make_medication

    make_checkin(alice)
    make_entry(alice)
    make_medication(alice)
    return create_api_token(user=alice, name="fuzz")[1]


schema = _schema()


Test = TypeVar("Test", bound=Callable[..., None])


def _parametrized_by(loaded: OpenApiSchema) -> Callable[[Test], Test]:
    """``schema.parametrize()`` with its type spelled out (schemathesis annotates it as a bare ``Callable``)."""
    decorator: Callable[[Test], Test] = loaded.parametrize()
    return decorator


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Django closes "old" database connections at each request's start and end; inside a test's transaction
    on PostgreSQL that closes the test's own connection. Django's test client turns this off during a request;
    schemathesis calls the WSGI app directly, so turn it off here."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@_parametrized_by(schema)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_no_generated_request_causes_a_server_error(case: schemathesis.Case[Any], token: str) -> None:
    record(fuzz_requests=1)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
