"""`painwise meds add/list` and `painwise interactions`: the medication list and its warnings from a terminal."""

from __future__ import annotations

import json
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext


@click.group()
def meds() -> None:
    """Keep a person's medication and substance list."""


@meds.command("add")
@click.option("--user", "username", required=True, help="Account name.")
@click.option("--name", required=True, help="Medication or substance name, generic or brand (e.g. 'Xanax').")
@click.option("--strength", default="", help="Strength as on the pack, e.g. '10 mg tablet'.")
@click.option("--dose", type=float, help="Usual dose (a number, in --unit).")
@click.option("--unit", default="mg", show_default=True, help="Unit of the dose.")
@click.option("--schedule", default="", help="When it is taken, e.g. 'twice daily', 'as needed'.")
@click.option("--reason", default="", help="Why it is taken (stored encrypted).")
@django_command
def meds_add(username: str, **values: Any) -> None:
    """Add to the list and print any interaction warnings at once."""
    from painwise.therapies.services import add_medication

    given = {k: v for k, v in values.items() if v not in (None, "")}
    saved = add_medication(user=find_user(username), values=given)
    click.echo(gettext("Added %(medication)s.") % {"medication": saved.obj})
    for notice in saved.notices:
        click.echo(f"[{notice.level.upper()}] {notice.title}: {notice.body}")


@meds.command("list")
@click.option("--user", "username", required=True, help="Account name.")
@django_command
def meds_list(username: str) -> None:
    """Print the list with each name's ingredients; names or parts not on the drug list say NOT CHECKED."""
    from painwise.substances.services import listed_medications

    rows = listed_medications(user=find_user(username))
    if not rows:
        click.echo(gettext("The list is empty."))
    for row in rows:
        medication = row.medication
        dose = f" {medication.dose:g} {medication.unit}" if medication.dose else ""
        if row.checked:
            status = gettext("checked as %(name)s") % {"name": row.checked_as}
        else:
            status = gettext("NOT CHECKED for interactions")
        if row.checked and row.unchecked_parts:
            status += "; " + "; ".join(
                gettext("'%(part)s' NOT CHECKED for interactions") % {"part": part} for part in row.unchecked_parts)
        described = " ".join(part for part in (f"{medication}{dose}", medication.schedule) if part)
        if medication.active:
            click.echo(f"{described}: {status}")
        else:
            click.echo(gettext("%(medication)s (stopped): %(status)s") % {"medication": described, "status": status})


@click.command()
@click.option("--user", "username", required=True, help="Account name.")
@click.option("--json", "as_json", is_flag=True, help="Print the warnings as JSON.")
@django_command
def interactions(username: str, as_json: bool) -> None:
    """Print every interaction warning for a person's list and recent kratom/alcohol logs, serious first."""
    from painwise.substances.services import interaction_warnings, interactions_report

    warnings = interaction_warnings(user=find_user(username))
    if as_json:
        click.echo(json.dumps(interactions_report(warnings), indent=2))
        return
    if not warnings:
        click.echo(gettext("No interaction from Painwise's list applies."))
    for warning in warnings:
        click.echo(f"[{warning.severity.upper()}] {warning.title}")
        if warning.is_interaction:
            click.echo("  " + gettext("Between: %(pairs)s") % {"pairs": "; ".join(pair.text for pair in warning.pairs)})
            click.echo("  " + gettext("Why: %(mechanism)s") % {"mechanism": warning.mechanism})
        click.echo("  " + gettext("What to do: %(advice)s") % {"advice": warning.what_to_do})
        for source in warning.sources:
            click.echo("  " + gettext("Source: %(citation)s") % {"citation": source.citation})


commands = [meds, interactions]
