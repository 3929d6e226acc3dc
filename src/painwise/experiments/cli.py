"""`painwise experiment design|start|status|report --user NAME ...` and `painwise experiment analyse --from-file`.

`analyse` needs no account and no database: it runs the same pure analysis as the app on a CSV file with
columns day, period, condition (A or B), one or more outcome columns and optionally washout and followed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import IO, Any

import click

from painwise.core.cli import django_command, find_user, gettext


@click.group("experiment")
def experiment() -> None:
    """Personal experiments (randomised N-of-1 trials): design, start, follow, read."""


def _text_result(result: Any) -> list[str]:
    lines = list(result.sentences)
    lines.append(gettext("Difference A - B: %(difference)s points (95 %% interval %(low)s to %(high)s).") % {
        "difference": f"{result.difference:+.2f}", "low": f"{result.low:+.2f}", "high": f"{result.high:+.2f}"})
    if result.randomisation_p is not None:
        lines.append(gettext("Randomisation test p = %(p)s.") % {"p": f"{result.randomisation_p:.3f}"})
    return lines


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@experiment.command("design")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--a", "label_a", required=True, help="What you test (A).")
@click.option("--b", "label_b", required=True, help="What you compare it with (B), e.g. 'no stretching'.")
@click.option("--outcome", default="pain_average", show_default=True,
              help="pain_average, pain_worst, peg, sleep_quality, mood, stress, or another daily outcome the person "
                   "logs (e.g. a trauma-track item, as named in What helps me).")
@click.option("--mcid", default=1.0, show_default=True, help="Smallest difference that matters (points).")
@click.option("--factor", default="", help="The diary factor tested (a therapy slug, medication:NAME or custom:NAME).")
@click.option("--kind", default=None, type=click.Choice(["blocks", "days"]),
              help="blocks: slow-acting therapies; days: short-acting ones (default: what Painwise proposes for A).")
@click.option("--pairs", default=None, type=int, help="Pairs of periods (blocks; default proposed).")
@click.option("--period-days", default=None, type=int, help="Days per period (blocks; default proposed).")
@click.option("--washout-days", default=None, type=int, help="Washout days per period (blocks; default proposed).")
@click.option("--days", default=None, type=int, help="Days in total (days; default proposed).")
@click.option("--prescriber-agrees", is_flag=True, help="For a medicine: your prescriber agrees.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def design_command(user: str, label_a: str, label_b: str, outcome: str, mcid: float, factor: str, kind: str | None,
                   pairs: int | None, period_days: int | None, washout_days: int | None, days: int | None,
                   prescriber_agrees: bool, as_json: bool) -> None:
    """Design an experiment (not started) and show its expected precision. The design is the one Painwise
    proposes for A (blocks for slow-acting therapies, day by day for short-acting ones) unless given."""
    from painwise.experiments import services
    from painwise.experiments.api import experiment_json
    from painwise.experiments.designs import propose

    proposal = propose(factor=factor, label=label_a)
    given = {"kind": kind, "pairs": pairs, "period_days": period_days, "washout_days": washout_days, "days": days}
    design = {**proposal.values, **{k: v for k, v in given.items() if v is not None}}
    created = services.design_experiment(user=find_user(user), values={
        "label_a": label_a, "label_b": label_b, "outcome": outcome, "mcid": mcid, "factor": factor,
        "prescriber_agrees": prescriber_agrees, **design,
    })
    precision = services.precision_for(experiment=created)
    if as_json:
        data = {**experiment_json(created), "precision": precision.__dict__}
        click.echo(json.dumps(data, indent=2, default=_json_default))
        return
    click.echo(gettext("Experiment %(id)s: %(name)s (%(kind)s), not started.") % {
        "id": created.pk, "name": created, "kind": created.get_kind_display()})
    if kind is None:
        click.echo(gettext("Proposed design: %(reason)s") % {"reason": proposal.reason})
    click.echo(gettext("Chance of a clear answer if the true difference is %(mcid)s points: %(chance)s "
                       "(%(simulations)s simulations).") % {
        "mcid": f"{created.mcid:g}", "chance": f"{precision.chance_clear:.0%}", "simulations": precision.simulations})
    click.echo(gettext("Start it with: %(command)s") % {
        "command": f"painwise experiment start --user {user} {created.pk}"})


@experiment.command("start")
@click.option("--user", "user", required=True, help="Account name.")
@click.argument("experiment_id", type=int)
@click.option("--start", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="First day (default today).")
@django_command
def start_command(user: str, experiment_id: int, start: Any) -> None:
    """Freeze the protocol (fingerprinted) and start."""
    from django.http import Http404

    from painwise.experiments import services
    from painwise.experiments.access import get_experiment_for_user

    try:
        found = get_experiment_for_user(find_user(user), experiment_id)
    except Http404:
        raise click.ClickException(_not_theirs(user, experiment_id)) from None
    started = services.start_experiment(experiment=found, start=start.date() if start else None)
    click.echo(gettext("Started %(start)s; planned end %(end)s.") % {
        "start": started.start_date, "end": services.end_date(started)})
    click.echo(gettext("Protocol fingerprint (SHA-256): %(fingerprint)s") % {"fingerprint": started.fingerprint})


def _not_theirs(user: str, experiment_id: int) -> str:
    return gettext("%(user)s has no experiment %(id)s.") % {"user": user, "id": experiment_id}


def _owned(user: str, experiment_id: int) -> Any:
    from django.http import Http404

    from painwise.experiments.access import get_experiment_for_user

    try:
        return get_experiment_for_user(find_user(user), experiment_id)
    except Http404:
        raise click.ClickException(_not_theirs(user, experiment_id)) from None


@experiment.command("status")
@click.option("--user", "user", required=True, help="Account name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def status_command(user: str, as_json: bool) -> None:
    """Every experiment of the account with its state and today's assignment."""
    from painwise.experiments import services
    from painwise.experiments.api import experiment_json
    from painwise.experiments.models import Experiment

    rows = [experiment_json(services.finish_if_due(e)) for e in Experiment.objects.filter(user=find_user(user))]
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=_json_default))
        return
    if not rows:
        click.echo(gettext("No experiments."))
    for row in rows:
        values = {"id": row["id"], "a": row["label_a"], "b": row["label_b"], "status": row["status"]}
        if row["today"]:
            line = gettext("%(id)s: %(a)s vs %(b)s - %(status)s; today %(condition)s (%(label)s)")
            values |= {"condition": row["today"]["condition"], "label": row["today"]["label"]}
        else:
            line = gettext("%(id)s: %(a)s vs %(b)s - %(status)s")
        click.echo(line % values)


@experiment.command("report")
@click.option("--user", "user", required=True, help="Account name.")
@click.argument("experiment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@django_command
def report_command(user: str, experiment_id: int, as_json: bool) -> None:
    """The result (interim while it runs), adherence and changes after the start."""
    from painwise.experiments import services

    found = services.finish_if_due(_owned(user, experiment_id))
    reading = services.read_result(experiment=found)
    if as_json:
        data = {**services.result_as_dict(reading), "fingerprint": found.fingerprint,
                "deviations": [{"day": d.day, "what": d.what, "note": d.note} for d in found.deviations.all()]}
        click.echo(json.dumps(data, indent=2, default=_json_default))
        return
    click.echo(gettext("%(name)s - %(status)s; fingerprint %(fingerprint)s") % {
        "name": found, "status": found.get_status_display(), "fingerprint": found.fingerprint})
    if reading.interim:
        click.echo(gettext("INTERIM after %(elapsed)s of %(planned)s days.") % {
            "elapsed": reading.days_elapsed, "planned": reading.days_planned})
    click.echo("\n".join(_text_result(reading.result)) if reading.result else reading.problem)
    click.echo(gettext("Followed %(followed)s days, not followed %(not_followed)s; changes after the start: "
                       "%(changes)s.") % {"followed": reading.followed, "not_followed": reading.not_followed,
                                          "changes": found.deviations.count()})


@experiment.command("analyse")
@click.option("--from-file", "trial_file", type=click.File("r", encoding="utf-8"), required=True,
              help="CSV with day, period, condition (A/B), outcome columns, optional washout/followed; - for stdin.")
@click.option("--outcome", default=None, help="Outcome column (default pain_average, else the first).")
@click.option("--mcid", default=1.0, show_default=True, help="Smallest difference that matters (points).")
@click.option("--higher-is-better", is_flag=True, help="Higher scores are better (sleep quality, mood).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def analyse_command(trial_file: IO[str], outcome: str | None, mcid: float, higher_is_better: bool,
                    as_json: bool) -> None:
    """Analyse a trial kept in a file (no account, nothing stored)."""
    from painwise.nof1.trial import TrialError, analyse_trial, sentence_messages, trial_from_csv

    try:
        data, used, kind = trial_from_csv(trial_file.read(), outcome=outcome)
        result = analyse_trial(data, kind=kind, mcid=mcid, higher_is_better=higher_is_better)
    except TrialError as exc:
        raise click.ClickException(f"{exc.field}: {exc.sentence.render(gettext)}") from None
    if as_json:  # the JSON keeps the statistics' English sentences: a file for programs, like its keys
        click.echo(json.dumps({"outcome": used, "design": kind, **result.as_dict()}, indent=2))
        return
    sentences = tuple(message.render(gettext) for message in sentence_messages(result, result.verdict))
    click.echo(gettext("Outcome %(outcome)s, %(design)s design.") % {"outcome": used, "design": kind})
    click.echo("\n".join(_text_result(replace(result, sentences=sentences))))


commands = [experiment]
