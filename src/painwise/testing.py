"""Small factories for tests (and nothing else): people and their records, built the way the app does."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from django.test import Client

    from painwise.core.types import User


PASSWORD = "correct horse battery staple 42"  # noqa: S105 (test accounts only)


def make_user(username: str, *, timezone_name: str = "UTC", country: str = "US") -> User:
    from painwise.accounts.services import create_user

    person: User = create_user(username=username, password=PASSWORD, email=f"{username}@example.org",
                               timezone_name=timezone_name, country=country)
    return person


def make_checkin(user: User, *, day: dt.date | None = None, **values: Any) -> Any:
    from painwise.accounts.services import local_today
    from painwise.diary.services import record_checkin

    defaults = {"pain_average": 5, "pain_worst": 7, "mood": 6, "notes": "slept badly, walked the dog"}
    return record_checkin(user=user, day=day or local_today(user), values={**defaults, **values})


def make_entry(user: User, *, modality: str = "heat_cold", **values: Any) -> Any:
    from painwise.therapies.services import log_entry

    defaults: dict[str, Any] = {"modality": modality, "taken_at": timezone.now()}
    if modality == "heat_cold":
        defaults.update(duration_minutes=20, details={"kind": "heat"})
    return log_entry(user=user, values={**defaults, **values}).obj


def make_medication(user: User, name: str = "Ibuprofen", **values: Any) -> Any:
    from painwise.therapies.services import add_medication

    return add_medication(user=user, values={"name": name, "dose": 400, "unit": "mg", **values}).obj


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None, /, **headers: Any) -> Any:
    """A JSON API request with a Django test client; the response (read it with ``.json()``)."""
    import json

    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


def fields_named(response: Any) -> set[str]:
    """The field names a 422 answer blames (the last part of each ``loc``)."""
    assert response.status_code == 422, response.content
    return {str(item["loc"][-1]) for item in response.json()["detail"]}


def confirm_password(client: Any, password: str = PASSWORD) -> None:
    """Re-enter the password in a signed-in test client, as the browser asks before exports and new tokens."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, "re-authentication failed"


def totp_code(secret: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """The authenticator-app code for a base32 ``secret`` (RFC 6238, HMAC-SHA1), as a phone would show it."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def race(*jobs: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run ``jobs`` at the same moment in threads, each with its own database connection; returns each
    job's result, or the exception it raised, in order. Used by the edit-conflict tests and their bench."""
    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
