"""Commands that run the app: init, serve, user create/delete, keys rotate, docs."""

from __future__ import annotations

import sys

import click

from painwise.cli.support import django_command, find_user, setup_django


def migrate(*, verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


@click.command()
@click.option("--verbose", is_flag=True, help="Show each migration as it is applied.")
@django_command
def init(verbose: bool) -> None:
    """Create the data directory, the keys and the database (safe to run again)."""
    from django.conf import settings

    from painwise.core import blindindex, crypto

    crypto.read_keys()
    blindindex.index_key()
    migrate(verbose=verbose)
    click.echo(f"Data directory: {settings.DATA_DIR}")
    click.echo(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} ready.")


@click.command()
@click.option("--host", envvar="PAINWISE_HOST", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", envvar="PAINWISE_PORT", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--worker/--no-worker", "background", default=True, show_default=True,
              help="Also run background tasks in a thread (fine for one process; with several, use `painwise worker`).")
def serve(host: str, port: int, threads: int, background: bool) -> None:
    """Migrate if needed and serve the web app (waitress)."""
    setup_django()
    migrate()
    import waitress
    from django.conf import settings

    if background:
        from painwise.jobs.services import start_worker_thread

        start_worker_thread()

    from painwise.wsgi import application

    click.echo(f"Painwise is running at http://{host}:{port}/  (Ctrl+C to stop)")
    # waitress keeps a whole request body before Painwise sees it: no body may exceed an import upload.
    # Forwarded headers are judged by painwise.core.middleware.TrustedProxyMiddleware, not by waitress.
    largest_body = settings.MAX_IMPORT_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    waitress.serve(application, host=host, port=port, threads=threads, ident="painwise",
                   max_request_body_size=largest_body)


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
        country = click.prompt("Country for crisis lines (ISO code such as US, GB, FR; ZZ if not listed)", default="ZZ")
    country = (country or "ZZ").strip().upper()
    migrate()
    create_user(username=username, password=password, email=email, timezone_name=timezone_name, country=country)
    click.echo(f"Created account {username!r}.")
    if country == "ZZ":
        click.echo("No country set: crisis screens will show 112 and 911 and ask for it. "
                   "Set it in Settings or with --country.")


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
        click.echo(f"This deletes the account {username!r} and its {rows} records. It cannot be undone.", err=True)
        typed = click.prompt("Type the username to confirm", default="", show_default=False, err=True)
        check_deletion(user=account, password=None, confirmation=typed)
    removed = delete_account(user=account)
    click.echo(f"Deleted account {username!r} ({sum(removed.values())} records and sessions).")


@click.group()
def keys() -> None:
    """Manage the field-encryption keys."""


@keys.command("rotate")
@django_command
def keys_rotate() -> None:
    """Re-encrypt every sensitive field with a new key, then retire the old keys."""
    from painwise.audit.services import Event, record
    from painwise.core.rotation import rotate_keys

    count = rotate_keys()
    record(user=None, event=Event.KEYS_ROTATED, details={"which": "encryption key", "rows": count})
    click.echo(f"Re-encrypted {count} rows with a new key; old keys removed.")


@keys.command("rotate-index")
@django_command
def keys_rotate_index() -> None:
    """Recompute every blind index (how encrypted values are found) with a new index key."""
    from painwise.audit.services import Event, record
    from painwise.core.reindex import rotate_index_key

    count = rotate_index_key()
    record(user=None, event=Event.KEYS_ROTATED, details={"which": "search index key", "rows": count})
    click.echo(f"Recomputed the blind indexes of {count} rows with a new index key; the old one is gone.")


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 when docs/configuration.md or docs/cli.md is out of date.")
@click.option("--docs-dir", default="docs", show_default=True, type=click.Path(file_okay=False), help="Docs folder.")
def docs(check: bool, docs_dir: str) -> None:
    """Regenerate the configuration and CLI reference in docs/ from the code."""
    from pathlib import Path

    from painwise.cli.reference import cli_markdown
    from painwise.config import settings_markdown

    stale = []
    for name, text in (("configuration.md", settings_markdown()), ("cli.md", cli_markdown())):
        path = Path(docs_dir) / name
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
