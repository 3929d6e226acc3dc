"""`painwise insights`: what helps, from an account or a diary file; `painwise insights pool`: pooling."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from painwise.cli.support import django_command, find_user


@click.group(invoke_without_command=True)
@click.option("--user", "username", help="Account name whose diary to analyse.")
@click.option("--from-file", "diary_file", type=click.File("rb"),
              help="A Painwise CSV (or JSON) diary file to analyse without storing it; - for stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one item per factor × outcome × lag).")
@click.pass_context
def insights(ctx: click.Context, username: str | None, diary_file: IO[bytes] | None, as_json: bool) -> None:
    """What goes with better or worse days in one diary (--user NAME or --from-file FILE).

    Run `painwise insights pool` to pool the estimates of the people who opted in.
    """
    if ctx.invoked_subcommand is not None:
        return
    if (username is None) == (diary_file is None):
        raise click.UsageError("Give exactly one of --user NAME or --from-file FILE.")
    _show(username=username, diary_file=diary_file, as_json=as_json)


@django_command
def _show(*, username: str | None, diary_file: IO[bytes] | None, as_json: bool) -> None:
    from painwise.insights import services

    result = (
        _from_file(diary_file) if diary_file is not None else services.insights_for(user=find_user(str(username)))
    )
    if as_json:
        click.echo(json.dumps(services.insights_as_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(_text(result))


def _from_file(diary_file: IO[bytes]) -> Any:
    from painwise.exchange.formats import FormatError
    from painwise.insights.files import DiaryFileError, insights_from_file

    try:
        return insights_from_file(diary_file.read())
    except (FormatError, DiaryFileError) as exc:
        lines = "\n".join(f"  {problem}" for problem in exc.problems)
        raise click.ClickException(f"The diary file cannot be read:\n{lines}") from None


def _text(result: Any) -> str:
    """Plain text: per outcome, each finding's verdict and sentence, then the not-enough sentences."""
    from painwise.insights import page

    lines = [page.disclaimer(), *result.report.problems]
    outcomes = [name for name, _ in page.outcome_choices(result.outcomes)]
    for section in page.sections(result.report, outcomes=outcomes):
        lines += ["", f"== Your {section.label} =="]
        if section.problems:
            lines.append(f"Checks did not pass ({'; '.join(section.problems)}): shown with less confidence.")
        lines += [f"* {row.insight.verdict}: {row.insight.sentence}" for row in section.findings]
        lines += [f"- {row.insight.sentence}" for row in section.not_enough]
    lines += ["", f"Meaningful difference: {result.mcid_points:.1f} points of average pain ({result.mcid_mode}); "
              f"computed in {result.milliseconds:.0f} ms."]
    return "\n".join(lines)


@insights.command()
@django_command
def pool() -> None:
    """Pool the estimates of people who opted in (Profile.pool_opt_in) into priors for short diaries."""
    from painwise.insights.services import pool_opted_in
    from painwise.nof1.pooling import MIN_PEOPLE

    summary = pool_opted_in()
    click.echo(f"Pooled prior version {summary.prior.version}: {summary.n_people} people who opted in, "
               f"{len(summary.effects)} factor × outcome × lag effects with at least {MIN_PEOPLE} people.")
    for (factor, outcome, lag), effect in sorted(summary.effects.items()):
        click.echo(f"  {factor}, {outcome}, lag {lag}: mean {effect.mu_mean:+.2f} points "
                   f"(95 % {effect.mu_low:+.2f} to {effect.mu_high:+.2f}), between-person SD {effect.tau_mean:.2f}, "
                   f"{effect.n_people} people")


commands = [insights]
