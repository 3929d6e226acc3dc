"""Cached pages never show stale data after a write, nor one person's data to another.

Every cached page (the history chart of a month and of the last N days, "What helps me" and its chart) is
read, then something is written through the app's own services, then the page is read again: the new data
must be there. The cache rows are sealed, dropped on account deletion and on key rotation.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from painwise.accounts.services import delete_account, local_today
from painwise.core import datacache
from painwise.core.tests.test_keys import key_file  # noqa: F401 (fixture)
from painwise.core.types import User
from painwise.insights import services as helps
from painwise.insights.tests.build import diary_with_a_helpful_factor
from painwise.testing import make_checkin, make_entry, make_medication

pytestmark = pytest.mark.django_db


def cache_rows(user: User) -> list[tuple[str, bytes]]:
    """(key, stored value) of every cache row kept for ``user``."""
    backend = caches["default"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {backend._table} WHERE cache_key LIKE %s",  # type: ignore[attr-defined]  # noqa: S608
                       [backend.make_key(f"{datacache.PREFIX}{user.pk}:") + "%"])
        return [(key, bytes(value, "ascii") if isinstance(value, str) else bytes(value))
                for key, value in cursor.fetchall()]


def chart(client: Client, query: str = "") -> str:
    response = client.get(f"/history/chart.svg{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["", "?days=30", "?days=365"], ids=["this month", "30 days", "365 days"])
def test_history_chart_shows_a_therapy_logged_after_it_was_drawn(alice: User, alice_client: Client, query: str) -> None:
    make_checkin(alice, pain_average=4)
    assert "Naproxen" not in chart(alice_client, query)
    assert chart(alice_client, query) == chart(alice_client, query)  # drawn once, then served from the cache
    make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250, unit="mg")
    assert "Naproxen" in chart(alice_client, query)


def test_history_chart_forgets_a_deleted_entry(alice: User, alice_client: Client) -> None:
    entry = make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250,
                       unit="mg")
    assert "Naproxen" in chart(alice_client)
    response = alice_client.post(f"/entries/{entry.pk}/delete/")
    assert response.status_code in (302, 303), response.status_code
    assert "Naproxen" not in chart(alice_client)


def test_another_person_never_gets_someone_elses_cached_chart(alice: User, alice_client: Client, bob: User,
                                                               bob_client: Client) -> None:
    make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250, unit="mg")
    make_entry(bob, modality="medication", medication=make_medication(bob, "Paracetamol"), amount=500, unit="mg")
    assert "Naproxen" in chart(alice_client)
    bobs = chart(bob_client)
    assert "Paracetamol" in bobs
    assert "Naproxen" not in bobs
    assert "Paracetamol" not in chart(alice_client)


def test_history_month_page_shows_a_checkin_saved_just_before(alice: User, alice_client: Client) -> None:
    today = local_today(alice)
    alice_client.get("/history/")
    alice_client.post(f"/checkin/{today.isoformat()}/", {"pain_average": "7"})
    page = alice_client.get("/history/").content.decode()
    assert ">7<" in page


def history(client: Client, query: str = "") -> str:
    response = client.get(f"/history/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_history_month_shows_new_and_forgets_deleted_entries(alice: User, alice_client: Client) -> None:
    make_checkin(alice, pain_average=4)
    assert "<strong>Naproxen</strong>" not in history(alice_client)
    entry = make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250,
                       unit="mg")
    assert "<strong>Naproxen</strong>" in history(alice_client)
    alice_client.post(f"/entries/{entry.pk}/delete/")
    assert "<strong>Naproxen</strong>" not in history(alice_client)


def test_another_person_never_gets_someone_elses_kept_month(alice: User, alice_client: Client, bob: User,
                                                            bob_client: Client) -> None:
    make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250, unit="mg")
    make_entry(bob, modality="medication", medication=make_medication(bob, "Paracetamol"), amount=500, unit="mg")
    assert "<strong>Naproxen</strong>" in history(alice_client)
    bobs = history(bob_client)
    assert "<strong>Paracetamol</strong>" in bobs
    assert "<strong>Naproxen</strong>" not in bobs


def test_a_kept_month_has_each_sessions_own_csrf_field_and_its_delete_works(alice: User) -> None:
    """The kept HTML holds no CSRF token: each session's delete forms carry its own, and deleting works
    with the CSRF check on (a token from another session would be refused)."""
    from django.test import Client

    entry = make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250,
                       unit="mg")
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    phone.force_login(alice)
    laptop.force_login(alice)
    history(phone)  # kept now
    page = history(laptop)
    assert "<!-- csrf field -->" not in page
    form = page.split(f'action="/entries/{entry.pk}/delete/"', 1)[1]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = laptop.post(f"/entries/{entry.pk}/delete/", {"csrfmiddlewaretoken": token})
    assert response.status_code in (302, 303), response.status_code
    assert "<strong>Naproxen</strong>" not in history(phone)


def test_what_helps_me_shows_fresh_results_after_a_write(alice: User, alice_client: Client) -> None:
    first = alice_client.get("/insights/").content.decode()
    assert "Not enough information yet" in first
    diary_with_a_helpful_factor(alice)  # bulk inserts: no signal, like an import without writing_many
    datacache.data_changed(alice.pk)
    page = alice_client.get("/insights/").content.decode()
    assert "On days you logged Heat or cold, your average pain was" in page
    assert "being updated" not in page
    svg = alice_client.get("/insights/chart.svg").content.decode()
    assert "Heat or cold" in svg


def test_the_insights_api_reads_the_kept_results_and_is_fresh_after_a_write(alice: Any, alice_client: Any,
                                                                            bob: Any, bob_client: Any) -> None:
    first = alice_client.get("/api/v1/insights").json()
    assert first["insights"] == []
    assert alice_client.get("/api/v1/insights").json()["computed_at"] == first["computed_at"]  # kept, not redone
    diary_with_a_helpful_factor(alice)
    datacache.data_changed(alice.pk)
    body = alice_client.get("/api/v1/insights?outcome=pain_average").json()
    assert body["computed_at"] != first["computed_at"]
    assert body["updating"] is False
    assert {i["factor"] for i in body["insights"]} >= {"heat_cold"}
    assert {i["outcome"] for i in body["insights"]} == {"pain_average"}
    assert bob_client.get("/api/v1/insights").json()["insights"] == []  # never Alice's kept results


def test_what_helps_me_shows_the_last_results_and_says_so_while_the_worker_recomputes(
    alice: User, alice_client: Client,
) -> None:
    diary_with_a_helpful_factor(alice)
    alice_client.get("/insights/")
    make_checkin(alice, day=local_today(alice) + dt.timedelta(days=1), pain_average=9)
    datacache.add_flag(alice.pk, helps.QUEUED, timeout=60)  # what the after-commit hook does with a worker
    page = alice_client.get("/insights/").content.decode()
    assert "being updated with what" in page
    assert "On days you logged Heat or cold" in page  # the last results meanwhile
    from painwise.insights.tasks import recompute_insights

    recompute_insights.call(alice.pk)  # the worker's run
    page = alice_client.get("/insights/").content.decode()
    assert "being updated" not in page
    kept = helps.current_insights(user=alice)
    assert kept.version == datacache.version_of(alice.pk)


def test_a_write_queues_one_recomputation_after_the_commit(alice: User, alice_client: Client,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    diary_with_a_helpful_factor(alice)
    alice_client.get("/insights/")  # kept results exist, so writes queue a recomputation
    before = helps.current_insights(user=alice).computed_at
    with django_capture_on_commit_callbacks(execute=True):
        make_checkin(alice, day=local_today(alice) + dt.timedelta(days=1), pain_average=9)
    kept = helps.current_insights(user=alice)  # tests run tasks at once (immediate backend)
    assert kept.computed_at > before
    assert not kept.updating


def test_cached_values_are_sealed_and_a_deleted_account_leaves_none(alice: User, alice_client: Client) -> None:
    make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250, unit="mg")
    chart(alice_client)
    alice_client.get("/insights/")
    rows = cache_rows(alice)
    assert len(rows) >= 3
    assert not any(b"Naproxen" in value for _, value in rows)
    delete_account(user=alice)
    assert cache_rows(alice) == []


def test_key_rotation_drops_every_cached_value(key_file: Path, alice: User, alice_client: Client) -> None:  # noqa: F811
    from painwise.core.rotation import rotate

    make_entry(alice, modality="medication", medication=make_medication(alice, "Naproxen"), amount=250, unit="mg")
    chart(alice_client)
    assert any(":history-chart:" in key for key, _ in cache_rows(alice))
    rotate()
    assert not any(":history-chart:" in key for key, _ in cache_rows(alice))
    assert "Naproxen" in chart(alice_client)


@pytest.mark.django_db
def test_many_kept_pages_never_push_out_a_sign_in_rate_limit_count() -> None:
    # The cache table drops a third of its rows, those whose keys sort first, when it is full; rate-limit
    # counts sort before every person's kept pages, so a small table would forget failed sign-ins.
    cache = caches["default"]
    cache.set("allauth:rl:login_failed:ip:203.0.113.9", [1, 2, 3], 300)
    for n in range(400):
        datacache.keep(10_000 + n, "history-page:test", "<li>a day</li>")
    assert cache.get("allauth:rl:login_failed:ip:203.0.113.9") == [1, 2, 3]


def test_a_cache_table_too_small_to_hold_rate_limits_is_refused_at_start() -> None:
    for rows in ("300", "many"):
        started = subprocess.run(
            [sys.executable, "-c", "import django; from django.conf import settings; settings.CACHES"],
            env={**os.environ, "PAINWISE_CACHE_MAX_ENTRIES": rows,
                 "DJANGO_SETTINGS_MODULE": "painwise.settings"},
            capture_output=True, text=True, check=False)
        assert started.returncode != 0
        assert "PAINWISE_CACHE_MAX_ENTRIES must be a whole number of at least 1000" in started.stderr
