"""Thin views for programme pages: parse the form, call the service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts.services import profile_of
from painwise.core.forms import apply_errors
from painwise.core.i18n import translate
from painwise.core.types import AuthedRequest
from painwise.programmes import services
from painwise.programmes.access import get_enrolment_for_user, get_session_for_user
from painwise.programmes.content import Programme, programme
from painwise.programmes.forms import SESSION_FORMS, SETUP_FORMS, StartSetupForm
from painwise.programmes.models import Enrolment

SHORTEST_PHASE_SECONDS = 1
# Programmes whose sessions a plan part schedules (the start programme and the taper plan have none).
SCHEDULED_KINDS = ("dilators", "down_training", "sensate_focus", "acupuncture", "pacing")


def _content(key: str) -> Programme:
    found = programme(key)
    if found is None:
        raise Http404
    return found


def _setup_form(content: Programme, enrolment: Enrolment | None, data: Any = None) -> forms.Form | None:
    setup = enrolment.setup if enrolment else {}
    if content.kind == "start":
        initial = {**setup, "ladder": "\n".join(g["text"] for g in setup.get("ladder", [])),
                   "reached": [g["text"] for g in setup.get("ladder", []) if g.get("reached")]}
        return StartSetupForm(data, content=content, ladder=setup.get("ladder", []), initial=initial)
    form_class = SETUP_FORMS.get(content.kind)
    if form_class is None:
        return None
    initial = dict(setup)
    if content.kind == "dilators":
        initial["labels"] = ", ".join(setup.get("labels", []))
    if content.kind == "kratom_taper":
        initial["steps"] = "\n".join(f"{s['from']} {s['amount']:g} {s['unit']}" for s in setup.get("steps", []))
    return form_class(data, initial=initial)


def _session_form(content: Programme, enrolment: Enrolment | None, data: Any = None,
                  saved: dict[str, Any] | None = None) -> forms.Form | None:
    """The session form: for a new session with the suggested values, or with a ``saved`` session's values."""
    form_class = SESSION_FORMS.get(content.kind)
    if form_class is None or enrolment is None:
        return None
    if content.kind == "dilators":
        progress = services.progress_of(enrolment=enrolment)
        target = progress.suggestion.target if progress.suggestion else 1
        return form_class(data, sizes=int(enrolment.setup.get("sizes") or 6), labels=enrolment.setup.get("labels"),
                          initial=saved or {"size": target, "lubricant": True})  # type: ignore[call-arg]
    if saved is not None:
        return form_class(data, initial=saved)
    if content.kind == "sensate_focus":
        progress = services.progress_of(enrolment=enrolment)
        return form_class(data, initial={"stage": progress.suggestion.target if progress.suggestion else 1})
    if content.kind == "pacing":
        return form_class(data, initial={"completed": True})
    return form_class(data)


def _page(request: AuthedRequest, content: Programme, *, setup_form: forms.Form | None = None,
          session_form: forms.Form | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    enrolment = services.enrolment_for(user=user, key=content.key)
    active = enrolment if enrolment and enrolment.active else None
    progress = services.progress_of(enrolment=active) if active else None
    context: dict[str, Any] = {
        "content": content, "enrolment": active, "progress": progress, "evaluation": None, "weeks": [],
        "red_flags": progress.red_flags if progress else [],
        "setup_form": setup_form or _setup_form(content, active),
        "session_form": session_form or _session_form(content, active),
        "sessions": [(s.day, services.session_words(s.values), s.pk)
                     for s in reversed(services.sessions_of(enrolment=active))][:10] if active else [],
    }
    if active and content.kind in SCHEDULED_KINDS:
        context["next_planned"] = services.next_planned_day(user=user, key=content.key)
        context["schedule_it"] = True
    if active and content.kind == "acupuncture":
        context["evaluation"] = services.course_evaluation(user=user, enrolment=active)
    if content.kind == "kratom_taper":
        context["weeks"] = services.taper_weeks(user=user, enrolment=active)
    if content.kind == "dilators":
        context["examination"] = services.examination_step(user=user)
    if active and content.kind == "start":  # the start programme always offers the checklist
        context["red_flags"] = services.programme_red_flags(content)
    return render(request, "programmes/detail.html", context, status=status)


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    """Every programme; the pelvic and sexual-health ones folded at the end for people who did not choose them
    (in their welcome or settings) and follow none of them, like the therapy catalog."""
    overview = services.overview(user=request.user)
    pelvic = [p for p in overview if p.content.red_flag_context == "sexual_pain"]
    everyday = [p for p in overview if p not in pelvic]
    shown = profile_of(request.user).show_sexual_health or any(p.enrolment for p in pelvic)
    return render(request, "programmes/list.html", {
        "overview": (pelvic + everyday) if shown else everyday, "folded": [] if shown else pelvic})


@login_required
def detail(request: AuthedRequest, programme: str) -> HttpResponse:
    return _page(request, _content(programme))


@login_required
@require_POST
def start(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    services.start_programme(user=request.user, key=content.key)
    messages.success(
        request,
        gettext("You started %(name)s. Go at your own pace; you can stop at any time.") % {"name": content.name},
    )
    return redirect("programmes:detail", programme=content.key)


@login_required
@require_POST
def stop(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    services.stop_programme(enrolment=get_enrolment_for_user(request.user, content.key))
    messages.success(request, gettext("You stopped %(name)s. What you logged is kept.") % {"name": content.name})
    return redirect("programmes:list")


@login_required
@require_POST
def setup(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    enrolment = get_enrolment_for_user(request.user, content.key)
    form = _setup_form(content, enrolment, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        values = form.setup() if hasattr(form, "setup") else form.cleaned_data
        try:
            services.update_setup(enrolment=enrolment, values=values)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("programmes:detail", programme=content.key)
    return _page(request, content, setup_form=form, status=422)


@login_required
@require_POST
def step(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    enrolment = get_enrolment_for_user(request.user, content.key)
    try:
        services.mark_step(enrolment=enrolment, step=request.POST.get("step", ""),
                           done=request.POST.get("done", "on") == "on")
    except ValidationError as exc:
        messages.error(request, "; ".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect("programmes:detail", programme=content.key)
    messages.success(request, gettext("Saved."))
    return redirect("programmes:detail", programme=content.key)


@login_required
@require_POST
def log(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    enrolment = get_enrolment_for_user(request.user, content.key)
    form = _session_form(content, enrolment, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            logged = services.log_session(user=request.user, key=content.key, values=dict(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            for notice in logged.notices:
                level = messages.WARNING if notice.level != "info" else messages.INFO
                messages.add_message(request, level, f"{notice.title}: {notice.body}")
            if logged.suggestion is not None:
                messages.info(request, translate(logged.suggestion.reason))
            messages.success(request, gettext("Session saved."))
            return redirect("programmes:detail", programme=content.key)
    return _page(request, content, session_form=form, status=422)


@login_required
def session_edit(request: AuthedRequest, programme: str, session_id: int) -> HttpResponse:
    """Correct a logged session (the same form as logging one, with its values)."""
    content = _content(programme)
    session = get_session_for_user(request.user, content.key, session_id)
    data = request.POST if request.method == "POST" else None
    form = _session_form(content, session.enrolment, data, saved=dict(session.values))
    if form is None:
        raise Http404
    if data is not None and form.is_valid():
        try:
            services.update_session(session=session, values=dict(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Corrected your session of %(day)s.") % {
                "day": date_format(session.day, "d F")})
            return redirect("programmes:detail", programme=content.key)
    return render(request, "programmes/session.html", {"content": content, "session": session, "form": form},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def session_delete(request: AuthedRequest, programme: str, session_id: int) -> HttpResponse:
    content = _content(programme)
    session = get_session_for_user(request.user, content.key, session_id)
    services.delete_session(session=session)
    messages.success(request, gettext("Deleted your session of %(day)s.") % {"day": date_format(session.day, "d F")})
    return redirect("programmes:detail", programme=content.key)


@login_required
@require_POST
def evaluated(request: AuthedRequest, programme: str) -> HttpResponse:
    content = _content(programme)
    services.mark_evaluated(enrolment=get_enrolment_for_user(request.user, content.key))
    messages.success(request, gettext("Noted. Take your evaluation to your next appointment if it helps."))
    return redirect("programmes:detail", programme=content.key)


@login_required
def routine(request: AuthedRequest, programme: str) -> HttpResponse:
    """The guided routine with its timers. ``?phase_seconds=N`` shortens every phase to N seconds (a quick
    version, also what the browser test uses)."""
    content = _content(programme)
    if content.kind != "down_training":
        raise Http404
    enrolment = services.enrolment_for(user=request.user, key=content.key)
    try:
        phase_seconds = max(SHORTEST_PHASE_SECONDS, int(request.GET.get("phase_seconds", "0"))) if request.GET.get(
            "phase_seconds") else None
    except ValueError:
        phase_seconds = None
    phases: list[dict[str, Any]] = [{"phase": p, "seconds": phase_seconds or p.seconds} for p in content.routine]
    total = sum(p["seconds"] for p in phases)
    return render(request, "programmes/routine.html", {
        "content": content, "enrolment": enrolment if enrolment and enrolment.active else None, "phases": phases,
        "minutes": max(1, round(total / 60)), "total_seconds": total})


