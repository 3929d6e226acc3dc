"""`painwise questionnaire list` and `painwise questionnaire score INSTRUMENT --answers 0,1,2,...`.

Scoring from the terminal needs no account and no database: it uses the same pure scorer as the app.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from painwise import config
from painwise.core.cli import gettext, ngettext

if TYPE_CHECKING:
    from painwise.instruments.content_schema import Instrument
    from painwise.instruments.scoring import Change, ScoreResult

# The content modules (pydantic, YAML) are imported inside the commands: `painwise --help` stays fast.


def _extra_dirs() -> list[Path]:
    value = config.env("EXTRA_INSTRUMENTS_DIR")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def parse_answers(text: str) -> list[int | None]:
    """``"0,1,,3"`` → ``[0, 1, None, 3]``: an empty place is a skipped question."""
    values: list[int | None] = []
    for position, part in enumerate(text.split(","), start=1):
        part = part.strip()
        if not part:
            values.append(None)
            continue
        try:
            values.append(int(part))
        except ValueError:
            raise click.BadParameter(
                gettext("answer %(position)s (%(text)r) is not a whole number") % {"position": position, "text": part},
                param_hint="--answers",
            ) from None
    return values


@click.group("questionnaire")
def questionnaire() -> None:
    """Validated questionnaires: list them, or score a set of answers."""


def generated_files() -> list[tuple[str, Path, str]]:
    """For `painwise docs`: the questionnaire index `list` reads, made from the validated files."""
    from painwise.instruments.listing import INDEX, index_text

    return [("the questionnaire index", INDEX, index_text())]


@questionnaire.command("list")
def list_command() -> None:
    """Show every instrument with its licence notice."""
    from painwise.instruments.listing import listed

    try:
        instruments = listed(_extra_dirs())
    except Exception as exc:
        from painwise.core.content import ContentError  # only loaded when the files were validated

        if isinstance(exc, ContentError):
            raise click.ClickException(str(exc)) from None
        raise
    for instrument in instruments:
        named = {"short_name": instrument["short_name"], "name": instrument["name"]}
        title = (gettext("%(short_name)s: %(name)s (clinician only)") if instrument["audience"] == "clinician"
                 else gettext("%(short_name)s: %(name)s")) % named
        click.echo(f"{instrument['id']:<9} {title}")
        count = instrument["questions"]
        size = ngettext("%(count)s question, total %(low)s–%(high)s.", "%(count)s questions, total %(low)s–%(high)s.",
                        count) % {"count": count, "low": f"{instrument['total_low']:g}",
                                  "high": f"{instrument['total_high']:g}"}
        click.echo(f"          {size} {instrument['licence_notice']}")


@questionnaire.command("score")
@click.argument("instrument_id", metavar="INSTRUMENT")
@click.option(
    "--answers", required=True, help="Option weights in question order, comma-separated; leave a place empty to skip."
)
@click.option("--previous", type=float, default=None, help="The previous total, to judge the change.")
@click.option(
    "--sex", type=click.Choice(["female", "male"]), default=None, help="Selects sex-specific cut-offs (AUDIT-C)."
)
@click.option("--country", default=None, help="ISO country code for crisis lines when a safety flag is raised.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
def score_command(
    instrument_id: str, answers: str, previous: float | None, sex: str | None, country: str | None, as_json: bool
) -> None:
    """Print the total, subscales, band and safety flags for one set of answers."""
    from painwise.core.content import ContentError
    from painwise.instruments.catalog import UnknownInstrumentError, get_instrument
    from painwise.instruments.scoring import AnswerError, score
    from painwise.safety.content import CRISIS_FLAGS, support_for

    try:
        instrument = get_instrument(instrument_id, extra_dirs=_extra_dirs())
        result = score(instrument, parse_answers(answers), previous_total=previous, sex=sex)  # type: ignore[arg-type]
    except (UnknownInstrumentError, AnswerError, ContentError) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None
    crisis = bool(set(result.safety_flags) & CRISIS_FLAGS)
    ptsd = support_for(result, country=country)
    if as_json:
        # Standard output carries only JSON (crisis lines included); people still see the message on stderr.
        payload = {**asdict(result), "crisis": _crisis_data(result, country) if crisis else None, "ptsd_support": ptsd}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_result(instrument, result)
    if crisis:
        _print_crisis(result, country, err=as_json)
    if ptsd:
        _print_ptsd(ptsd, country, err=as_json)


def _print_result(instrument: Instrument, result: ScoreResult) -> None:
    name = instrument.short_name
    low, high = result.total_range
    if result.total is None:
        click.echo(gettext("%(name)s: no total. %(reason)s") % {"name": name, "reason": result.no_total_reason})
    else:
        click.echo(gettext("%(name)s total: %(total)s (range %(low)s–%(high)s)") % {
            "name": name, "total": f"{result.total:g}", "low": f"{low:g}", "high": f"{high:g}"})
    if result.band:
        band = result.band
        click.echo(gettext("Band: %(label)s (%(low)s–%(high)s). %(meaning)s") % {
            "label": band.label, "low": f"{band.min:g}", "high": f"{band.max:g}", "meaning": band.meaning})
    for sub in result.subscales:
        _print_subscale(sub.label, "–" if sub.total is None else f"{sub.total:g}", sub.positive)
    for cut in result.cutoffs:
        reached = gettext("Cut-off %(label)s: reached") if cut.positive else gettext("Cut-off %(label)s: not reached")
        click.echo(reached % {"label": cut.label})
    for rule in result.rules:
        click.echo((gettext("%(label)s: met") if rule.met else gettext("%(label)s: not met")) % {"label": rule.label})
    if result.change:
        _print_change(instrument, result.change)
    flags = ", ".join(result.safety_flags)
    click.echo(gettext("Safety flags: %(flags)s") % {"flags": flags} if flags else gettext("Safety flags: none"))


def _print_subscale(label: str, total: str, positive: bool | None) -> None:
    if positive is None:
        line = gettext("Subscale %(label)s: %(total)s")
    else:
        line = gettext("Subscale %(label)s: %(total)s positive") if positive else gettext(
            "Subscale %(label)s: %(total)s negative")
    click.echo(line % {"label": label, "total": total})


def _print_change(instrument: Instrument, change: Change) -> None:
    from painwise.instruments.scoring import threshold_words

    directions = {"better": gettext("better"), "worse": gettext("worse"), "no change": gettext("no change")}
    values = {"previous": f"{change.previous:g}", "points": f"{change.points:+g}",
              "direction": directions.get(change.direction, change.direction),
              "threshold": threshold_words(instrument, change, ngettext)}
    if change.meaningful is None:
        line = gettext("Change since %(previous)s: %(points)s points, %(direction)s; %(threshold)s")
    elif change.meaningful:
        line = gettext("Change since %(previous)s: %(points)s points, %(direction)s; reaches the minimal "
                       "important change of %(threshold)s")
    else:
        line = gettext("Change since %(previous)s: %(points)s points, %(direction)s; is below the minimal "
                       "important change of %(threshold)s")
    click.echo(line % values)


def _crisis_data(result: ScoreResult, country: str | None) -> dict[str, Any]:
    from painwise.safety.content import crisis_content, crisis_lines_for

    content = crisis_content()
    region = crisis_lines_for(country)
    return {
        "title": content.screen.title,
        "reasons": content.screen.reasons_for(result.safety_flags),
        "body": content.screen.body,
        "clinician_prompt": content.screen.clinician_prompt,
        "region": region.name,
        "country_known": not region.is_fallback,
        "ask_for_country": content.no_country.body if region.is_fallback else None,
        "lines": [line.model_dump(exclude_none=True) for line in region.lines],
    }


def _print_crisis(result: ScoreResult, country: str | None, *, err: bool) -> None:
    from painwise.safety.content import crisis_content, crisis_lines_for

    data = _crisis_data(result, country)
    click.echo("", err=err)
    click.echo(" ".join([f"{data['title']}.", *data["reasons"], data["body"]]), err=err)
    if data["ask_for_country"]:
        click.echo(gettext("%(title)s. %(ask)s (Use --country XX.)") % {
            "title": crisis_content().no_country.title, "ask": data["ask_for_country"]}, err=err)
    for line in crisis_lines_for(country).lines:
        text = line.text and gettext("text %(number)s") % {"number": line.text}
        reach = " / ".join(part for part in (line.number, text, line.web) if part)
        click.echo(f"  {line.name}: {reach}", err=err)
    click.echo(data["clinician_prompt"], err=err)


def _print_ptsd(ptsd: dict[str, Any], country: str | None, *, err: bool) -> None:
    from painwise.safety.content import crisis_lines_for

    click.echo("", err=err)
    click.echo(f"{ptsd['title']}. {ptsd['intro']}", err=err)
    for therapy in ptsd["therapies"]:
        click.echo(f"  {therapy['name']}: {therapy['what']}", err=err)
    for step in ptsd["how_to_find"]:
        click.echo(f"  - {step}", err=err)
    click.echo(ptsd["support_intro"], err=err)
    for line in [*ptsd["support_lines"], *(ln.model_dump() for ln in crisis_lines_for(country).lines)]:
        reach = " / ".join(part for part in (line.get("number"), line.get("web")) if part)
        click.echo(f"  {line['name']}: {reach}", err=err)


commands = [questionnaire]
