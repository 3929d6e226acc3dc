"""`painwise plan show --user NAME` and `painwise calendar --user NAME --output plan.ics`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from painwise.cli.support import django_command, find_user


@click.group("plan")
def plan() -> None:
    """My plan: goals, parts with their schedules, and what is due today."""


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@plan.command("show")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def show_command(user: str, as_json: bool) -> None:
    """The plan's goals and parts, and today's list with what was ticked."""
    from painwise.plan import services
    from painwise.plan.api import agenda_json, part_json
    from painwise.plan.models import Goal

    person = find_user(user)
    goals = [g.text for g in Goal.objects.filter(user=person)]
    parts = [part_json(p) for p in services.parts_of(user=person)]
    today = [agenda_json(i) for i in services.today_items(user=person)]
    if as_json:
        click.echo(json.dumps({"goals": goals, "parts": parts, "today": today}, indent=2, default=_json_default))
        return
    click.echo("Goals:" if goals else "Goals: none yet.")
    for goal in goals:
        click.echo(f"  - {goal}")
    click.echo("Plan:" if parts else "Plan: nothing yet.")
    for part in parts:
        click.echo(f"  {part['id']}: {part['label']} ({part['kind']}), {part['when']}; suggested by "
                   f"{part['suggested_by']}")
    click.echo("Today:" if today else "Today: nothing due.")
    for item in today:
        click.echo(f"  [{item['status']}] {item['title']}" + (f" at {item['time']:%H:%M}" if item["time"] else ""))


@click.command("calendar")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .ics file to write ('-' for standard output).")
@click.option("--days", default=42, show_default=True, type=click.IntRange(1, 366), help="Days ahead, from today.")
@django_command
def calendar_command(user: str, output: Path, days: int) -> None:
    """Write the plan's next days as an iCalendar (.ics) file any calendar app can import."""
    from painwise.plan.ics import plan_calendar

    content = plan_calendar(user=find_user(user), days=days)
    if str(output) == "-":
        click.echo(content.decode(), nl=False)
        return
    output.write_bytes(content)
    click.echo(f"Wrote {output} ({content.count(b'BEGIN:VEVENT')} events).")


commands = [plan, calendar_command]
