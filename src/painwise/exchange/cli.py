"""`painwise export` and `painwise import`: a whole diary to and from Painwise JSON or CSV."""

from __future__ import annotations

import os
from typing import IO

import click

from painwise.cli.support import django_command, find_user


def write_private(path: str, content: bytes) -> None:
    """Write ``content`` to ``path`` readable by its owner only (an export holds private notes)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


@click.command()
@click.option("--user", "username", required=True, help="Account name.")
@click.option("--format", "fmt", default="json", show_default=True,
              help="json, csv, or another registered format such as fhir.")
@click.option("--output", type=click.Path(dir_okay=False),
              help="Write to this file (mode 0600) instead of standard output.")
@django_command
def export(username: str, fmt: str, output: str | None) -> None:
    """Export everything an account has logged (decrypted) as one file."""
    from painwise.audit import services as audit
    from painwise.exchange.services import export_user

    user = find_user(username)
    exported = export_user(user=user, fmt=fmt)
    # The person sees in their activity log that their data left through the server's command line.
    audit.record(user=user, event=audit.Event.EXPORT, details={"format": fmt, "via": "command line"})
    if output is None:
        click.echo(exported.content, nl=False)
        return
    write_private(output, exported.content)
    click.echo(f"Wrote {len(exported.content)} bytes of {fmt} to {output}.", err=True)


@click.command("import")
@click.option("--user", "username", required=True, help="Account name.")
@click.option("--format", "fmt", type=click.Choice(["auto", "json", "csv"]), default="auto",
              show_default=True, help="File format; auto recognises JSON by its opening brace.")
@click.argument("file", type=click.File("rb"))
@django_command
def import_(username: str, fmt: str, file: IO[bytes]) -> None:
    """Add a Painwise JSON or CSV FILE (- for stdin) to an account: every record or none."""
    from painwise.exchange.services import ImportRejectedError, ImportTooLargeError, import_into, read_upload

    user = find_user(username)
    try:
        summary = import_into(user=user, data=read_upload(file), fmt=fmt)
    except ImportTooLargeError as exc:
        raise click.ClickException(f"Nothing was imported: {exc.problems[0].reason}.") from None
    except ImportRejectedError as exc:
        lines = "\n".join(f"  {problem}" for problem in exc.problems)
        count = len(exc.problems)
        raise click.ClickException(
            f"Nothing was imported; fix {count} problem{'s' if count != 1 else ''} and try again:\n{lines}"
        ) from None
    from painwise.audit import services as audit

    audit.record(user=user, event=audit.Event.IMPORT, details={"summary": str(summary), "via": "command line"})
    click.echo(f"Imported {summary} into {username}.")
    for notice in summary.notices:
        click.echo(f"{notice.level.upper()}: {notice.title}: {notice.body}", err=True)


commands = [export, import_]
