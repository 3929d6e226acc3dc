"""Experiment routes: design, list, read, precision, start, adherence, status, result."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from painwise.accounts.services import local_today
from painwise.core.types import AuthedRequest
from painwise.experiments import services
from painwise.experiments.access import get_experiment_for_user
from painwise.experiments.designs import propose
from painwise.experiments.models import Experiment
from painwise.experiments.schemas import (
    AdherenceIn,
    DesignIn,
    ExperimentOut,
    PrecisionOut,
    ProposalOut,
    StartIn,
    StatusIn,
)

router = Router(tags=["experiments"])


def experiment_json(experiment: Experiment) -> dict[str, Any]:
    assignment = services.assignment_for(experiment=experiment, day=local_today(experiment.user))
    return {
        "id": experiment.pk, "label_a": experiment.label_a, "label_b": experiment.label_b,
        "factor": experiment.factor, "outcome": experiment.outcome, "mcid": experiment.mcid,
        "kind": experiment.kind, "pairs": experiment.pairs, "period_days": experiment.period_days,
        "washout_days": experiment.washout_days, "days": experiment.days, "seed": experiment.seed,
        "status": experiment.status, "start_date": experiment.start_date, "end_date": services.end_date(experiment),
        "fingerprint": experiment.fingerprint,
        "today": None if assignment is None else {
            **asdict(assignment), "label": services.label_of(experiment, assignment.condition)},
    }


@router.get("/experiments", response=list[ExperimentOut], summary="My experiments")
def list_experiments(request: AuthedRequest) -> Any:
    return [experiment_json(e) for e in Experiment.objects.filter(user=request.user)]


@router.get("/experiments/proposal", response=ProposalOut, summary="The design Painwise proposes for a factor")
def proposal(request: HttpRequest, factor: str = "", label: str = "") -> Any:
    """Blocks for slow-acting therapies, day by day for short-acting ones (content/experiments_designs.yaml)."""
    found = propose(factor=factor[:200], label=label[:120])
    return {"onset": found.onset, "reason": found.reason, "known": found.known, "design": found.values}


@router.post("/experiments", response={201: ExperimentOut}, summary="Design an experiment (not started)")
def design(request: AuthedRequest, payload: DesignIn) -> Any:
    experiment = services.design_experiment(user=request.user, values=payload.dict())
    return Status(201, experiment_json(experiment))


@router.get("/experiments/{experiment_id}", response=ExperimentOut, summary="One experiment")
def detail(request: AuthedRequest, experiment_id: int) -> Any:
    return experiment_json(services.finish_if_due(get_experiment_for_user(request.user, experiment_id)))


@router.get("/experiments/{experiment_id}/precision", response=PrecisionOut,
            summary="Expected precision of the design (200 simulations)")
def precision(request: AuthedRequest, experiment_id: int) -> Any:
    return asdict(services.precision_for(experiment=get_experiment_for_user(request.user, experiment_id)))


@router.post("/experiments/{experiment_id}/start", response=ExperimentOut, summary="Freeze the protocol and start")
def start(request: AuthedRequest, experiment_id: int, payload: StartIn) -> Any:
    experiment = get_experiment_for_user(request.user, experiment_id)
    return experiment_json(services.start_experiment(experiment=experiment, start=payload.start))


@router.post("/experiments/{experiment_id}/adherence", response=dict[str, Any], summary="Did I follow the plan?")
def adherence(request: AuthedRequest, experiment_id: int, payload: AdherenceIn) -> Any:
    experiment = get_experiment_for_user(request.user, experiment_id)
    row = services.log_adherence(experiment=experiment, followed=payload.followed, day=payload.day)
    return {"day": row.day, "followed": row.followed}


@router.post("/experiments/{experiment_id}/status", response=ExperimentOut, summary="Pause, resume, stop, finish")
def status(request: AuthedRequest, experiment_id: int, payload: StatusIn) -> Any:
    experiment = get_experiment_for_user(request.user, experiment_id)
    return experiment_json(services.set_status(experiment=experiment, status=payload.status, note=payload.note))


@router.get("/experiments/{experiment_id}/result", response=dict[str, Any], summary="The result (interim if running)")
def result(request: AuthedRequest, experiment_id: int) -> Any:
    experiment = services.finish_if_due(get_experiment_for_user(request.user, experiment_id))
    data = services.result_as_dict(services.read_result(experiment=experiment))
    data["fingerprint"] = experiment.fingerprint
    data["deviations"] = [{"day": d.day, "what": d.what, "note": d.note} for d in experiment.deviations.all()]
    return data
