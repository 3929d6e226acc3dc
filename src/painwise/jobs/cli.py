"""`painwise worker`: run background tasks and periodic housekeeping from the database queue."""

from __future__ import annotations

import click

from painwise.core.cli import django_command, gettext


@click.command()
@click.option("--interval", default=5.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds to wait between polls of the queue when it is empty.")
@click.option("--once", is_flag=True, help="Queue due periodic jobs, run every queued task, then exit.")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also queue the periodic housekeeping jobs (each time slot runs once across all workers).")
@click.option("--worker-id", default="", help="A name for this worker, unique among workers (default: random).")
@django_command
def worker(interval: float, once: bool, periodic: bool, worker_id: str) -> None:
    """Run background tasks (any number of workers may share one database)."""
    from painwise.core.cli import migrate
    from painwise.jobs.services import new_worker_id, run_worker

    if len(worker_id) > 64:
        raise click.BadParameter(gettext("at most 64 characters"), param_hint="--worker-id")
    migrate()
    worker_id = worker_id or new_worker_id()
    if not once:
        click.echo(gettext("Painwise worker %(worker)s polling every %(interval)s s (Ctrl+C to stop)") % {
            "worker": worker_id, "interval": f"{interval:g}"})
    run_worker(worker_id=worker_id, interval=interval, once=once, periodic=periodic)


commands = [worker]
