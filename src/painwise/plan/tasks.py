"""The reminder job (queued every 15 minutes by painwise.jobs' periodic schedule)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders() -> dict[str, int]:
    """E-mail every reminder that has come due and was not sent yet (once per person and item)."""
    from painwise.plan.services import send_due_reminders

    return {"items_reminded": send_due_reminders()}
