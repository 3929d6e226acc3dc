"""Substance pages: my medicines and interactions, the kratom pattern, the withdrawal check, legal position."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.core.charts import chart_size
from painwise.core.forms import apply_errors
from painwise.core.types import AuthedRequest
from painwise.core.views import show_notices
from painwise.plan import services as plan_services
from painwise.substances import interactions, services
from painwise.substances.access import get_withdrawal_check_for_user
from painwise.substances.dependence import describe
from painwise.substances.drugs import catalog, class_label, reading_of_keys, search_drugs
from painwise.substances.forms import AddMedicationForm, DrugSearchForm, LegalLookupForm, WithdrawalCheckForm
from painwise.substances.legal import LegalPosition, is_stale, status_label, table
from painwise.substances.withdrawal import content
from painwise.therapies import services as therapy_services


def _search_context(request: HttpRequest) -> dict[str, object]:
    form = DrugSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = [
        {"match": hit, "labels": sorted(class_label(key) for key in hit.classes)}
        for hit in (search_drugs(query) if query else [])
    ]
    return {"search_form": form, "query": query, "results": results}


def _add_form(request: HttpRequest) -> AddMedicationForm:
    if request.method == "POST":
        return AddMedicationForm(request.POST)
    picked = reading_of_keys(request.GET.get("add", ""))
    initial = {"name": picked.text, "drug_key": services.STORED_KEY_SEPARATOR.join(picked.keys)} if picked else {}
    return AddMedicationForm(initial=initial)


def _legal_rows(position: LegalPosition) -> list[dict[str, object]]:
    today, stale_notice = dt.date.today(), table().stale_notice
    return [
        {"entry": e, "status": status_label(e.status), "stale": stale_notice if is_stale(e, today=today) else ""}
        for e in position.entries
    ]


@login_required
def interactions_page(request: AuthedRequest) -> HttpResponse:
    """The person's list with checked / not-checked flags, every current warning, search and add."""
    form = _add_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = therapy_services.add_medication(user=request.user, values=form.values())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Added %(obj)s to your list.") % {"obj": saved.obj})
            show_notices(request, saved.notices)
            return redirect("substances:interactions")
    context = {
        "add_form": form,
        "listed": services.listed_medications(user=request.user),
        "warnings": services.interaction_warnings(user=request.user),
        "table": interactions.table(),
        "notice": catalog().notice,
        **_search_context(request),
    }
    return render(request, "substances/interactions.html", context, status=422 if form.errors else 200)


@login_required
def drug_search(request: HttpRequest) -> HttpResponse:
    """Search results as a fragment (htmx) for the interactions page; works as a plain page too."""
    return render(request, "substances/_drug_results.html", _search_context(request))


@login_required
def kratom(request: AuthedRequest) -> HttpResponse:
    """The kratom pattern: totals, chart, dependence signals shown kindly, support and the legal position."""
    pattern = services.kratom_pattern(user=request.user)
    signals = [{"signal": s, "detail": describe(s)} for s in pattern.signals]
    position = services.legal_position_for(user=request.user)
    context = {"pattern": pattern, "signals": signals, "position": position, "legal": _legal_rows(position),
               "support": plan_services.support_parts(user=request.user)}
    return render(request, "substances/kratom.html", context)


@login_required
def kratom_chart(request: AuthedRequest) -> HttpResponse:
    svg = services.kratom_chart_svg(pattern=services.kratom_pattern(user=request.user),
                                    size=chart_size(request.GET.get("size")))
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def withdrawal_check(request: AuthedRequest) -> HttpResponse:
    """Fill in the withdrawal-symptom check; saved checks feed the trend on the kratom page."""
    form = WithdrawalCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.record_withdrawal_check(user=request.user, answers=form.answers())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("Saved your check: %(total)s of %(max_total)s points.")
                % {"total": check.total, "max_total": content().check.max_total},
            )
            return redirect("substances:kratom")
    context = {"form": form, "check": content().check, "history": request.user.withdrawal_checks.all()[:20]}
    return render(request, "substances/withdrawal_check.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def withdrawal_check_delete(request: AuthedRequest, check_id: int) -> HttpResponse:
    check = get_withdrawal_check_for_user(request.user, check_id)
    services.delete_withdrawal_check(check=check)
    messages.success(request, gettext("Deleted that check."))
    return redirect("substances:withdrawal_check")


@login_required
def legal_status(request: AuthedRequest) -> HttpResponse:
    """Kratom's legal position where the person lives, or for a place they choose."""
    form = LegalLookupForm(request.GET or None)
    country = form.cleaned_data["country"] if form.is_valid() else ""
    region = form.cleaned_data["region"] if form.is_valid() else ""
    position = services.legal_position_for(user=request.user, country=country, region=region)
    context = {"form": form, "position": position, "legal": _legal_rows(position)}
    return render(request, "substances/legal.html", context)
