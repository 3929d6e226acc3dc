"""`painwise audit prune`: delete activity-log entries older than the retention period."""

from __future__ import annotations

import click

from painwise.core.cli import django_command, gettext


@click.group()
def audit() -> None:
    """The accounts' activity logs."""


@audit.command("prune")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Keep this many days (default: PAINWISE_AUDIT_RETENTION_DAYS).")
@django_command
def audit_prune(days: int | None) -> None:
    """Delete activity-log entries older than the retention period (run daily, e.g. from cron)."""
    from painwise.audit.services import prune, retention_days

    deleted = prune(days=days)
    click.echo(gettext("Deleted %(count)s activity entries older than %(days)s days.") % {
        "count": deleted, "days": days or retention_days()})


commands = [audit]
