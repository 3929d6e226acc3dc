"""The first open of "What helps me" for a long diary with nothing kept: the page answers at once, the
worker works the results out, the page updates itself (htmx poll), and without a worker the poll (or a
reload) works them out once the queued run is late. As the owner, another person and anonymously."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from painwise.accounts.services import local_today
from painwise.core import datacache
from painwise.core.types import User
from painwise.insights import services as helps
from painwise.insights.tasks import recompute_insights
from painwise.insights.tests.build import diary_with_a_helpful_factor, log_checkins, log_uses, past_days
from painwise.testing import make_checkin

pytestmark = pytest.mark.django_db

# A real queue with no worker: what a server whose worker has not picked the run up yet looks like.
QUEUE_WITHOUT_WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LONG = helps.LONG_DIARY_CHECKINS + 10
RESULT = "On days you logged Heat or cold, your average pain was"
WORKING = "Your results are being worked out"
HTMX = {"HX-Request": "true"}


def queued_runs(user: User) -> int:
    from django_tasks_db.models import DBTaskResult

    return sum(1 for run in DBTaskResult.objects.filter(task_path="painwise.insights.tasks.recompute_insights")
               if run.args_kwargs["args"] == [user.pk])


def poll(client: Client) -> Any:
    return client.get("/insights/status/", headers=HTMX)


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_a_long_diary_opens_at_once_with_a_page_that_updates_itself(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    page = alice_client.get("/insights/").content.decode()
    assert WORKING in page
    assert RESULT not in page
    assert 'role="status"' in page
    assert 'hx-get="/insights/status/"' in page
    assert 'hx-trigger="every 3s"' in page
    assert '<a href="/insights/">Reload the page</a>' in page  # without JavaScript
    assert "<script>" not in page  # the strict CSP: no inline script
    assert queued_runs(alice) == 1
    alice_client.get("/insights/")
    assert queued_runs(alice) == 1  # one run however often the page is opened
    assert poll(alice_client).status_code == 204  # still being worked out: htmx swaps nothing


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_once_the_worker_has_run_the_poll_reloads_the_page_with_the_results(alice: User,
                                                                             alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    alice_client.get("/insights/?outcome=pain_average")
    recompute_insights.call(alice.pk)  # the worker's run
    response = poll(alice_client)
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    page = alice_client.get("/insights/?outcome=pain_average").content.decode()
    assert RESULT in page
    assert WORKING not in page
    assert "being updated" not in page


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_without_a_worker_the_poll_works_the_results_out_once_the_run_is_late(alice: User,
                                                                               alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    alice_client.get("/insights/")
    datacache.clear_flag(alice.pk, helps.QUEUED)  # FIRST_OPEN_PATIENCE has passed: the flag expired
    assert poll(alice_client)["HX-Refresh"] == "true"
    computed_at = helps.current_insights(user=alice).computed_at
    assert RESULT in alice_client.get("/insights/").content.decode()
    assert recompute_insights.call(alice.pk) == 0.0  # the late worker finds them current and does nothing
    assert helps.current_insights(user=alice).computed_at == computed_at


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_without_javascript_a_reload_after_the_deadline_shows_the_results(alice: User,
                                                                           alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    assert WORKING in alice_client.get("/insights/").content.decode()
    datacache.clear_flag(alice.pk, helps.QUEUED)
    page = alice_client.get("/insights/").content.decode()
    assert RESULT in page
    assert WORKING not in page


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_a_short_diary_is_worked_out_in_the_request_as_before(alice: User, alice_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=helps.LONG_DIARY_CHECKINS - 30)
    page = alice_client.get("/insights/").content.decode()
    assert RESULT in page
    assert queued_runs(alice) == 0


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_another_person_never_sees_the_owners_results_or_their_progress(alice: User, alice_client: Client,
                                                                         bob: User, bob_client: Client) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    alice_client.get("/insights/")
    log_checkins(bob, past_days(bob, 40))
    log_uses(bob, past_days(bob, 40)[::3], modality="meditation", minutes=10)
    assert poll(bob_client)["HX-Refresh"] == "true"  # Bob's own short diary, worked out at once
    page = bob_client.get("/insights/").content.decode()
    assert "Meditation or breathing" in page
    assert "Heat or cold" not in page
    assert WORKING not in page
    recompute_insights.call(alice.pk)
    assert "Heat or cold" not in bob_client.get("/insights/").content.decode()
    assert queued_runs(bob) == 0


def test_anonymous_visitors_polling_are_sent_to_sign_in(anon_client: Client) -> None:
    response = anon_client.get("/insights/status/", headers=HTMX)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_status_address_opened_without_htmx_leads_to_the_page(alice_client: Client) -> None:
    response = alice_client.get("/insights/status/")
    assert response.status_code == 302
    assert response["Location"] == "/insights/"


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_a_write_after_the_first_results_never_shows_them_as_current(alice: User, alice_client: Client,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    diary_with_a_helpful_factor(alice, days=LONG)
    alice_client.get("/insights/")
    recompute_insights.call(alice.pk)
    with django_capture_on_commit_callbacks(execute=True):
        make_checkin(alice, day=local_today(alice) + dt.timedelta(days=1), pain_average=9)
    page = alice_client.get("/insights/").content.decode()
    assert "being updated with what" in page  # the last results, said to be updated
    recompute_insights.call(alice.pk)
    page = alice_client.get("/insights/").content.decode()
    assert "being updated" not in page
    assert helps.current_insights(user=alice).version == datacache.version_of(alice.pk)


def long_import(user: User) -> bytes:
    from painwise.exchange.tests.files import json_file

    days = past_days(user, LONG)
    checkins = [{"day": day.isoformat(), "pain_average": 3 + (i % 4)} for i, day in enumerate(days)]
    entries = [{"day": day.isoformat(), "taken_at": f"{day.isoformat()}T12:00:00+00:00", "modality": "heat_cold",
                "details": {"kind": "heat"}, "duration_minutes": 20} for day in days[::3]]
    return json_file(checkins=checkins, entries=entries)


def test_an_import_of_a_long_diary_works_the_results_out_in_the_background(
    alice: User, alice_client: Client, django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from painwise.exchange.services import import_into

    with django_capture_on_commit_callbacks(execute=True):
        import_into(user=alice, data=long_import(alice))
    assert datacache.kept_exists(alice.pk, helps.RESULTS)  # tests run tasks at once (immediate backend)
    kept = helps.current_insights(user=alice)
    assert not kept.updating
    page = alice_client.get("/insights/").content.decode()
    assert WORKING not in page
    assert "Heat or cold" in page
    assert helps.current_insights(user=alice).computed_at == kept.computed_at  # the open computed nothing


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_an_import_queues_one_run_and_a_short_import_none(alice: User, bob: User,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    from painwise.exchange.services import import_into
    from painwise.exchange.tests.files import json_file

    with django_capture_on_commit_callbacks(execute=True):
        import_into(user=alice, data=long_import(alice))
        import_into(user=bob, data=json_file(checkins=[{"day": "2026-01-05", "pain_average": 3}]))
    assert queued_runs(alice) == 1
    assert queued_runs(bob) == 0
