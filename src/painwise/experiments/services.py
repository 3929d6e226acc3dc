"""Personal experiments: design, pre-register (freeze and fingerprint), follow, read.

The statistics live in ``painwise.nof1.trial`` (no Django). Outcomes come from the diary through
``painwise.insights.services.diary_arrays_for``; drug classes through ``painwise.substances.services``.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.accounts.services import local_today
from painwise.core.charts import Size
from painwise.core.i18n import translate
from painwise.experiments.models import HIGHER_IS_BETTER, OUTCOME_CHOICES, AdherenceDay, Deviation, Experiment
from painwise.experiments.safety import check_name
from painwise.insights.services import diary_arrays_for, extra_outcomes
from painwise.nof1.trial import (
    Precision,
    ScheduleDay,
    TrialData,
    TrialDesign,
    TrialError,
    TrialResult,
    expected_precision,
    fingerprint,
    full_analysis,
    generate_schedule,
    sentence_messages,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from painwise.core.types import User


DESIGN_FIELDS = (
    "label_a", "label_b", "factor", "outcome", "mcid", "kind", "pairs", "period_days", "washout_days", "days",
    "prescriber_agrees",
)
OUTCOMES = tuple(name for name, _ in OUTCOME_CHOICES)
OUTCOME_LABELS = dict(OUTCOME_CHOICES)
DEFAULT_SIGMA = 1.5
MIN_MCID = 0.5  # the model field's lower bound (points)
DEFAULT_RHO = 0.5
PRECISION_SIMULATIONS = 200
ANALYSIS_VERSION = "painwise.nof1.trial v1: ITT, AR(1) across gaps, trend or pair levels, sceptical N(0, MCID^2)"
# English in the frozen protocol (its fingerprint); marked so the PDF can show it translated.
STOPPING_RULE = gettext_noop("fixed: the planned schedule runs to its end; results before the end are interim")
ACTIVE = (Experiment.Status.RUNNING, Experiment.Status.PAUSED)


@dataclass(frozen=True)
class OutcomeOption:
    """An outcome an experiment can measure: a check-in outcome (0-10) or another domain's daily outcome
    (``core.hooks.outcome_sources``, e.g. a trauma-track item on 0-4)."""

    name: str
    label: str
    higher_is_better: bool
    scale_min: float = 0.0
    scale_max: float = 10.0
    meaningful_points: float | None = None


def outcome_options(*, user: User) -> dict[str, OutcomeOption]:
    """The check-in outcomes, then the daily outcomes other domains offer this person, by name."""
    options = {name: OutcomeOption(name, str(label), name in HIGHER_IS_BETTER) for name, label in OUTCOME_CHOICES}
    for series in extra_outcomes(user=user):
        options.setdefault(series.name, OutcomeOption(
            series.name, series.label, series.higher_is_better, series.scale_min, series.scale_max,
            series.meaningful_points))
    return options


def _outcome_option(experiment: Experiment) -> OutcomeOption:
    known = dict(OUTCOME_CHOICES)
    if experiment.outcome in known:
        return OutcomeOption(experiment.outcome, str(known[experiment.outcome]), experiment.outcome in HIGHER_IS_BETTER)
    found = outcome_options(user=experiment.user).get(experiment.outcome)
    return found or OutcomeOption(experiment.outcome, experiment.outcome, experiment.higher_is_better)


def _diary_for(experiment: Experiment) -> Any:
    """The person's diary arrays, with the experiment's outcome when another domain provides it."""
    extras = [] if experiment.outcome in OUTCOMES else [
        s for s in extra_outcomes(user=experiment.user) if s.name == experiment.outcome]
    diary, _ = diary_arrays_for(user=experiment.user, extras=extras)
    return diary


def design_of(experiment: Experiment) -> TrialDesign:
    return TrialDesign(
        kind=experiment.kind,  # type: ignore[arg-type]
        pairs=experiment.pairs, period_days=experiment.period_days,
        washout_days=experiment.washout_days, days=experiment.days,
    )


def _trial_error(exc: TrialError) -> ValidationError:
    return ValidationError({exc.field: [translate(exc.sentence)]})


def _check(experiment: Experiment) -> None:
    """Model validation, the design's own rules and the safety rules, as per-field errors."""
    errors: dict[str, list[str]] = {}
    try:
        experiment.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    option = outcome_options(user=experiment.user).get(experiment.outcome)
    if option is None:
        errors.setdefault("outcome", []).append(
            gettext("Choose an outcome you log: a check-in outcome or a daily item shown in What helps me."))
    else:
        experiment.higher_is_better = option.higher_is_better
    try:
        design_of(experiment).validate()
    except TrialError as exc:
        errors.setdefault(exc.field, []).append(translate(exc.sentence))
    medicine = False
    for field in ("label_a", "label_b", "factor"):
        name = getattr(experiment, field) or ""
        if not name.strip():
            continue
        finding = check_name(name)
        if finding.refused:
            errors.setdefault(field, []).append(
                gettext("Painwise does not run experiments on %(name)s: %(reason)s")
                % {"name": name.split(":")[-1], "reason": finding.reason}
            )
        medicine = medicine or finding.medicine
    if medicine and not experiment.prescriber_agrees and "prescriber_agrees" not in errors:
        errors["prescriber_agrees"] = [
            gettext("This compares a medicine: tick that your prescriber agrees to the experiment.")]
    if experiment.label_a.strip().casefold() == experiment.label_b.strip().casefold():
        errors.setdefault("label_b", []).append(gettext("A and B must be different."))
    if errors:
        raise ValidationError(errors)


def _assign(experiment: Experiment, values: dict[str, Any]) -> None:
    unknown = sorted(set(values) - set(DESIGN_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: [gettext("Unknown field.")]})
    for name, value in values.items():
        setattr(experiment, name, value)


def design_experiment(*, user: User, values: dict[str, Any]) -> Experiment:
    """A new experiment, not started yet, with a fresh random seed for its schedule."""
    experiment = Experiment(user=user, seed=secrets.randbelow(2**31))
    _assign(experiment, values)
    with transaction.atomic():
        _check(experiment)
        experiment.save()
    return experiment


def update_design(*, experiment: Experiment, values: dict[str, Any]) -> Experiment:
    """Change a design before it starts; after the start the protocol is frozen (use record_deviation)."""
    if experiment.status != Experiment.Status.DRAFT:
        raise ValidationError({"status": [gettext("The experiment has started: its protocol is frozen.")]})
    _assign(experiment, values)
    with transaction.atomic():
        _check(experiment)
        experiment.save()
    return experiment


def schedule_of(experiment: Experiment) -> list[ScheduleDay]:
    return generate_schedule(design_of(experiment), seed=experiment.seed)


def protocol_for(experiment: Experiment, *, start: dt.date) -> dict[str, Any]:
    """What is pre-registered: comparison, outcome, meaningful difference, design, seed, schedule, analysis
    and stopping rule, as plain JSON."""
    return {
        "a": experiment.label_a, "b": experiment.label_b, "factor": experiment.factor,
        "outcome": experiment.outcome, "higher_is_better": experiment.higher_is_better, "mcid": experiment.mcid,
        "design": {"kind": experiment.kind, "pairs": experiment.pairs, "period_days": experiment.period_days,
                   "washout_days": experiment.washout_days, "days": experiment.days},
        "seed": experiment.seed, "start": start.isoformat(),
        "schedule": [[d.index, d.period, d.condition, d.washout] for d in schedule_of(experiment)],
        "analysis": ANALYSIS_VERSION, "stopping_rule": STOPPING_RULE,
        "prescriber_agrees": experiment.prescriber_agrees,
    }


def start_experiment(*, experiment: Experiment, start: dt.date | None = None) -> Experiment:
    """Freeze the protocol and its SHA-256 fingerprint; the first day is ``start`` (default today)."""
    if experiment.status != Experiment.Status.DRAFT:
        raise ValidationError({"status": [gettext("The experiment has already started.")]})
    start = start or local_today(experiment.user)
    with transaction.atomic():
        _check(experiment)
        experiment.protocol = protocol_for(experiment, start=start)
        experiment.fingerprint = fingerprint(experiment.protocol)
        experiment.start_date = start
        experiment.status = Experiment.Status.RUNNING
        experiment.full_clean()
        experiment.save()
    return experiment


def end_date(experiment: Experiment) -> dt.date | None:
    if experiment.start_date is None:
        return None
    return experiment.start_date + dt.timedelta(days=design_of(experiment).total_days - 1)


def frozen_schedule(experiment: Experiment) -> list[ScheduleDay]:
    """The pre-registered schedule once started (never regenerated), else the draft one."""
    rows = experiment.protocol.get("schedule") if experiment.protocol else None
    if not rows:
        return schedule_of(experiment)
    return [ScheduleDay(int(i), int(p), str(c), bool(w)) for i, p, c, w in rows]


def assignment_for(*, experiment: Experiment, day: dt.date) -> ScheduleDay | None:
    """The planned condition on ``day``, or None outside the experiment."""
    if experiment.start_date is None:
        return None
    index = (day - experiment.start_date).days
    schedule = frozen_schedule(experiment)
    return schedule[index] if 0 <= index < len(schedule) else None


def label_of(experiment: Experiment, condition: str) -> str:
    label: str = experiment.label_a if condition == "A" else experiment.label_b
    return label


def record_deviation(*, experiment: Experiment, what: str, note: str = "", day: dt.date | None = None) -> Deviation:
    deviation = Deviation(experiment=experiment, what=what, note=note, day=day or local_today(experiment.user))
    with transaction.atomic():
        deviation.full_clean()
        deviation.save()
    return deviation


def _active(experiment: Experiment) -> None:
    if experiment.status not in ACTIVE:
        raise ValidationError({"status": [gettext("The experiment is not running.")]})


def log_adherence(*, experiment: Experiment, followed: bool, day: dt.date | None = None) -> AdherenceDay:
    """One tap: did you follow today's assignment? A second tap the same day replaces the first."""
    _active(experiment)
    day = day or local_today(experiment.user)
    if assignment_for(experiment=experiment, day=day) is None:
        raise ValidationError({"day": [gettext("That day is not part of the experiment.")]})
    with transaction.atomic():
        row, _ = AdherenceDay.objects.update_or_create(experiment=experiment, day=day, defaults={"followed": followed})
    return row


def set_status(*, experiment: Experiment, status: str, note: str = "") -> Experiment:
    """Pause, resume or stop early (each recorded as a deviation), or finish after the planned end."""
    _active(experiment)
    today = local_today(experiment.user)
    allowed = {
        "paused": experiment.status == Experiment.Status.RUNNING,
        "running": experiment.status == Experiment.Status.PAUSED,
        "stopped": True,
        "finished": (end := end_date(experiment)) is not None and today > end,
    }
    if not allowed.get(status, False):
        refused = gettext("Cannot change the experiment to %(status)s now.") % {"status": repr(status)}
        raise ValidationError({"status": [refused]})
    with transaction.atomic():
        experiment.status = status
        experiment.full_clean()
        experiment.save()
        if status != "finished":
            record_deviation(experiment=experiment, what=status, note=note, day=today)
    return experiment


def finish_if_due(experiment: Experiment, *, today: dt.date | None = None) -> Experiment:
    """Mark a running experiment finished once its planned end has passed."""
    end = end_date(experiment)
    today = today or local_today(experiment.user)
    if experiment.status == Experiment.Status.RUNNING and end is not None and today > end:
        experiment.status = Experiment.Status.FINISHED
        experiment.save(update_fields=["status", "updated_at"])
    return experiment


def active_experiments(*, user: User) -> list[Experiment]:
    return list(Experiment.objects.filter(user=user, status__in=ACTIVE))


def red_flags_during(experiment: Experiment) -> list[dict[str, Any]]:
    """Red-flag checks with something ticked (safety's events) recorded while the experiment runs, since its
    start or its last resume: each is a reason to offer a pause. Empty unless it is running."""
    from painwise.accounts.services import local_date
    from painwise.safety.services import event_summary, events_for

    if experiment.status != Experiment.Status.RUNNING or experiment.start_date is None:
        return []
    resumed = [d.day for d in experiment.deviations.all() if d.what == Experiment.Status.RUNNING]
    since = max([experiment.start_date, *resumed])
    found = []
    for event in events_for(user=experiment.user):
        summary = event_summary(event)
        if local_date(experiment.user, summary["created_at"]) < since:
            break  # newest first
        if summary["kind"] == "red_flag" and summary["urgency"] != "none":
            found.append(summary)
    return found


# --- reading the result ---------------------------------------------------------------------------------


def trial_data(experiment: Experiment, *, today: dt.date | None = None) -> TrialData:
    """The schedule up to today (or the end) with the outcome from the diary and the adherence taps."""
    assert experiment.start_date is not None
    today = today or local_today(experiment.user)
    schedule = frozen_schedule(experiment)
    elapsed = min(len(schedule), max((today - experiment.start_date).days + 1, 0))
    schedule = schedule[:elapsed]
    diary = _diary_for(experiment)
    values = np.full(len(schedule), np.nan)
    if diary is not None and experiment.outcome in diary.outcomes:
        first = diary.dates[0].astype(dt.date)
        series = diary.outcomes[experiment.outcome]
        for d in schedule:
            index = (experiment.start_date + dt.timedelta(days=d.index) - first).days
            if 0 <= index < series.size:
                values[d.index] = series[index]
    taps = {a.day: a.followed for a in experiment.adherence.all()}
    return TrialData(
        day=np.array([d.index for d in schedule], dtype=np.int64),
        period=np.array([d.period for d in schedule], dtype=np.int64),
        assigned=tuple(d.condition for d in schedule), outcome=values,
        washout=np.array([d.washout for d in schedule], dtype=np.bool_),
        followed=tuple(taps.get(experiment.start_date + dt.timedelta(days=d.index)) for d in schedule),
    )


def _in_language(result: TrialResult) -> TrialResult:
    """The result with its sentences in the person's language (the statistics write them in English)."""
    sentences = tuple(translate(message) for message in sentence_messages(result, result.verdict))
    return replace(result, sentences=sentences)


@dataclass(frozen=True)
class Reading:
    """What the person sees: the result (None when not enough data yet, with ``problem`` saying why),
    whether it is interim, the per-protocol sensitivity result (``sensitivity_same_days``: it counts the same
    days as the result, because every day marked "not followed" was a washout day or not logged, so it is
    the same analysis), and adherence counts."""

    result: TrialResult | None
    sensitivity: TrialResult | None
    interim: bool
    problem: str
    days_elapsed: int
    days_planned: int
    days_logged: int
    followed: int
    not_followed: int
    sensitivity_same_days: bool = False


def read_result(*, experiment: Experiment, today: dt.date | None = None) -> Reading:
    """The analysis so far (interim while the experiment runs) and the per-protocol sensitivity analysis."""
    if experiment.start_date is None:
        raise ValidationError({"status": [gettext("The experiment has not started.")]})
    today = today or local_today(experiment.user)
    data = trial_data(experiment, today=today)
    planned = design_of(experiment).total_days
    interim = data.day.size < planned and experiment.status != Experiment.Status.STOPPED
    result = sensitivity = None
    same_days = False
    problem = ""
    try:
        analysis = full_analysis(
            data, kind=experiment.kind, mcid=experiment.mcid,  # type: ignore[arg-type]
            higher_is_better=experiment.higher_is_better, seed=experiment.seed,
        )
        result, same_days = _in_language(analysis.result), analysis.sensitivity_same_days
        sensitivity = None if analysis.sensitivity is None else _in_language(analysis.sensitivity)
    except TrialError as exc:
        problem = translate(exc.sentence)
    return Reading(
        result=result, sensitivity=sensitivity, interim=interim, problem=problem, days_elapsed=int(data.day.size),
        days_planned=planned, days_logged=int(np.isfinite(data.outcome).sum()),
        followed=sum(f is True for f in data.followed), not_followed=sum(f is False for f in data.followed),
        sensitivity_same_days=same_days,
    )


def precision_for(*, experiment: Experiment) -> Precision:
    """Expected precision of the design for this person: their own day-to-day spread of the outcome when
    they have at least 14 logged days, else 1.5 points."""
    diary = _diary_for(experiment)
    sigma = DEFAULT_SIGMA
    if diary is not None and experiment.outcome in diary.outcomes:
        values = diary.outcomes[experiment.outcome]
        values = values[np.isfinite(values)]
        if values.size >= 14:
            sigma = max(float(np.std(values, ddof=1)), 0.5)
    try:
        return expected_precision(
            design_of(experiment), mcid=experiment.mcid, sigma=sigma, rho=DEFAULT_RHO,
            simulations=PRECISION_SIMULATIONS, seed=experiment.seed % 1000,
        )
    except TrialError as exc:
        raise _trial_error(exc) from None


def outcome_label(name: str, *, experiment: Experiment | None = None) -> str:
    """The outcome's name for people (another domain's outcome: its own label without its scale, when the
    experiment is given)."""
    if name in OUTCOME_LABELS or experiment is None:
        return str(OUTCOME_LABELS.get(name, name))
    option = _outcome_option(experiment)
    return option.label.removesuffix(f" ({option.scale_min:g}-{option.scale_max:g})")


def outcome_scale(experiment: Experiment) -> str:
    """The outcome's scale, e.g. "0-10"."""
    option = _outcome_option(experiment)
    return f"{option.scale_min:g}-{option.scale_max:g}"



def result_as_dict(reading: Reading) -> dict[str, Any]:
    def clean(result: TrialResult | None) -> dict[str, Any] | None:
        if result is None:
            return None
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in result.as_dict().items()}

    return {
        "interim": reading.interim, "problem": reading.problem, "result": clean(reading.result),
        "per_protocol": clean(reading.sensitivity), "per_protocol_same_days": reading.sensitivity_same_days,
        "days_elapsed": reading.days_elapsed,
        "days_planned": reading.days_planned, "days_logged": reading.days_logged,
        "followed": reading.followed, "not_followed": reading.not_followed,
    }


@dataclass(frozen=True)
class PeriodRow:
    """One period of a block design (or one week of a day-by-day design): its condition(s), the counted days
    with the outcome logged, and their mean (None when none)."""

    period: str
    condition: str
    first_day: dt.date
    last_day: dt.date
    counted: int
    mean: float | None


def period_rows(*, experiment: Experiment, today: dt.date | None = None) -> list[PeriodRow]:
    """The raw data summarised per period (CENT asks for results per period): blocks per period, day-by-day
    designs per week and condition. Washout and missed days are not counted."""
    assert experiment.start_date is not None
    data = trial_data(experiment, today=today)
    counted = np.isfinite(data.outcome) & ~data.washout.astype(bool)
    assigned = np.array(data.assigned)
    groups: list[tuple[str, str, np.ndarray]] = []
    if experiment.kind == Experiment.Kind.BLOCKS:
        for period in np.unique(data.period):
            chosen = data.period == period
            groups.append((f"Period {period}", str(assigned[chosen][0]), chosen))
    else:
        week = data.day // 7
        for number in np.unique(week):
            for condition in ("A", "B"):
                chosen = (week == number) & (assigned == condition)
                if chosen.any():
                    groups.append((f"Week {number + 1}", condition, chosen))
    rows = []
    for name, condition, chosen in groups:
        days = data.day[chosen]
        used = chosen & counted
        rows.append(PeriodRow(
            period=name, condition=condition,
            first_day=experiment.start_date + dt.timedelta(days=int(days.min())),
            last_day=experiment.start_date + dt.timedelta(days=int(days.max())),
            counted=int(used.sum()), mean=float(np.mean(data.outcome[used])) if used.any() else None,
        ))
    return rows


def chart_figure(*, experiment: Experiment, today: dt.date | None = None, size: Size = "phone") -> Figure:
    """The raw outcome per day, coloured and marked by condition, periods shaded, washout days hollow; drawn
    for the ``size`` it is shown at (text at least 12 CSS px, day numbers that never overlap)."""
    from matplotlib.ticker import MaxNLocator

    from painwise.core.charts import FONT_PX, PALETTE, readable, screen_figure

    data = trial_data(experiment, today=today)
    figure = screen_figure(size=size, height=280)
    axes = figure.add_subplot()
    assigned = np.array(data.assigned)
    for condition, colour, marker in (("A", PALETTE[0], "o"), ("B", PALETTE[1], "s")):
        chosen = (assigned == condition) & np.isfinite(data.outcome)
        counted = chosen & ~data.washout
        axes.plot(data.day[counted] + 1, data.outcome[counted], marker, color=colour, linestyle="none",
                  markersize=5, label=_short(f"{condition}: {label_of(experiment, condition)}"))
        washout = chosen & data.washout
        if washout.any():
            axes.plot(data.day[washout] + 1, data.outcome[washout], marker, color=colour, fillstyle="none",
                      markersize=5, linestyle="none")
    if experiment.kind == Experiment.Kind.BLOCKS:
        for period in np.unique(data.period):
            days = data.day[data.period == period]
            if period % 2 == 0 and days.size:
                axes.axvspan(days.min() + 0.5, days.max() + 1.5, color="#eeeeee", zorder=0)
    axes.set_xlim(0.5, max(len(frozen_schedule(experiment)), 2) + 0.5)  # the whole plan, so the days to come show
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5 if size == "phone" else 10, integer=True, min_n_ticks=2))
    axes.set_xlabel(gettext("Day (hollow: washout, not counted)"))
    axes.set_ylabel(gettext("%(outcome)s (%(scale)s)") % {
        "outcome": outcome_label(experiment.outcome, experiment=experiment), "scale": outcome_scale(experiment)})
    axes.set_ylim(-0.5, 10.5)
    figure.legend(loc="outside upper center", fontsize=FONT_PX, frameon=False, ncols=1 if size == "phone" else 2)
    readable(axes)
    return figure


def _short(label: str, *, length: int = 34) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def chart_svg(*, experiment: Experiment, today: dt.date | None = None, size: Size = "phone") -> bytes:
    """The experiment chart as SVG bytes (see ``chart_figure``)."""
    from painwise.core.charts import to_svg

    figure = chart_figure(experiment=experiment, today=today, size=size)
    return to_svg(figure, title=f"{outcome_label(experiment.outcome, experiment=experiment)} per day with A and B")
