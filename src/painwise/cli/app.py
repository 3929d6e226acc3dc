"""Commands that run the app: init, serve, user create/set-password/delete, keys rotate/verify/prune, docs."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from painwise.core.cli import django_command, find_user, gettext, migrate, ngettext, setup_django


@click.command()
@click.option("--verbose", is_flag=True, help="Show each migration as it is applied.")
@django_command
def init(verbose: bool) -> None:
    """Create the data directory, the keys and the database (safe to run again).

    On an existing instance it checks that the key file matches the database and makes the data
    directory and its files private to their owner again (0700 / 0600).
    """
    from django.conf import settings

    from painwise.core.files import make_private, tighten_tree

    outcome = migrate(verbose=verbose)
    changed = (tighten_tree(settings.DATA_DIR) + make_private(settings.FIELD_KEY_FILE)
               + make_private(settings.FIELD_INDEX_KEY_FILE))
    click.echo(gettext("Data directory: %(path)s") % {"path": settings.DATA_DIR})
    click.echo(gettext("Keys: %(outcome)s.") % {"outcome": gettext(outcome)})
    if changed:
        click.echo(ngettext("Permissions: made %(count)s file or folder private to its owner (0600 / 0700).",
                            "Permissions: made %(count)s files or folders private to their owner (0600 / 0700).",
                            changed) % {"count": changed})
    engine = str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1]
    click.echo(gettext("Database: %(engine)s ready.") % {"engine": engine})


def warm_up_statistics() -> None:
    """Load the statistics engine (numpy, scipy) before serving: django.setup() leaves it out so commands
    start fast, and the first "What helps me" of a fresh server should not pay for it."""
    import scipy.special
    import scipy.stats

    import painwise.nof1

    del scipy, painwise


@click.command()
@click.option("--host", envvar="PAINWISE_HOST", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", envvar="PAINWISE_PORT", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads (per process).")
@click.option("--processes", envvar="PAINWISE_PROCESSES", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port (env PAINWISE_PROCESSES). One serves about one core; for many "
                   "people at once use one per core. Above 1 needs Linux or macOS.")
@click.option("--worker/--no-worker", "background", default=True, show_default=True,
              help="Also run background tasks in a thread of the (first) server process; with `painwise worker` "
                   "running separately, use --no-worker.")
def serve(host: str, port: int, threads: int, processes: int, background: bool) -> None:
    """Migrate if needed, check the key file and serve the web app (waitress)."""
    if processes > 1 and not hasattr(os, "fork"):
        raise click.ClickException(gettext("--processes above 1 needs Linux or macOS; on this system run one "
                                           "process."))
    setup_django()
    from painwise.core.crypto import KeyFileError
    from painwise.core.i18n import translate

    try:
        migrate()
    except KeyFileError as exc:
        raise click.ClickException(translate(exc.sentence)) from None
    from painwise.wsgi import application

    warm_up_statistics()
    if processes == 1:
        if background:
            _start_worker()
        click.echo(gettext("Painwise is running at %(url)s  (Ctrl+C to stop)") % {"url": f"http://{host}:{port}/"})
        _waitress(application, threads, host=host, port=port)
        return
    from django.db import connections

    from painwise.cli.serving import listening_socket, serve_forked

    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        raise click.ClickException(gettext("Cannot listen on %(address)s: %(error)s") % {
            "address": f"{host}:{port}", "error": exc.strerror or exc}) from None
    connections.close_all()  # each process opens its own: a connection must never cross a fork

    def run_child(index: int) -> None:
        if background and index == 0:
            _start_worker()
        _waitress(application, threads, sockets=[sock])

    click.echo(ngettext("Painwise is running at %(url)s in %(count)s process  (Ctrl+C to stop)",
                        "Painwise is running at %(url)s in %(count)s processes  (Ctrl+C to stop)",
                        processes) % {"url": f"http://{host}:{port}/", "count": processes})
    serve_forked(sock=sock, processes=processes, run_child=run_child)


def _start_worker() -> None:
    from painwise.jobs.services import start_worker_thread

    start_worker_thread()


def _waitress(application: Any, threads: int, **where: Any) -> None:
    """Serve ``application`` with waitress at ``where`` (host and port, or sockets) until stopped."""
    import waitress
    from django.conf import settings

    # waitress keeps a whole request body before Painwise sees it: no body may exceed an import upload.
    # Forwarded headers are judged by painwise.core.middleware.TrustedProxyMiddleware, not by waitress.
    largest_body = settings.MAX_IMPORT_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    waitress.serve(application, threads=threads, ident="painwise", max_request_body_size=largest_body, **where)


@click.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Password (asked when not given; at least 10 characters).")
@click.option("--email", default="", help="E-mail address (optional).")
@click.option("--timezone", "timezone_name", default="UTC", show_default=True,
              help="IANA time zone, e.g. Europe/Paris.")
@click.option("--country", default=None,
              help="ISO country code for crisis lines, e.g. US, GB, FR (ZZ: not listed). Asked when not given "
                   "at a terminal.")
@django_command
def user_create(username: str, password: str, email: str, timezone_name: str, country: str | None) -> None:
    """Create an account."""
    from painwise.accounts.services import create_user

    if country is None and sys.stdin.isatty():
        country = click.prompt(gettext("Country for crisis lines (ISO code such as US, GB, FR; ZZ if not listed)"),
                               default="ZZ")
    country = (country or "ZZ").strip().upper()
    migrate()
    create_user(username=username, password=password, email=email, timezone_name=timezone_name, country=country)
    click.echo(gettext("Created account %(name)s.") % {"name": repr(username)})
    if country == "ZZ":
        click.echo(gettext("No country set: crisis screens will show 112 and 911 and ask for it. Set it in Settings "
                           "or with --country."))


@user.command("delete")
@click.argument("username")
@click.option("--yes", is_flag=True, help="Do not ask; delete at once (for scripts).")
@django_command
def user_delete(username: str, yes: bool) -> None:
    """Delete USERNAME's account and every record in it, after typing the username again."""
    from painwise.accounts.services import check_deletion, delete_account, owned_row_counts
    account = find_user(username)
    if not yes:
        rows = sum(owned_row_counts(user=account).values())
        warning = gettext("This deletes the account %(name)s and its %(rows)s records. It cannot be undone.")
        click.echo(warning % {"name": repr(username), "rows": rows}, err=True)
        typed = click.prompt(gettext("Type the username to confirm"), default="", show_default=False, err=True)
        check_deletion(user=account, password=None, confirmation=typed)
    removed = delete_account(user=account)
    click.echo(gettext("Deleted account %(name)s (%(count)s records and sessions).") % {
        "name": repr(username), "count": sum(removed.values())})


@user.command("set-password")
@click.argument("username")
@click.option("--password", help="New password (prefer the prompt or --password-stdin: a command line can be "
              "seen by other users of the machine). Asked when not given; at least 10 characters.")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@django_command
def user_set_password(username: str, password: str | None, password_stdin: bool) -> None:
    """Set a new password for an account (the way to reset one when no e-mail is configured)."""
    from painwise.accounts.services import set_password
    from painwise.core.cli import find_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        password = click.prompt(gettext("New password"), hide_input=True, confirmation_prompt=True)
    set_password(user=find_user(username), password=password)
    click.echo(gettext("Password of %(name)s changed; the account's other sessions are signed out.") % {
        "name": repr(username)})


@click.group()
def keys() -> None:
    """Manage the field-encryption keys (rotate, verify, prune)."""


BATCH_OPTION = click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 100_000),
                            help="Rows re-encrypted per transaction (small batches keep the app responsive).")


@keys.command("rotate")
@BATCH_OPTION
@django_command
def keys_rotate(batch_size: int) -> None:
    """Add a new primary key and re-encrypt every encrypted field with it (safe while the app runs).

    The old keys stay in the key file, so nothing becomes unreadable; remove them with
    `painwise keys prune` once this has finished.
    """
    from painwise.audit.services import Event, record
    from painwise.core.rotation import rotate

    result = rotate(batch_size=batch_size)
    record(user=None, event=Event.KEYS_ROTATED,
           details={"which": "encryption key", "rows": result.reencrypted.rows})
    click.echo(gettext("Added a new primary key (%(keys)s keys in the file now).") % {"keys": result.keys})
    click.echo(gettext("Re-encrypted %(values)s values in %(rows)s rows.") % {
        "values": result.reencrypted.values, "rows": result.reencrypted.rows})
    _report_verification(result.verification)
    click.echo(gettext("The old keys are still in the key file. Remove them with `painwise keys prune`."))


@keys.command("verify")
@django_command
def keys_verify() -> None:
    """Check that every encrypted value decrypts with the primary key (exit 1 when some do not)."""
    from painwise.core import crypto
    from painwise.core.rotation import verify

    click.echo(gettext("Key file: %(file)s (%(keys)s keys).") % {
        "file": crypto.key_file(), "keys": len(crypto.read_keys())})
    if not _report_verification(verify()):
        raise SystemExit(1)


@keys.command("prune")
@BATCH_OPTION
@click.option("--grace", default=5.0, show_default=True, type=click.FloatRange(0, 3600),
              help="Seconds to wait after the key file last changed, so writes under way have committed.")
@django_command
def keys_prune(batch_size: int, grace: float) -> None:
    """Remove the old keys, after re-encrypting what is left and verifying every value.

    Refuses (and removes nothing) when any value still does not decrypt with the primary key.
    """
    from painwise.audit.services import Event, record
    from painwise.core.rotation import PruneRefusedError, prune

    try:
        result = prune(batch_size=batch_size, grace_seconds=grace)
    except PruneRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    record(user=None, event=Event.KEYS_ROTATED,
           details={"which": f"encryption key ({result.removed} old removed)", "rows": result.reencrypted.rows})
    if result.reencrypted.values:
        click.echo(gettext("Re-encrypted %(values)s values written during the rotation.") % {
            "values": result.reencrypted.values})
    _report_verification(result.verification)
    if result.removed:
        click.echo(gettext("Removed %(count)s old keys.") % {"count": result.removed})
    else:
        click.echo(gettext("Nothing to remove: one key only."))


def _report_verification(verification: Any) -> bool:
    if verification.ok:
        click.echo(gettext("Verified: all %(values)s encrypted values in %(rows)s rows decrypt with the primary "
                           "key.") % {"values": verification.values, "rows": verification.rows})
        return True
    click.echo(gettext("%(failing)s of %(values)s values do not decrypt with the primary key yet, e.g. "
                       "%(examples)s.") % {"failing": verification.not_on_primary, "values": verification.values,
                                           "examples": ", ".join(verification.examples)})
    return False


@keys.command("rotate-index")
@django_command
def keys_rotate_index() -> None:
    """Recompute every blind index (how encrypted values are found) with a new index key.

    Also the way back when the index key file is lost for good: the indexes are rebuilt from the
    encrypted values.
    """
    from django.db.backends.signals import connection_created

    from painwise.audit.services import Event, record
    from painwise.core.keycheck import ensure_keys_if_migrated
    from painwise.core.reindex import rotate_index_key

    connection_created.disconnect(dispatch_uid="painwise-cli-key-check")  # the index key may be missing
    ensure_keys_if_migrated(index=False)

    count = rotate_index_key()
    record(user=None, event=Event.KEYS_ROTATED, details={"which": "search index key", "rows": count})
    click.echo(gettext("Recomputed the blind indexes of %(count)s rows with a new index key; the old one is gone.")
               % {"count": count})


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 when docs/configuration.md, docs/cli.md or the questionnaire "
              "index is out of date.")
@click.option("--docs-dir", default="docs", show_default=True, type=click.Path(file_okay=False), help="Docs folder.")
def docs(check: bool, docs_dir: str) -> None:
    """Regenerate the configuration and CLI reference in docs/ from the code, and the questionnaire index
    that `painwise questionnaire list` reads (from the validated questionnaire files)."""
    import importlib
    from pathlib import Path

    from painwise.cli import COMMAND_MODULES
    from painwise.cli.reference import cli_markdown
    from painwise.config import settings_markdown

    stale = []
    generated = [("configuration.md", Path(docs_dir) / "configuration.md", settings_markdown()),
                 ("cli.md", Path(docs_dir) / "cli.md", cli_markdown())]
    for module in COMMAND_MODULES:  # files a domain's commands read, made from its content (validated)
        generated += getattr(importlib.import_module(module), "generated_files", list)()
    for name, path, text in generated:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check and stale:
        raise click.ClickException(f"Out of date: {', '.join(stale)}. Run `painwise docs`.")
    click.echo("Docs are up to date." if not stale else f"Wrote {', '.join(stale)}.")


commands = [init, serve, user, keys, docs]
