"""Plan pages: the plan (goals, parts, today), adding and editing parts, ticking, the printable page and
PDF, reminder settings, the calendar (download, private feed URL, regenerate, revoke) and the public feed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from painwise.accounts.services import local_today
from painwise.core.types import AuthedRequest
from painwise.plan import services
from painwise.plan.access import get_goal_for_user, get_part_for_user
from painwise.plan.choices import choices_for, kinds
from painwise.plan.forms import GoalForm, PartForm, ReminderForm, TickForm
from painwise.plan.ics import plan_calendar
from painwise.plan.models import Goal, PlanPart
from painwise.plan.panels import row
from painwise.plan.pdf import plan_pdf

if TYPE_CHECKING:
    from painwise.core.types import User



def _add_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _part_rows(user: User) -> list[dict[str, Any]]:
    return [{"part": p, "when": services.schedule_words(p), "kind": kinds().get(p.kind, p.kind)}
            for p in services.parts_of(user=user)]


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = {
        "goals": Goal.objects.filter(user=request.user), "goal_form": GoalForm(), "rows": _part_rows(request.user),
        "kinds": kinds(), "today": [row(i) for i in services.today_items(user=request.user)],
        "reminders": services.reminder_settings(user=request.user),
        "has_feed": services.has_feed(user=request.user),
    }
    return render(request, "plan/index.html", context)


@login_required
@require_POST
def goal_add(request: AuthedRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.add_goal(user=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, gettext("Write the goal in your own words (up to 300 characters)."))
    return redirect("plan:index")


@login_required
@require_POST
def goal_delete(request: AuthedRequest, goal_id: int) -> HttpResponse:
    services.delete_goal(goal=get_goal_for_user(request.user, goal_id))
    return redirect("plan:index")


def _part_page(request: AuthedRequest, *, kind: str, part: PlanPart | None) -> HttpResponse:
    if kind not in kinds():
        raise Http404("No such kind of plan part.")
    offered = choices_for(user=request.user, kind=kind)
    initial: dict[str, Any] = {"schedule": "weekdays", "suggested_by": "self", "weekdays": list("0123456")}
    if part is not None:
        initial = {name: getattr(part, name) for name in services.PART_FIELDS if name not in ("kind",)}
        initial["weekdays"] = list(part.weekdays)
    elif request.GET.get("choice") in {c.value for c in offered}:
        initial["choice"] = request.GET["choice"]  # "schedule it in my plan" from a programme's page
    form = PartForm(request.POST or None, initial=initial, choices=[(c.value, c.label) for c in offered])
    if request.method == "POST" and form.is_valid():
        values = {**form.values(), "kind": kind}
        try:
            if part is None:
                services.add_part(user=request.user, values=values)
            else:
                services.update_part(part=part, values=values)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, gettext("Saved in your plan."))
            return redirect("plan:index")
    context = {"form": form, "kind": kind, "kind_label": kinds()[kind], "part": part, "empty": not offered}
    return render(request, "plan/part_form.html", context, status=422 if form.errors else 200)


@login_required
def part_new(request: AuthedRequest, kind: str) -> HttpResponse:
    return _part_page(request, kind=kind, part=None)


@login_required
def part_edit(request: AuthedRequest, part_id: int) -> HttpResponse:
    part = get_part_for_user(request.user, part_id)
    return _part_page(request, kind=part.kind, part=part)


@login_required
@require_POST
def part_delete(request: AuthedRequest, part_id: int) -> HttpResponse:
    services.delete_part(part=get_part_for_user(request.user, part_id))
    messages.success(request, gettext("Removed from your plan (its ticked days with it)."))
    return redirect("plan:index")


@login_required
@require_POST
def tick(request: AuthedRequest, part_id: int) -> HttpResponse:
    """One tap: done, partly done or skipped (with a reason). htmx gets the item back; without JS, a redirect."""
    part = get_part_for_user(request.user, part_id)
    form = TickForm(request.POST)
    problem = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        day = form.cleaned_data["day"] or local_today(request.user)
        try:
            services.record_tick(part=part, status="done" if status == "done_log" else status, day=day,
                                 reason=form.cleaned_data["reason"], log_dose=status == "done_log")
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    else:
        problem = gettext("Choose done, partly done or skipped.")
    if request.headers.get("HX-Request"):
        day = (form.cleaned_data.get("day") if form.is_valid() else None) or local_today(request.user)
        found = [i for i in services.plan_agenda(request.user, day, day) if services.part_id_of(i.key) == part.pk]
        if not found:
            return HttpResponse(problem or gettext("Not due that day."), status=422)
        return render(request, "plan/_item.html", {"row": row(found[0]), "problem": problem},
                      status=422 if problem else 200)
    if problem:
        messages.error(request, problem)
    return redirect("home" if request.POST.get("next") == "home" else "plan:index")


def _print_rows(user: User) -> list[dict[str, str]]:
    rows = []
    for part in services.parts_of(user=user):
        rows.append({"what": str(part.label), "when": services.schedule_words(part),
                     "suggested_by": part.get_suggested_by_display(), "dates": services.dates_words(part),
                     "note": str(part.note or "")})
    return rows


@login_required
def print_view(request: AuthedRequest) -> HttpResponse:
    context = {"goals": Goal.objects.filter(user=request.user), "rows": _print_rows(request.user),
               "today": local_today(request.user)}
    return render(request, "plan/print.html", context)


@login_required
def pdf(request: AuthedRequest) -> HttpResponse:
    content = plan_pdf(who=request.user.get_username(), today=local_today(request.user),
                       goals=[str(g) for g in Goal.objects.filter(user=request.user)], rows=_print_rows(request.user))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="painwise-plan.pdf"'
    return response


@login_required
def reminders(request: AuthedRequest) -> HttpResponse:
    current = services.reminder_settings(user=request.user)
    form = ReminderForm(request.POST or None, initial={
        "email": current.email, "remind_at": current.remind_at, "show_names": current.show_names})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reminder_settings(user=request.user, values=dict(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, gettext("Reminder settings saved."))
            return redirect("plan:index")
    from django.conf import settings

    context = {"form": form, "email_configured": getattr(settings, "EMAIL_CONFIGURED", False)}
    return render(request, "plan/reminders.html", context, status=422 if form.errors else 200)


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    """The calendar page: download, and the private feed URL (shown once, right after it is made)."""
    token = request.session.pop("plan_new_feed_token", "")
    feed_url = request.build_absolute_uri(reverse("plan:feed", args=[token])) if token else ""
    return render(request, "plan/calendar.html", {"has_feed": services.has_feed(user=request.user),
                                                  "feed_url": feed_url})


@login_required
@require_POST
def calendar_new(request: AuthedRequest) -> HttpResponse:
    request.session["plan_new_feed_token"] = services.new_feed_token(user=request.user)
    messages.success(request, gettext("A new private calendar address: the old one, if any, no longer works."))
    return redirect("plan:calendar")


@login_required
@require_POST
def calendar_revoke(request: AuthedRequest) -> HttpResponse:
    services.revoke_feed(user=request.user)
    messages.success(
        request, gettext("The calendar address no longer works. Remove the subscription from your calendar.")
    )
    return redirect("plan:calendar")


def _ics_response(content: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="painwise-plan.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_download(request: AuthedRequest) -> HttpResponse:
    return _ics_response(plan_calendar(user=request.user), download=True)


@never_cache
@require_GET
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The private feed: public by its secret token; an unknown, regenerated or revoked token is a bare 404."""
    user = services.user_for_feed_token(feed_token)
    if user is None:
        return HttpResponse("Not found.", status=404, content_type="text/plain")
    return _ics_response(plan_calendar(user=user), download=False)
