"""`painwise insights`: what helps, from an account or a diary file; `painwise insights pool`: pooling."""

from __future__ import annotations

import json
from typing import IO, Any

import click

from painwise.core.cli import django_command, find_user, gettext


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
        raise click.UsageError(gettext("Give exactly one of --user NAME or --from-file FILE."))
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
        raise click.ClickException(gettext("The diary file cannot be read:") + f"\n{lines}") from None


def _text(result: Any) -> str:
    """Plain text: per outcome, each finding's verdict and sentence, then the not-enough sentences."""
    from painwise.insights import page

    lines = [page.disclaimer(), *result.report.problems]
    outcomes = [name for name, _ in page.outcome_choices(result.outcomes)]
    for section in page.sections(result.report, outcomes=outcomes):
        lines += ["", "== " + gettext("Your %(outcome)s") % {"outcome": section.label} + " =="]
        if section.problems:
            lines.append(gettext("Checks did not pass (%(checks)s): shown with less confidence.") % {
                "checks": "; ".join(section.problems)})
        lines += [f"* {row.insight.verdict}: {row.insight.sentence}" for row in section.findings]
        lines += [f"- {row.insight.sentence}" for row in section.not_enough]
    lines += ["", gettext("Meaningful difference: %(points)s points of average pain (%(mode)s); computed in "
                          "%(milliseconds)s ms.") % {"points": f"{result.mcid_points:.1f}", "mode": result.mcid_mode,
                                                   "milliseconds": f"{result.milliseconds:.0f}"}]
    return "\n".join(lines)


@insights.command()
@django_command
def pool() -> None:
    """Pool the estimates of people who opted in (Profile.pool_opt_in) into priors for short diaries."""
    from painwise.insights.services import pool_opted_in
    from painwise.nof1.pooling import MIN_PEOPLE

    summary = pool_opted_in()
    click.echo(gettext("Pooled prior version %(version)s: %(people)s people who opted in, %(effects)s factor × "
                       "outcome × lag effects with at least %(minimum)s people.") % {
        "version": summary.prior.version, "people": summary.n_people, "effects": len(summary.effects),
        "minimum": MIN_PEOPLE})
    for (factor, outcome, lag), effect in sorted(summary.effects.items()):
        click.echo("  " + gettext("%(factor)s, %(outcome)s, lag %(lag)s: mean %(mean)s points (95 %% %(low)s to "
                                  "%(high)s), between-person SD %(sd)s, %(people)s people") % {
            "factor": factor, "outcome": outcome, "lag": lag, "mean": f"{effect.mu_mean:+.2f}",
            "low": f"{effect.mu_low:+.2f}", "high": f"{effect.mu_high:+.2f}", "sd": f"{effect.tau_mean:.2f}",
            "people": effect.n_people})


commands = [insights]
