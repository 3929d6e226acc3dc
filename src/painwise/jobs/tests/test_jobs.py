from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone
from pytest_django.fixtures import Settings

from painwise.core.types import User
from painwise.jobs.models import PeriodicClaim
from painwise.jobs.services import enqueue_due, run_worker, slot_start
from painwise.jobs.tasks import prune_expired

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _session(*, expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store["who"] = "someone"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return str(store.session_key)


@pytest.mark.django_db
def test_housekeeping_deletes_activity_entries_past_the_retention_period(
    alice: User, settings: Settings,
) -> None:
    from painwise.audit.models import AuditEntry
    from painwise.audit.services import record

    settings.AUDIT_RETENTION_DAYS = 30
    old = record(user=alice, event="login")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    recent = record(user=alice, event="login")

    pruned = prune_expired.enqueue().return_value
    assert pruned is not None
    assert pruned["audit_entries"] == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_housekeeping_deletes_expired_sessions_and_keeps_live_ones() -> None:
    expired = _session(expires_in=-dt.timedelta(minutes=1))
    live = _session(expires_in=dt.timedelta(days=1))

    result = prune_expired.enqueue()

    assert result.return_value is not None
    assert result.return_value["sessions"] == 1
    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=live).exists()


def test_a_slot_starts_at_the_period_boundary() -> None:
    now = dt.datetime(2026, 3, 4, 10, 59, 59, tzinfo=dt.UTC)
    assert slot_start(now, dt.timedelta(hours=1)) == dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)
    later = now + dt.timedelta(seconds=1)
    assert slot_start(later, dt.timedelta(hours=1)) == dt.datetime(2026, 3, 4, 11, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_a_periodic_job_is_queued_once_per_slot_whichever_worker_asks_first() -> None:
    now = timezone.now()
    assert "prune_expired" in enqueue_due(worker_id="first", now=now)
    assert enqueue_due(worker_id="second", now=now) == []
    assert "prune_expired" in enqueue_due(worker_id="second", now=now + dt.timedelta(hours=1))
    claims = PeriodicClaim.objects.filter(job="prune_expired").order_by("slot")
    assert list(claims.values_list("claimed_by", flat=True)) == ["first", "second"]


# The worker closes stale connections between polls, as a long-running process must; inside a test's
# transaction that would close the test's own connection, so these tests commit for real.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_two_workers_sharing_the_database_queue_run_the_housekeeping_once() -> None:
    from django_tasks_db.models import DBTaskResult

    expired = _session(expires_in=-dt.timedelta(minutes=1))
    run_worker(worker_id="one", once=True, handle_signals=False)
    run_worker(worker_id="two", once=True, handle_signals=False)

    runs = DBTaskResult.objects.filter(task_path="painwise.jobs.tasks.prune_expired")
    assert runs.count() == 1
    assert runs.get().status == "SUCCESSFUL"
    assert runs.get().worker_ids == ["one"]
    assert not Session.objects.filter(session_key=expired).exists()


@pytest.mark.django_db(transaction=True)
def test_worker_command_with_once_runs_the_queue_and_exits() -> None:
    from painwise.cli import cli

    _session(expires_in=-dt.timedelta(minutes=1))
    result = CliRunner().invoke(cli, ["worker", "--once", "--worker-id", "cli-test"])

    assert result.exit_code == 0, result.output
    assert Session.objects.count() == 0
    assert PeriodicClaim.objects.get(job="prune_expired").claimed_by == "cli-test"


def test_worker_command_refuses_an_overlong_worker_id() -> None:
    from painwise.cli import cli

    result = CliRunner().invoke(cli, ["worker", "--once", "--worker-id", "x" * 65])
    assert result.exit_code != 0
    assert "at most 64 characters" in result.output
