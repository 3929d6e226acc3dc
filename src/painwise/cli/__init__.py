"""The `painwise` console script: one click group, default command `serve`.

Every option can also be set by an environment variable: PAINWISE_<COMMAND>_<OPTION> (click's
auto_envvar_prefix), except serve's --host/--port/--processes: PAINWISE_HOST/PAINWISE_PORT/PAINWISE_PROCESSES.
Domain commands live in `<domain>/cli.py` modules that expose ``commands``; they are added here.
"""

from __future__ import annotations

import importlib

import click

from painwise import __version__

COMMAND_MODULES = (
    "painwise.cli.app",
    "painwise.cli.demo",
    "painwise.cli.backup",
    "painwise.diary.cli",
    "painwise.exchange.cli",
    "painwise.insights.cli",
    "painwise.substances.cli",
    "painwise.trauma.cli",
    "painwise.instruments.cli",
    "painwise.audit.cli",
    "painwise.report.cli",
    "painwise.jobs.cli",
    "painwise.experiments.cli",
    "painwise.programmes.cli",
    "painwise.plan.cli",
)


@click.group(
    invoke_without_command=True,
    context_settings={"auto_envvar_prefix": "PAINWISE", "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="painwise")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Painwise: a private place to log chronic pain and therapies and learn what helps you.

    Run without a command to start the web app (same as `painwise serve`).
    """
    if ctx.invoked_subcommand is None:
        from painwise.cli.app import serve

        ctx.invoke(serve)


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).commands:
        cli.add_command(_command)


def main() -> None:
    cli()
