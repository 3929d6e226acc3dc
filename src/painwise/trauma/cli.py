"""`painwise trauma ...`: the trauma track's switch, daily items, tool uses and triggers from a terminal.

Output never repeats free text (trigger descriptions, the plan) unless asked for with `triggers`.
"""

from __future__ import annotations

import json
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext


@click.group()
def trauma() -> None:
    """The optional trauma-aware track (off by default)."""


@trauma.command("track")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--on/--off", "enabled", default=None, help="Turn the track on or off; without it, say whether it is on.")
@django_command
def trauma_track(user: str, enabled: bool | None) -> None:
    """Turn the track on (schedules the PCL-5 monthly) or off (keeps what was logged)."""
    from painwise.trauma import services

    person = find_user(user)
    if enabled is not None:
        services.set_enabled(user=person, enabled=enabled)
    click.echo(gettext("The track is on.") if services.is_enabled(person) else gettext("The track is off."))


@trauma.command("daily")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--answer", "answers", multiple=True, metavar="ITEM=0..4",
              help="One item's answer, e.g. intrusions=2; repeat for more items.")
@django_command
def trauma_daily(user: str, answers: tuple[str, ...]) -> None:
    """Store today's brief check (replaces today's answers). Items: intrusions, avoidance, negative_mood,
    hyperarousal, nightmare_sleep."""
    from django.core.exceptions import ValidationError

    from painwise.trauma import services

    parsed: dict[str, Any] = {}
    for pair in answers:
        item, sep, value = pair.partition("=")
        if not sep:
            raise ValidationError({"answer": f"Write ITEM=NUMBER, not {pair!r}."})
        parsed[item.strip()] = value.strip()
    row = services.record_daily(user=find_user(user), answers=parsed)
    click.echo(gettext("Saved the check for %(day)s (%(count)s items).") % {
        "day": f"{row.day:%Y-%m-%d}", "count": len(row.answers)})


@trauma.command("tool")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--tool", required=True, help="paced_breathing, grounding_54321 or safe_place.")
@click.option("--before", required=True, help="Distress before, 0-10.")
@click.option("--after", default="", help="Distress after, 0-10 (optional).")
@django_command
def trauma_tool(user: str, tool: str, before: str, after: str) -> None:
    """Record one use of a grounding tool with distress before and after."""
    from painwise.trauma import services

    services.record_grounding(user=find_user(user), tool=tool, before=before, after=after or None)
    click.echo(gettext("Saved."))


@trauma.command("trigger")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--kind", required=True, help="sound, smell, touch, sight, place, person, date_or_season, ...")
@click.option("--what", required=True, help="What happened (stored encrypted).")
@click.option("--intensity", required=True, help="How strong, 0-10.")
@click.option("--where", default="", help="Where (optional).")
@click.option("--helped", default="", help="What helped (optional).")
@django_command
def trauma_trigger(user: str, **values: Any) -> None:
    """Note a trigger."""
    from painwise.trauma import services

    services.record_trigger(user=find_user(user), **values)
    click.echo(gettext("Noted."))


@trauma.command("summary")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def trauma_summary(user: str, as_json: bool) -> None:
    """Per tool: uses and average change in distress; and the number of daily checks and triggers."""
    from dataclasses import asdict

    from painwise.trauma import services

    person = find_user(user)
    tools = [asdict(row) for row in services.tool_summary(user=person)]
    data = {"daily_checks": len(services.daily_checks(user=person)), "triggers": len(services.triggers(user=person)),
            "tools": tools}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(gettext("Daily checks: %(checks)s. Triggers noted: %(triggers)s.") % {
        "checks": data["daily_checks"], "triggers": data["triggers"]})
    for row in tools:
        change = "–" if row["average_change"] is None else f"{row['average_change']:+g}"
        click.echo(gettext("%(name)s: %(uses)s uses, average change %(change)s") % {
            "name": row["name"], "uses": row["uses"], "change": change})


commands = [trauma]
