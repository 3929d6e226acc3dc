"""`painwise demo`: a demo account with a year of simulated diary, then the web app."""

from __future__ import annotations

import click

from painwise.core.cli import django_command, gettext

DEMO_PASSWORD = "demo-painwise-2026"  # noqa: S105 (a public demo credential, printed on start)


@click.command()
@click.option("--username", default="demo", show_default=True, help="Demo account name (replaced if it exists).")
@click.option("--days", default=365, show_default=True, type=click.IntRange(30, 3000), help="Days of diary.")
@click.option("--seed", default=7, show_default=True, type=int, help="Simulation seed (same seed, same diary).")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Start the web app afterwards.")
@click.option("--host", envvar="PAINWISE_HOST", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", envvar="PAINWISE_PORT", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.pass_context
@django_command
def demo(ctx: click.Context, username: str, days: int, seed: int, serve: bool, host: str, port: int) -> None:
    """Create a demo account filled with a realistic simulated diary and start the app."""
    from painwise.core.cli import migrate
    from painwise.demo_account import create_demo_account, keep_insights

    click.echo(gettext("Preparing the database..."))
    migrate()
    click.echo(gettext("Writing %(days)s days of simulated diary for '%(name)s' (this takes a minute or two)...")
               % {"days": days, "name": username})
    summary = create_demo_account(username=username, password=DEMO_PASSWORD, days=days, seed=seed)
    click.echo(gettext("Working out What helps me for it, so the page opens at once..."))
    keep_insights(username=username)
    click.echo(gettext("Demo account ready: %(summary)s") % {"summary": summary})
    click.echo("  " + gettext("URL: %(url)s") % {"url": f"http://{host}:{port}/"})
    click.echo("  " + gettext("Username: %(name)s") % {"name": username})
    click.echo("  " + gettext("Password: %(password)s") % {"password": DEMO_PASSWORD})
    if serve:
        from painwise.cli.app import serve as serve_command

        ctx.invoke(serve_command, host=host, port=port)


commands = [demo]
