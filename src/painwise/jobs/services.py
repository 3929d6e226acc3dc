"""Running background work: the periodic schedule and the worker loop (`painwise worker`, or a thread in serve).

Tasks are queued in the database (django-tasks' database backend), so no broker is needed. Any number of
workers may run against one database:
- a queued task is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` by the backend, so one worker runs it;
- a periodic job is queued by the first worker that inserts its (job, slot) row in ``PeriodicClaim``; the
  unique constraint makes every other worker's insert fail, so each slot runs once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: dt.timedelta
    task: Callable[[], Any]


def periodic_jobs() -> list[Periodic]:
    from painwise.jobs import tasks
    from painwise.plan import tasks as plan_tasks

    return [Periodic("prune_expired", dt.timedelta(hours=1), lambda: tasks.prune_expired),
            Periodic("send_reminders", dt.timedelta(minutes=15), lambda: plan_tasks.send_reminders)]


def slot_start(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The start of the period that ``now`` falls in (periods are counted from a fixed epoch, in UTC)."""
    return EPOCH + ((now - EPOCH) // every) * every


def new_worker_id() -> str:
    return get_random_string(32)


def enqueue_due(*, worker_id: str, now: dt.datetime | None = None) -> list[str]:
    """Queue every periodic job whose current slot nobody has claimed yet; the names of the jobs queued."""
    from painwise.jobs.models import PeriodicClaim

    now = now or timezone.now()
    queued = []
    for job in periodic_jobs():
        slot = slot_start(now, job.every)
        try:
            # Claim and queue in one transaction: a crash in between leaves neither.
            with transaction.atomic():
                PeriodicClaim.objects.create(job=job.name, slot=slot, claimed_by=worker_id)
                job.task().enqueue()
        except IntegrityError:
            continue  # another worker claimed this slot first
        queued.append(job.name)
    return queued


def run_worker(*, worker_id: str, interval: float = 5.0, once: bool = False, periodic: bool = True,
               stop: threading.Event | None = None, handle_signals: bool = True) -> None:
    """Queue due periodic jobs and run queued tasks until stopped (or, with ``once``, until the queue is empty)."""
    from django_tasks_db.management.commands.db_worker import Worker

    stop = stop or threading.Event()
    worker = Worker(queue_names=["*"], interval=interval, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    if handle_signals:
        worker.configure_signals()  # Ctrl+C / SIGTERM: finish the running task, then stop
    while worker.running and not stop.is_set():
        close_old_connections()
        try:
            if periodic:
                enqueue_due(worker_id=worker_id)
            worker.run()  # batch mode: every ready task, then return
        except Exception:
            if once:
                raise
            logger.exception("Background worker %s: error while polling; retrying", worker_id)
        finally:
            close_old_connections()
        if once:
            return
        stop.wait(interval)


def start_worker_thread(*, interval: float = 5.0) -> tuple[threading.Thread, threading.Event]:
    """A daemon thread running the worker loop (used by `painwise serve` for single-process installs)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker, name="painwise-worker", daemon=True,
        kwargs={"worker_id": f"serve-{new_worker_id()[:20]}", "interval": interval, "stop": stop,
                "handle_signals": False},
    )
    thread.start()
    return thread, stop
