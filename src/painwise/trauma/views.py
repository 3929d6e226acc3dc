"""Thin views for the trauma track: parse the form, call the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts.services import local_today, profile_of
from painwise.core.forms import apply_errors
from painwise.core.types import AuthedRequest
from painwise.safety.services import lines_for_user, support_content
from painwise.trauma import services
from painwise.trauma.access import get_trigger_for_user
from painwise.trauma.content import tools, track_content
from painwise.trauma.forms import BoundariesForm, DailyForm, GroundingForm, TriggerForm


def _page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    return render(request, template, {"about": track_content().about, **context}, status=status)


@login_required
def track(request: AuthedRequest) -> HttpResponse:
    user = request.user
    enabled = services.is_enabled(user)
    today = services.daily_checks(user=user, start=local_today(user))
    initial = today[0].answers if today else {}
    return _page(request, "trauma/track.html", {
        "enabled": enabled,
        "daily_form": DailyForm(initial=initial),
        "checked_today": bool(today),
        "pcl5": services.pcl5_status(user=user) if enabled else None,
        "summary": services.tool_summary(user=user) if enabled else [],
    })


@login_required
@require_POST
def toggle(request: AuthedRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    services.set_enabled(user=request.user, enabled=enabled)
    messages.success(request, gettext("The track is on.") if enabled else (
        gettext("The track is off. What you logged is kept; the questionnaires it started are switched off.")))
    return redirect("accounts:profile" if request.POST.get("return_to") == "settings" else "trauma:track")


@login_required
@require_POST
def daily(request: AuthedRequest) -> HttpResponse:
    form = DailyForm(request.POST)
    if form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            services.record_daily(user=request.user, answers=answers)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Today's check is saved."))
            return redirect("trauma:track")
    return _page(request, "trauma/track.html", {
        "enabled": services.is_enabled(request.user), "daily_form": form, "summary": []}, status=422)


@login_required
def support(request: AuthedRequest) -> HttpResponse:
    country = profile_of(request.user).country
    return _page(request, "trauma/support.html", {
        "ptsd": support_content(country=country), "region": lines_for_user(request.user),
        "enabled": services.is_enabled(request.user)})


@login_required
def tool_list(request: AuthedRequest) -> HttpResponse:
    return _page(request, "trauma/tools.html", {
        "tools": tools().values(), "summary": services.tool_summary(user=request.user),
        "enabled": services.is_enabled(request.user)})


@login_required
def tool(request: AuthedRequest, slug: str) -> HttpResponse:
    chosen = tools().get(slug)
    if chosen is None:
        raise Http404
    form = GroundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_grounding(user=request.user, tool=slug, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Saved. Thank you for taking this time for yourself."))
            return redirect("trauma:tools")
    status = 422 if request.method == "POST" else 200
    return _page(request, "trauma/tool.html", {"tool": chosen, "form": form}, status=status)


@login_required
def trigger_list(request: AuthedRequest) -> HttpResponse:
    form = TriggerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_trigger(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Noted."))
            return redirect("trauma:triggers")
    status = 422 if request.method == "POST" else 200
    return _page(request, "trauma/triggers.html", {
        "form": form, "triggers": services.triggers(user=request.user)}, status=status)


@login_required
@require_POST
def trigger_delete(request: AuthedRequest, trigger_id: int) -> HttpResponse:
    services.delete_trigger(trigger=get_trigger_for_user(request.user, trigger_id))
    messages.success(request, gettext("Deleted."))
    return redirect("trauma:triggers")


@login_required
def boundaries(request: AuthedRequest) -> HttpResponse:
    plan = services.boundaries_of(request.user)
    form = BoundariesForm(request.POST or None, initial={
        "okay": plan.okay, "not_okay": plan.not_okay, "stop_signals": plan.stop_signals})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_boundaries(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Your plan is saved."))
            return redirect("trauma:boundaries")
    status = 422 if request.method == "POST" else 200
    return _page(request, "trauma/boundaries.html", {"form": form, "plan": plan}, status=status)


@login_required
def boundaries_print(request: AuthedRequest) -> HttpResponse:
    return _page(request, "trauma/boundaries_print.html", {"plan": services.boundaries_of(request.user)})
