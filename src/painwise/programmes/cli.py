"""`painwise programme start|log|status --user NAME ...`: guided programmes from a terminal.

Values are NAME=VALUE pairs (`--value size=2 --value minutes=15`); lists are comma-separated
(`pain_quality=sharp,burning`) and a value starting with [ or { is read as JSON (a taper plan's steps).
"""

from __future__ import annotations

import json
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext

KEYS = "vaginismus, dilators, pelvic_floor, sensate_focus, acupuncture, pacing, kratom_taper"


def _pairs(pairs: tuple[str, ...], option: str) -> dict[str, Any]:
    from django.core.exceptions import ValidationError

    parsed: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError({option: gettext("Write NAME=VALUE, not %(pair)s.") % {"pair": repr(pair)}})
        value = value.strip()
        if value[:1] in "[{":
            try:
                parsed[name.strip()] = json.loads(value)
            except json.JSONDecodeError:
                raise ValidationError({name.strip(): gettext("Not valid JSON.")}) from None
        else:
            parsed[name.strip()] = value
    return parsed


@click.group("programme")
def programme() -> None:
    """Guided programmes: start one, log sessions, see where you are and what comes next."""


@programme.command("start")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--programme", "programme", required=True, help=f"Which programme: {KEYS}.")
@click.option("--set", "setup", multiple=True, metavar="NAME=VALUE",
              help="A set-up value, e.g. sizes=6 (dilators), sessions=6 (acupuncture), good_day_minutes=20; repeat.")
@django_command
def start_command(user: str, programme: str, setup: tuple[str, ...]) -> None:
    """Start (or restart, or change the set-up of) a programme."""
    from painwise.programmes import services

    key = programme

    enrolment = services.start_programme(user=find_user(user), key=key, setup=_pairs(setup, "set"))
    click.echo(gettext("Following %(programme)s since %(day)s.") % {
        "programme": services.get_programme(key).name, "day": f"{enrolment.started_on:%Y-%m-%d}"})


@programme.command("log")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--programme", "programme", required=True, help=f"Which programme: {KEYS}.")
@click.option("--value", "values", multiple=True, metavar="NAME=VALUE",
              help="A session value, e.g. size=2, minutes=15, discomfort=2, anxiety=1; repeat.")
@django_command
def log_command(user: str, programme: str, values: tuple[str, ...]) -> None:
    """Log one session (also recorded as a therapy entry) and print any warnings and the next suggestion."""
    from painwise.core.i18n import translate
    from painwise.programmes import services

    key = programme

    logged = services.log_session(user=find_user(user), key=key, values=_pairs(values, "value"))
    click.echo(gettext("Saved the session of %(day)s.") % {"day": f"{logged.session.day:%Y-%m-%d}"})
    for notice in logged.notices:
        click.echo(f"{notice.title}: {notice.body}")
    if logged.suggestion is not None:
        click.echo(gettext("Next: %(suggestion)s") % {"suggestion": translate(logged.suggestion.reason)})
        if logged.suggestion.setback:
            _echo_setbacks(services.get_programme(key))


def _echo_setbacks(content: Any) -> None:
    """The programme's self-compassion prompts and support resources, with their sources (after a setback)."""
    for item in content.setbacks:
        click.echo(f"{item.title}: {item.body}")
        click.echo("  " + gettext("Source: %(sources)s") % {
            "sources": "; ".join(s.citation + (f" (doi:{s.doi})" if s.doi else f" ({s.url})" if s.url else "")
                                 for s in item.sources)})


@programme.command("status")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--programme", "programme", default="", help="One programme (default: every one you follow).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def status_command(user: str, programme: str, as_json: bool) -> None:
    """Where you are in each programme you follow: current step, sessions and the next suggestion."""
    from dataclasses import asdict

    from painwise.core.i18n import translate
    from painwise.programmes import services

    person, key = find_user(user), programme
    if key:
        services.get_programme(key)
        rows = [p for p in services.overview(user=person) if p.content.key == key and p.enrolment]
    else:
        rows = [p for p in services.overview(user=person) if p.enrolment]
    data: list[dict[str, Any]] = [
        {"programme": p.content.key, "name": p.content.name, "current": p.current, "sessions": p.sessions,
         "suggestion": {**asdict(p.suggestion), "reason": translate(p.suggestion.reason)} if p.suggestion else None}
        for p in rows]
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    if not data:
        click.echo(gettext("No programme followed yet.") if not key else gettext("You do not follow this programme."))
    for row in data:
        click.echo(gettext("%(programme)s: %(current)s (%(sessions)s sessions)") % {
            "programme": row["name"], "current": row["current"], "sessions": row["sessions"]})
        if row["suggestion"]:
            click.echo(f"  {row['suggestion']['reason']}")


commands = [programme]
