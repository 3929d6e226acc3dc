"""`painwise backup` and `painwise restore`: the whole instance in one private archive."""

from __future__ import annotations

from pathlib import Path

import click

from painwise.core.cli import gettext, gettext_if_ready


@click.command()
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archive to write (mode 0600; an existing file is never overwritten).")
def backup(output: Path) -> None:
    """Write a consistent copy of the database, the field-encryption keys and the secret key to one archive.

    Safe while the app runs (SQLite's online backup API, or pg_dump for PostgreSQL). Keep the archive
    somewhere safe and private: it holds the keys that decrypt your notes.
    """
    from painwise.core.backup import BackupError, create_backup, target_from_environment

    try:
        summary = create_backup(output, target_from_environment())
    except BackupError as exc:
        raise click.ClickException(exc.sentence.render(gettext)) from None
    click.echo(gettext("Backup written to %(file)s (%(size)s bytes, %(engine)s, mode 0600).") % {
        "file": summary.output, "size": f"{summary.size:,}", "engine": summary.engine})
    if not summary.secret_key_included:
        click.echo(gettext("The secret key comes from PAINWISE_SECRET_KEY(_FILE) and is not in the archive; "
                           "keep it too."))


@click.command()
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def restore(archive: Path) -> None:
    """Restore a backup into a new, empty data directory (and empty database), checking the keys decrypt it."""
    from painwise.core.backup import BackupError, restore_backup, target_from_environment

    try:
        target = target_from_environment()
        summary = restore_backup(archive, target)
    except BackupError as exc:
        # In English unless Django is already set up: setting it up to translate would write into the data
        # directory the person is about to restore into.
        raise click.ClickException(exc.sentence.render(gettext_if_ready)) from None
    click.echo(gettext("Restored the backup of %(created)s into %(directory)s (%(engine)s); the keys decrypt the "
                       "data.") % {"created": summary.created_at, "directory": target.data_dir,
                                   "engine": summary.engine})
    if not summary.secret_key_included:
        click.echo(gettext("The backup holds no secret key: set PAINWISE_SECRET_KEY as before (or a new one is "
                           "made; people then sign in again)."))
    click.echo(gettext("Start it with `painwise serve`."))


commands = [backup, restore]
