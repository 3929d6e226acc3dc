"""`painwise export` and `painwise import`: a whole diary to and from Painwise JSON or CSV."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

import click

from painwise.core.cli import django_command, find_user, gettext, ngettext

if TYPE_CHECKING:
    from painwise.core.types import User


def write_private(path: str, content: bytes | Iterable[bytes]) -> int:
    """Write ``content`` (bytes, or pieces of them) to ``path`` readable by its owner only (an export holds
    private notes); returns the number of bytes written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    written = 0
    with os.fdopen(fd, "wb") as handle:
        for piece in (content,) if isinstance(content, bytes) else content:
            written += handle.write(piece)
    return written


@click.command()
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--format", "fmt", default="json", show_default=True,
              help="json, csv, or another registered format such as fhir.")
@click.option("--output", type=click.Path(dir_okay=False),
              help="Write to this file (mode 0600) instead of standard output.")
@django_command
def export(user: str, fmt: str, output: str | None) -> None:
    """Export everything an account has logged (decrypted) as one file."""
    from painwise.audit import services as audit
    from painwise.exchange.services import stream_user

    person = find_user(user)
    exported = stream_user(user=person, fmt=fmt)
    # The person sees in their activity log that their data left through the server's command line.
    audit.record(user=person, event=audit.Event.EXPORT, details={"format": fmt, "via": "command line"})
    if output is None:
        for piece in exported.chunks:
            click.echo(piece, nl=False)
        return
    written = write_private(output, exported.chunks)
    wrote = gettext("Wrote %(size)s bytes of %(format)s to %(file)s.")
    click.echo(wrote % {"size": written, "format": fmt, "file": output}, err=True)


FOREIGN_CHOICES = ["apple-health", "fitbit", "health-connect", "google-fit", "bearable", "managemypain"]


def _rejected(exc: Exception) -> click.ClickException:
    from painwise.exchange.services import ImportTooLargeError

    problems = getattr(exc, "problems", [])
    if isinstance(exc, ImportTooLargeError):
        reason = problems[0].in_language(gettext).reason
        return click.ClickException(gettext("Nothing was imported: %(reason)s.") % {"reason": reason})
    lines = "\n".join(f"  {problem.in_language(gettext)}" for problem in problems[:100])
    more = "\n  " + gettext("... and %(count)s more") % {"count": len(problems) - 100} if len(problems) > 100 else ""
    count = len(problems)
    heading = ngettext("Nothing was imported; fix %(count)s problem and try again:",
                       "Nothing was imported; fix %(count)s problems and try again:", count) % {"count": count}
    return click.ClickException(f"{heading}\n{lines}{more}")


@click.command("import")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--format", "fmt", type=click.Choice(["auto", "json", "csv", *FOREIGN_CHOICES]), default="auto",
              show_default=True,
              help="File format: a Painwise file (auto recognises JSON by its opening brace), or another app's "
                   "export (docs/import.md).")
@click.option("--mapping", type=click.File("rb"),
              help="Bearable, Manage My Pain: a JSON object saying how each label maps (see docs/import.md); "
                   "unnamed labels take the suggested mapping.")
@click.option("--replace-sleep", is_flag=True,
              help="Sleep formats: where the diary already has sleep for a day, use the file's value "
                   "(default: keep yours).")
@click.option("--replace-days", is_flag=True,
              help="Bearable, Manage My Pain: for days that already have a check-in, use the file's values "
                   "(default: keep yours, and take the file's only where your check-in is empty).")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be imported; store nothing.")
@click.argument("file", type=click.File("rb"))
@django_command
def import_(user: str, fmt: str, mapping: IO[bytes] | None, replace_sleep: bool, replace_days: bool,
            dry_run: bool, file: IO[bytes]) -> None:
    """Add a Painwise JSON or CSV FILE, or another app's export, (- for stdin) to an account: every record or none."""
    from painwise.exchange.services import ImportRejectedError, import_into, read_upload

    person = find_user(user)
    try:
        if fmt in FOREIGN_CHOICES:
            summary: object = _import_foreign(person, fmt, file, mapping, replace_sleep=replace_sleep,
                                             replace_days=replace_days, dry_run=dry_run)
            if summary is None:
                return
        elif dry_run:
            from painwise.exchange.services import parse_upload

            parse_upload(data=read_upload(file), fmt=fmt)
            click.echo(gettext("The file is a readable Painwise diary; nothing was stored (--dry-run)."))
            return
        else:
            summary = import_into(user=person, data=read_upload(file), fmt=fmt)
    except ImportRejectedError as exc:
        raise _rejected(exc) from None
    from painwise.audit import services as audit

    audit.record(user=person, event=audit.Event.IMPORT,
                 details={"summary": str(summary), "format": fmt, "via": "command line"})
    click.echo(gettext("Imported %(summary)s into %(name)s.") % {"summary": summary, "name": user})
    for notice in getattr(summary, "notices", []):
        click.echo(f"{notice.level.upper()}: {notice.title}: {notice.body}", err=True)


def _import_foreign(user: User, fmt: str, file: IO[bytes], mapping: IO[bytes] | None, *,
                    replace_sleep: bool, replace_days: bool, dry_run: bool) -> object:
    """Import another app's export; with ``dry_run`` describe it and return None."""
    from painwise.exchange.foreign import services as foreign

    if fmt in foreign.SLEEP_FORMATS:
        nights = foreign.read_sleep(user=user, stream=file, fmt=fmt)
        if dry_run:
            plan = foreign.plan_sleep(user=user, nights=nights)
            foreign.check_sleep(user=user, plan=plan)
            if replace_sleep:
                read = gettext("%(nights)s nights read: %(new)s new check-ins, %(fill)s check-ins to fill, %(same)s "
                               "already the same, %(conflicts)s days where your diary has another value (the file "
                               "wins). Nothing was stored (--dry-run).")
            else:
                read = gettext("%(nights)s nights read: %(new)s new check-ins, %(fill)s check-ins to fill, %(same)s "
                               "already the same, %(conflicts)s days where your diary has another value (yours is "
                               "kept). Nothing was stored (--dry-run).")
            click.echo(read % {"nights": len(nights), "new": len(plan.new), "fill": len(plan.fill),
                               "same": len(plan.same), "conflicts": len(plan.conflicts)})
            for conflict in plan.conflicts:
                click.echo("  " + gettext("%(day)s: yours %(yours)s h, the file's %(theirs)s h") % {
                    "day": conflict.night.day, "yours": conflict.hours, "theirs": conflict.night.hours})
            return None
        return foreign.apply_sleep(user=user, nights=nights, replace=replace_sleep)
    chosen = foreign.read_mapping(mapping.read()) if mapping is not None else {}
    preview = foreign.preview_labels(user=user, fmt=fmt, stream=file, mapping=chosen)
    if dry_run:
        # The import's own validation: a dry run fails as it would.
        counts = foreign.check_preview(user=user, preview=preview, replace=replace_days)
        would = gettext("Would import %(summary)s. Nothing was stored (--dry-run).")
        click.echo(would % {"summary": preview.describe()})
        days = counts["updated"] + counts["kept"]
        if days:
            overlap = (ngettext("%(days)s day already has a check-in: %(updated)s take the file's values, %(kept)s "
                                "stay as they are (--replace-days).",
                                "%(days)s days already have a check-in: %(updated)s take the file's values, "
                                "%(kept)s stay as they are (--replace-days).", days) if replace_days else
                       ngettext("%(days)s day already has a check-in: %(updated)s get what they left empty from the "
                                "file, %(kept)s stay as they are (yours are kept; --replace-days takes the file's).",
                                "%(days)s days already have a check-in: %(updated)s get what they left empty from "
                                "the file, %(kept)s stay as they are (yours are kept; --replace-days takes the "
                                "file's).", days))
            click.echo(overlap % {"days": days, "updated": counts["updated"], "kept": counts["kept"]})
        if counts["duplicate"]:
            click.echo(ngettext("%(count)s flare or therapy entry is already in the diary and is left out.",
                                "%(count)s flares or therapy entries are already in the diary and are left out.",
                                counts["duplicate"]) % {"count": counts["duplicate"]})
        for label in preview.labels:
            goes = ngettext("%(category)s %(label)s (%(rows)s row) -> %(target)s",
                            "%(category)s %(label)s (%(rows)s rows) -> %(target)s", label.rows)
            click.echo("  " + goes % {"category": label.category, "label": repr(label.label), "rows": label.rows,
                                      "target": label.target_text})
        return None
    return foreign.store_preview(user=user, preview=preview, replace=replace_days)


commands = [export, import_]
