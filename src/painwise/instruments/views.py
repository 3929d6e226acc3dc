"""Questionnaire pages: the list, one screen per instrument, the score page with its trend, schedules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from painwise.core.charts import chart_size
from painwise.core.types import AuthedRequest
from painwise.instruments import services
from painwise.instruments.access import get_response_for_user
from painwise.instruments.charts import trend_svg
from painwise.instruments.forms import ClinicianModeForm, QuestionnaireForm, ScheduleForm, initial_from
from painwise.instruments.scoring import threshold_words
from painwise.safety.access import crisis_gate, crisis_url
from painwise.safety.services import safety_support


@login_required
@crisis_gate
def index(request: AuthedRequest) -> HttpResponse:
    instruments = services.available_instruments(user=request.user)
    due_ids = {d.instrument.id for d in services.due(user=request.user)}
    latest = services.latest_results(user=request.user, instruments=instruments)
    context = {"instruments": instruments, "due_ids": due_ids, "latest": latest}
    return render(request, "instruments/index.html", context)


@login_required
@crisis_gate
def fill(request: AuthedRequest, instrument_id: str) -> HttpResponse:
    """One screen per instrument. "Save draft" keeps partial answers without a score."""
    instrument = services.instrument_for(user=request.user, instrument_id=instrument_id)
    draft = services.open_draft(user=request.user, instrument=instrument)
    initial = initial_from(draft.answers) if draft else {}
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, instrument=instrument, initial=initial)
    if request.method == "POST" and form.is_valid():
        as_draft = "save_draft" in request.POST
        try:
            saved = services.save_response(
                user=request.user, instrument=instrument, answers=form.answers(), draft=as_draft, response=draft
            )
        except ValidationError as exc:
            form.add_error(None, exc.message_dict.get("answers", exc.messages))
        else:
            if as_draft:
                messages.success(
                    request,
                    gettext("Saved your %(short_name)s answers so far. It has no score yet.")
                    % {"short_name": instrument.short_name},
                )
                next_url = reverse("instruments:index")
            else:
                next_url = reverse("instruments:response", args=[saved.response.pk])
            if saved.crisis is not None:
                return redirect(crisis_url(saved.crisis, next_url=next_url))
            return redirect(next_url)
    context = {"instrument": instrument, "form": form, "draft": draft}
    return render(request, "instruments/fill.html", context, status=422 if form.errors else 200)


@login_required
@crisis_gate
def response(request: AuthedRequest, response_id: int) -> HttpResponse:
    """The score, its band and meaning, change since last time, and the trend of this instrument."""
    row = get_response_for_user(request.user, response_id)
    instrument = services.instrument_for(user=request.user, instrument_id=row.instrument)
    result = services.result_for(row, instrument) if row.status == row.Status.COMPLETED else None
    history = services.completed_responses(user=request.user, instrument=instrument)
    context = {"row": row, "instrument": instrument, "result": result, "history": history}
    if result is not None and result.change is not None:
        context["threshold"] = threshold_words(instrument, result.change, ngettext)
    context.update(safety_support(user=request.user, result=result))
    return render(request, "instruments/response.html", context)


@login_required
def chart(request: AuthedRequest, instrument_id: str) -> HttpResponse:
    instrument = services.instrument_for(user=request.user, instrument_id=instrument_id)
    rows = services.completed_responses(user=request.user, instrument=instrument)
    svg = trend_svg(instrument, rows, size=chart_size(request.GET.get("size")))
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@crisis_gate
def schedules(request: AuthedRequest) -> HttpResponse:
    """Change how often each questionnaire is asked, switch any off, or turn on clinician mode."""
    rows = services.schedules_for(user=request.user)
    instruments = services.all_instruments()
    data = request.POST if request.method == "POST" else None
    forms = [
        (row, instruments.get(row.instrument), ScheduleForm.for_schedule(row, prefix=row.instrument, data=data))
        for row in rows
    ]
    mode_form = ClinicianModeForm(data, initial={"clinician_mode": services.clinician_mode(request.user)})
    if request.method == "POST" and all(f.is_valid() for _, _, f in forms) and mode_form.is_valid():
        for _row, instrument, form in forms:
            if instrument is not None:
                services.update_schedule(user=request.user, instrument=instrument, **form.cleaned_data)
        services.set_clinician_mode(user=request.user, enabled=mode_form.cleaned_data["clinician_mode"])
        messages.success(request, gettext("Saved your questionnaire schedule."))
        return redirect("instruments:schedules")
    errors = bool(mode_form.errors) or any(f.errors for _, _, f in forms)
    context = {"forms": forms, "mode_form": mode_form}
    return render(request, "instruments/schedules.html", context, status=422 if errors else 200)
