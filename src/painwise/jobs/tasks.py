"""Background tasks, defined with the task framework (django-tasks now; ``django.tasks`` from Django 6).

Moving to Django 6 means changing the import below to ``from django.tasks import task``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

KEEP_FINISHED = dt.timedelta(days=30)


@task()
def prune_expired() -> dict[str, int]:
    """Housekeeping: delete expired sessions, activity-log entries past their retention period (for people who
    have not signed in lately), and task results and periodic claims older than 30 days."""
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from painwise.audit.services import prune as prune_audit
    from painwise.jobs.models import PeriodicClaim

    now = timezone.now()
    cutoff = now - KEEP_FINISHED
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    claims, _ = PeriodicClaim.objects.filter(slot__lt=cutoff).delete()
    audit = prune_audit(now=now)
    return {"sessions": sessions, "audit_entries": audit, "task_results": results, "claims": claims}
