"""Experiment pages: list, design (also from an insight: ?factor=&outcome=), detail, start, adherence,
pause/resume/stop, the report and its chart."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.core.charts import chart_size
from painwise.core.types import AuthedRequest
from painwise.experiments import services
from painwise.experiments.access import get_experiment_for_user
from painwise.experiments.designs import propose
from painwise.experiments.forms import AdherenceForm, DesignForm, StatusForm
from painwise.experiments.models import Experiment


def _design_values(form: DesignForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.DESIGN_FIELDS if name in form.cleaned_data}


def _add_errors(form: DesignForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    experiments = Experiment.objects.filter(user=request.user)
    return render(request, "experiments/index.html", {"experiments": experiments})


def _label_of_factor(factor: str) -> str:
    """A readable name for a factor slug: the catalog therapy's name, or the name after medication:/custom:."""
    from painwise.therapies.services import catalog

    if ":" in factor:
        return factor.split(":", 1)[1].replace("_", " ")
    modality = catalog().get(factor)
    return modality.name if modality else factor.replace("_", " ")


@login_required
def design(request: AuthedRequest) -> HttpResponse:
    """Design a new experiment. ``?factor=<slug>&outcome=<name>`` pre-fills it from an insight with the design
    Painwise proposes for that kind of therapy; "Propose a design" does the same for what was typed as A."""
    initial: dict[str, Any] = {"mcid": 1.0}
    factor = request.GET.get("factor", "")[:200]
    label = ""
    if factor:
        label = _label_of_factor(factor)
        initial.update(factor=factor, label_a=label, label_b=f"no {label.lower()}")
    outcomes = services.outcome_options(user=request.user)
    chosen = outcomes.get(request.GET.get("outcome", ""))
    if chosen is not None:
        initial["outcome"] = chosen.name
        if chosen.meaningful_points is not None:
            initial["mcid"] = max(chosen.meaningful_points, services.MIN_MCID)
    choices = [(o.name, o.label) for o in outcomes.values()]
    proposal = propose(factor=factor, label=label)
    initial.update(proposal.values)
    if request.method == "POST" and "propose" in request.POST:
        data = request.POST.copy()
        proposal = propose(factor=data.get("factor", ""), label=data.get("label_a", ""))
        for name, value in proposal.values.items():
            data[name] = str(value)
        form = DesignForm(initial={name: data.get(name) for name in DesignForm.base_fields}, outcomes=choices)
        return render(request, "experiments/design.html", {"form": form, "proposal": proposal})
    form = DesignForm(request.POST or None, initial=initial, outcomes=choices)
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.design_experiment(user=request.user, values=_design_values(form))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("experiments:detail", experiment.pk)
    context = {"form": form, "proposal": proposal}
    return render(request, "experiments/design.html", context, status=422 if form.errors else 200)


@login_required
def detail(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    services.finish_if_due(experiment)
    context: dict[str, Any] = {
        "experiment": experiment, "schedule": services.frozen_schedule(experiment),
        "outcome_label": services.outcome_label(experiment.outcome, experiment=experiment),
    }
    if experiment.status == Experiment.Status.DRAFT:
        precision = services.precision_for(experiment=experiment)
        context.update(precision=precision, precision_percent=round(100 * precision.chance_clear))
    else:
        from painwise.accounts.services import local_today

        today = local_today(request.user)
        assignment = services.assignment_for(experiment=experiment, day=today)
        context.update(
            reading=services.read_result(experiment=experiment),
            assignment=assignment,
            assignment_label=services.label_of(experiment, assignment.condition) if assignment else "",
            end=services.end_date(experiment),
            red_flags=services.red_flags_during(experiment),
        )
    return render(request, "experiments/detail.html", context)


@login_required
@require_POST
def start(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    try:
        services.start_experiment(experiment=experiment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, gettext("Started. The plan is frozen; today's assignment is on your home page."))
    return redirect("experiments:detail", experiment.pk)


@login_required
@require_POST
def adherence(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    form = AdherenceForm(request.POST)
    if form.is_valid():
        try:
            services.log_adherence(experiment=experiment, followed=form.cleaned_data["followed"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, gettext("Noted. Missed days are fine: they are counted, not hidden."))
    next_url = request.POST.get("next", "")
    if next_url == "home":
        return redirect("home")
    return redirect("experiments:detail", experiment.pk)


@login_required
@require_POST
def status(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(experiment=experiment, status=form.cleaned_data["status"],
                                note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("The experiment is now %(lower)s.") % {"lower": experiment.get_status_display().lower()},
            )
    return redirect("experiments:detail", experiment.pk)


@login_required
def report(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    if experiment.start_date is None:
        messages.error(request, gettext("The experiment has not started yet."))
        return redirect("experiments:detail", experiment.pk)
    services.finish_if_due(experiment)
    context = {
        "experiment": experiment, "reading": services.read_result(experiment=experiment),
        "deviations": experiment.deviations.all(), "end": services.end_date(experiment),
        "outcome_label": services.outcome_label(experiment.outcome, experiment=experiment),
        "outcome_scale": services.outcome_scale(experiment),
        "periods": services.period_rows(experiment=experiment),
    }
    return render(request, "experiments/report.html", context)


@login_required
def report_pdf(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    """The CENT-style report as a PDF download."""
    from painwise.experiments.pdf import render_pdf

    experiment = get_experiment_for_user(request.user, experiment_id)
    if experiment.start_date is None:
        messages.error(request, gettext("The experiment has not started yet."))
        return redirect("experiments:detail", experiment.pk)
    services.finish_if_due(experiment)
    response = HttpResponse(render_pdf(experiment=experiment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="painwise-experiment-{experiment.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def chart(request: AuthedRequest, experiment_id: int) -> HttpResponse:
    experiment = get_experiment_for_user(request.user, experiment_id)
    if experiment.start_date is None:
        return HttpResponse(status=404)
    svg = services.chart_svg(experiment=experiment, size=chart_size(request.GET.get("size")))
    return HttpResponse(svg, content_type="image/svg+xml")
