"""`painwise checkin`: log (or complete) a day from the terminal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext, ngettext
from painwise.core.hooks import notices_of

RATING = click.IntRange(0, 10)


@click.command()
@click.option("--user", required=True, help="Account name.")
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]),
              help="Date (YYYY-MM-DD); default today in the person's time zone.")
@click.option("--pain-now", type=RATING, help="Pain right now, 0 (none) to 10 (worst imaginable).")
@click.option("--pain-average", type=RATING, help="Average pain today, 0–10.")
@click.option("--pain-worst", type=RATING, help="Worst pain today, 0–10.")
@click.option("--peg-enjoyment", type=RATING, help="Interference with enjoyment of life, 0–10.")
@click.option("--peg-activity", type=RATING, help="Interference with general activity, 0–10.")
@click.option("--stress", type=RATING, help="Stress, 0–10.")
@click.option("--mood", type=RATING, help="Mood, 0 (very low) to 10 (very good).")
@click.option("--fatigue", type=RATING, help="Fatigue, 0–10.")
@click.option("--muscle-tension", type=RATING, help="Muscle tension or spasm, 0–10.")
@click.option("--sleep-hours", type=click.FloatRange(0, 24), help="Hours slept last night.")
@click.option("--sleep-quality", type=RATING, help="Sleep quality last night, 0 (very poor) to 10 (very good).")
@click.option("--notes", help="Free-text note (stored encrypted).")
@click.option("--update", is_flag=True, help="Complete or correct an existing check-in for that day.")
@django_command
def checkin(user: str, day: dt.datetime | None, update: bool, **values: Any) -> None:
    """Log a day's check-in (every value optional), or complete one with --update."""
    from painwise.accounts.services import local_today
    from painwise.diary import services

    person = find_user(user)
    the_day = day.date() if day else local_today(person)
    given = {k: v for k, v in values.items() if v is not None}
    existing = services.checkin_for_day(user=person, day=the_day)
    if update and existing is not None:
        saved = services.update_checkin(checkin=existing, values=given)
        click.echo(gettext("Updated the check-in for %(day)s.") % {"day": the_day.isoformat()})
    else:
        saved = services.record_checkin(user=person, day=the_day, values=given)
        click.echo(ngettext("Saved the check-in for %(day)s (%(count)s value).",
                            "Saved the check-in for %(day)s (%(count)s values).", len(given))
                   % {"day": the_day.isoformat(), "count": len(given)})
    for notice in notices_of(saved):
        click.echo(f"{notice.title}: {notice.body}")


commands = [checkin]
