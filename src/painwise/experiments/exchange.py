"""Experiments in Painwise JSON and CSV: the design, the frozen protocol with its fingerprint, the days
followed and the deviations.

``ref`` names an experiment (its creation time, UTC) so its adherence days and deviations can point at it.
On import a design passes the same checks as one made here (including the safety rules), and a started
experiment's protocol must still match its SHA-256 fingerprint: a pre-registration that was edited is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.experiments.models import AdherenceDay, Deviation, Experiment

# painwise.experiments.services and painwise.nof1 (numpy, scipy) are imported inside the functions: this
# module is loaded at start-up (apps.py) by every process, including CLI commands that never analyse a trial.

if TYPE_CHECKING:
    from painwise.core.types import User


EXPERIMENTS_KEY = "experiments"


def experiment_ref(experiment: Experiment) -> str:
    return f"experiment@{experiment.created_at.astimezone(dt.UTC).isoformat()}"


def _experiment(context: ImportContext, ref: Any) -> Experiment:
    experiment = context.refs.get((EXPERIMENTS_KEY, str(ref or "")))
    if experiment is None:
        raise ValidationError(
            {"experiment": gettext("No experiment %(ref)s earlier in the file.") % {"ref": repr(ref)}}
        )
    return experiment  # type: ignore[no-any-return]


# ---------------------------------------------------------------- experiments

# higher_is_better is exported so the file says which way the outcome points; on import it is set again from
# the outcome (and a started experiment's frozen protocol carries it too).
STATE_FIELDS = ("higher_is_better", "seed", "status", "start_date", "protocol", "fingerprint")


def _export_experiments(user: User) -> list[dict[str, Any]]:
    from painwise.experiments.services import DESIGN_FIELDS

    rows = Experiment.objects.filter(user=user).order_by("created_at", "pk")
    return [{"ref": experiment_ref(e), **{name: getattr(e, name) for name in (*DESIGN_FIELDS, *STATE_FIELDS)},
             "created_at": e.created_at, "updated_at": e.updated_at} for e in rows]


@transaction.atomic
def _store_experiment(context: ImportContext, values: dict[str, Any]) -> None:
    from painwise.experiments.services import DESIGN_FIELDS, _check
    from painwise.nof1.trial import fingerprint

    experiment = Experiment(user=context.user)
    for name in DESIGN_FIELDS:
        if values.get(name) is not None:
            setattr(experiment, name, values[name])
    if values.get("seed") is None:
        raise ValidationError({"seed": gettext("The schedule's random seed is required.")})
    experiment.seed = values["seed"]
    experiment.status = values.get("status") or Experiment.Status.DRAFT
    experiment.start_date = values.get("start_date")
    experiment.protocol = values.get("protocol") or {}
    experiment.fingerprint = values.get("fingerprint") or ""
    _check(experiment)
    if experiment.status != Experiment.Status.DRAFT:
        if experiment.start_date is None or not experiment.protocol:
            raise ValidationError(
                {"protocol": gettext("A started experiment needs its start date and frozen protocol.")}
            )
        if fingerprint(experiment.protocol) != experiment.fingerprint:
            raise ValidationError({"fingerprint": gettext("The frozen protocol does not match its fingerprint: "
                                                  "it was changed after the start.")})
    experiment.save()
    context.keep_times(experiment, values)
    if values.get("ref"):
        context.refs[(EXPERIMENTS_KEY, values["ref"])] = experiment


# ---------------------------------------------------------------- adherence and deviations


def _export_adherence(user: User) -> list[dict[str, Any]]:
    rows = AdherenceDay.objects.filter(experiment__user=user).select_related("experiment")
    return [{"experiment": experiment_ref(r.experiment), "day": r.day, "followed": r.followed}
            for r in rows.order_by("experiment__created_at", "day")]


@transaction.atomic
def _store_adherence(context: ImportContext, values: dict[str, Any]) -> None:
    experiment = _experiment(context, values.get("experiment"))
    if values.get("followed") is None:
        raise ValidationError({"followed": gettext("Followed or not: true or false.")})
    row = AdherenceDay.objects.filter(experiment=experiment, day=values["day"]).first()
    row = row or AdherenceDay(experiment=experiment, day=values["day"], followed=values["followed"])
    row.followed = values["followed"]
    row.full_clean(validate_unique=False)
    row.save()


def _export_deviations(user: User) -> list[dict[str, Any]]:
    rows = Deviation.objects.filter(experiment__user=user).select_related("experiment")
    return [{"experiment": experiment_ref(r.experiment), "day": r.day, "what": r.what, "note": r.note,
             "recorded_at": r.recorded_at} for r in rows.order_by("experiment__created_at", "recorded_at", "pk")]


@transaction.atomic
def _store_deviation(context: ImportContext, values: dict[str, Any]) -> None:
    experiment = _experiment(context, values.get("experiment"))
    row = Deviation(experiment=experiment, day=values["day"], what=values.get("what") or "",
                    note=values.get("note") or "")
    row.full_clean()
    row.save()
    if values.get("recorded_at") is not None:
        Deviation.objects.filter(pk=row.pk).update(recorded_at=values["recorded_at"])


EXPERIMENTS = Section(
    key=EXPERIMENTS_KEY, record="experiment",
    names=(gettext_noop("%(count)s experiment"), gettext_noop("%(count)s experiments")),
    columns=(
        Column("ref", "text"), Column("label_a", "text", required=True), Column("label_b", "text", required=True),
        Column("factor", "text"), Column("outcome", "text"), Column("mcid", "float"), Column("kind", "text"),
        Column("pairs", "int"), Column("period_days", "int"), Column("washout_days", "int"), Column("days", "int"),
        Column("prescriber_agrees", "bool"), Column("higher_is_better", "bool"), Column("seed", "int"),
        Column("status", "text"),
        Column("start_date", "date"), Column("protocol", "object"), Column("fingerprint", "text"),
        Column("created_at", "datetime"), Column("updated_at", "datetime"),
    ),
    export=_export_experiments, store=_store_experiment, models=("experiments.Experiment",), order=70,
)
ADHERENCE = Section(
    key="experiment_adherence", record="experiment_adherence",
    names=(gettext_noop("%(count)s day followed"), gettext_noop("%(count)s days followed")),
    columns=(Column("experiment", "text", required=True), Column("day", "date", required=True),
             Column("followed", "bool")),
    export=_export_adherence, store=_store_adherence, models=("experiments.AdherenceDay",), order=71,
)
DEVIATIONS = Section(
    key="experiment_deviations", record="experiment_deviation",
    names=(gettext_noop("%(count)s deviation"), gettext_noop("%(count)s deviations")),
    columns=(Column("experiment", "text", required=True), Column("day", "date", required=True),
             Column("what", "text"), Column("note", "text"), Column("recorded_at", "datetime")),
    export=_export_deviations, store=_store_deviation, models=("experiments.Deviation",), order=72,
)
SECTIONS = (EXPERIMENTS, ADHERENCE, DEVIATIONS)
