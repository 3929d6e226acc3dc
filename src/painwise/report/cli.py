"""`painwise report` (a PDF or text report) and `painwise share create|list|revoke` from a terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from painwise.core.cli import django_command, find_user, gettext

if TYPE_CHECKING:
    from painwise.core.types import User



def _sections(value: str) -> list[str] | None:
    keys = [key.strip() for key in value.split(",") if key.strip()]
    return keys or None


def _period(user: User, start: dt.datetime | None, end: dt.datetime | None) -> tuple[dt.date, dt.date]:
    from painwise.report.services import clean_period, default_period

    if start is None and end is None:
        return default_period(user=user)
    return clean_period(start=start.date() if start else None, end=end.date() if end else None)


@click.command("report")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]),
              help="First day (YYYY-MM-DD). Default: since the last report, or the last 90 days.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD), inclusive.")
@click.option("--sections", default="", help="Comma-separated sections (default: all but kratom), e.g. "
                                             "'pain,medications,kratom'. The summary is always first.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; '-' prints the text version.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "text"]), default="pdf", show_default=True,
              help="PDF, or plain text.")
@django_command
def report(user: str, start: dt.datetime | None, end: dt.datetime | None, sections: str, output: Path,
           fmt: str) -> None:
    """Write the clinician report for a period: the 60-second summary, then the chosen sections."""
    from painwise.report.document import as_text
    from painwise.report.services import make_report, record_report, report_pdf

    person = find_user(user)
    first, last = _period(person, start, end)
    made = make_report(user=person, start=first, end=last, sections=_sections(sections))
    if fmt == "text" or str(output) == "-":
        text = as_text(made)
        if str(output) == "-":
            click.echo(text)
            return
        output.write_text(text, encoding="utf-8")
    else:
        output.write_bytes(report_pdf(user=person, report=made))
        record_report(user=person, report=made)
    click.echo(gettext("Wrote the report for %(period)s to %(file)s.") % {"period": made.period_words, "file": output})


@click.group()
def share() -> None:
    """Share links a clinician opens without an account."""


@share.command("create")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD), inclusive.")
@click.option("--sections", default="", help="Comma-separated sections (default: all but kratom).")
@click.option("--expires-in-hours", default=24 * 7, show_default=True, type=int, help="1 to 2160 (90 days).")
@click.option("--pin", default="", help="Optional PIN, 4 to 8 digits.")
@click.option("--label", default="", help="A name for the link, for you.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="Address of this Painwise server, used to print the link.")
@django_command
def share_create(user: str, start: dt.datetime | None, end: dt.datetime | None, sections: str,
                 expires_in_hours: int, pin: str, label: str, base_url: str) -> None:
    """Create a link and print it once (only its hash is kept)."""
    from django.urls import reverse

    from painwise.report.services import create_share

    person = find_user(user)
    first, last = _period(person, start, end)
    link, token = create_share(user=person, start=first, end=last, sections=_sections(sections),
                               expires_in_hours=expires_in_hours, pin=pin, label=label)
    click.echo(gettext("Link %(id)s: %(url)s") % {
        "id": link.pk, "url": f"{base_url.rstrip('/')}{reverse('report:shared', args=[token])}"})
    click.echo(gettext("Works until %(moment)s UTC. It cannot be shown again.") % {
        "moment": f"{link.expires_at:%Y-%m-%d %H:%M}"})


@share.command("list")
@click.option("--user", "user", required=True, help="Account name.")
@django_command
def share_list(user: str) -> None:
    """Every link with its state and openings."""
    from painwise.report.services import share_state, shares_for

    links = shares_for(user=find_user(user))
    if not links:
        click.echo(gettext("No share links."))
    for link in links:
        click.echo(gettext("%(id)s  %(name)s  %(start)s..%(end)s  %(state)s  expires %(expires)s UTC  %(openings)s "
                           "openings") % {
            "id": link.pk, "name": link.label or gettext("(no name)"), "start": link.start, "end": link.end,
            "state": share_state(link), "expires": f"{link.expires_at:%Y-%m-%d %H:%M}",
            "openings": link.openings.count()})
        for opening in link.openings.all():
            click.echo("    " + gettext("opened %(moment)s UTC from %(address)s (%(what)s)") % {
                "moment": f"{opening.opened_at:%Y-%m-%d %H:%M}", "address": opening.address, "what": opening.what})


@share.command("revoke")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--id", "share_id", required=True, type=int, help="The link's number (from `share list`).")
@django_command
def share_revoke(user: str, share_id: int) -> None:
    """Stop a link at once."""
    from django.http import Http404

    from painwise.report.access import get_share_for_user
    from painwise.report.services import revoke_share

    try:
        link = get_share_for_user(find_user(user), share_id)
    except Http404:
        raise click.ClickException(gettext("No share link %(id)s for this account.") % {"id": share_id}) from None
    revoke_share(link=link)
    click.echo(gettext("Link %(id)s is revoked.") % {"id": share_id})


commands = [report, share]
