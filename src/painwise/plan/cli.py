"""`painwise plan show --user NAME` and `painwise calendar --user NAME --output plan.ics`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext


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
    click.echo(gettext("Goals:") if goals else gettext("Goals: none yet."))
    for goal in goals:
        click.echo(f"  - {goal}")
    click.echo(gettext("Plan:") if parts else gettext("Plan: nothing yet."))
    for part in parts:
        click.echo("  " + gettext("%(id)s: %(label)s (%(kind)s), %(when)s; suggested by %(by)s") % {
            "id": part["id"], "label": part["label"], "kind": part["kind"], "when": part["when"],
            "by": part["suggested_by"]})
    click.echo(gettext("Today:") if today else gettext("Today: nothing due."))
    for item in today:
        values = {"status": item["status"], "title": item["title"]}
        if item["time"]:
            values["time"] = f"{item['time']:%H:%M}"
            click.echo("  " + gettext("[%(status)s] %(title)s at %(time)s") % values)
        else:
            click.echo("  " + gettext("[%(status)s] %(title)s") % values)


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
    events = content.count(b"BEGIN:VEVENT")
    click.echo(gettext("Wrote %(file)s (%(count)s events).") % {"file": output, "count": events})


commands = [plan, calendar_command]
