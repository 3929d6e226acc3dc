"""Report pages: make a report (web, print, PDF), keep questions, manage share links; and the share
link's own pages, which a clinician opens without an account."""

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
from django.views.decorators.http import require_POST

from painwise.core.types import AuthedRequest
from painwise.diary.services import has_checkins
from painwise.report import services
from painwise.report.access import get_share_for_user
from painwise.report.build import not_built_words
from painwise.report.document import FOOTER, ClinicianReport
from painwise.report.forms import PinForm, QuestionsForm, ReportForm, ShareForm
from painwise.report.models import ShareLink
from painwise.report.sections import DEFAULT_SECTIONS, SUMMARY

if TYPE_CHECKING:
    from painwise.core.types import User


def _add_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _initial(request: AuthedRequest) -> dict[str, Any]:
    start, end = services.default_period(user=request.user)
    return {"start": start, "end": end, "sections": [s for s in DEFAULT_SECTIONS if s != SUMMARY]}


def _report_from(request: AuthedRequest, form: ReportForm) -> ClinicianReport | None:
    """The report the valid form asks for, or None with the service's errors added to the form."""
    if not form.is_valid():
        return None
    try:
        return services.make_report(user=request.user, start=form.cleaned_data["start"],
                                    end=form.cleaned_data["end"], sections=form.cleaned_data["sections"])
    except ValidationError as exc:
        _add_errors(form, exc)
        return None


def _query(report: ClinicianReport) -> str:
    from urllib.parse import urlencode

    return urlencode([("start", report.start), ("end", report.end),
                      *[("sections", s.key) for s in report.sections if s.key != SUMMARY]])


@login_required
def report_page(request: AuthedRequest) -> HttpResponse:
    """The form, and below it the report (the same as the PDF) once a period is chosen."""
    form = ReportForm(request.GET) if "start" in request.GET else ReportForm(initial=_initial(request))
    report = _report_from(request, form) if form.is_bound else None
    query = _query(report) if report else ""
    context = {
        "form": form, "report": report, "query": query, "footer": FOOTER, "not_built": not_built_words(),
        "held_back": services.held_back_from(user=request.user, report=report) if report else [],
        "empty_diary": not has_checkins(user=request.user),
        "chart_url": reverse("report:chart") + "?" + query,
        "questions_form": QuestionsForm(initial={"questions": services.questions_of(request.user)}),
        "share_form": ShareForm(initial={**_initial(request), "expires_in_hours": 24 * 7}),
        "shares": [(link, services.share_state(link)) for link in services.shares_for(user=request.user)],
    }
    return render(request, "report/report.html", context)


@login_required
def report_pdf(request: AuthedRequest) -> HttpResponse:
    form = ReportForm(request.GET)
    report = _report_from(request, form)
    if report is None:
        return render(request, "report/report.html", {"form": form, "report": None}, status=422)
    data = services.report_pdf(user=request.user, report=report)
    services.record_report(user=request.user, report=report)
    return _pdf_response(data, report)


def _pdf_response(data: bytes, report: ClinicianReport) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="painwise-report-{report.start}-{report.end}.pdf"'
    return response


def _chart(request: HttpRequest, *, link_user: User, report: Any) -> bytes:
    """The chart named by ``?chart=`` ("pain" when absent); an unknown name is a 404."""
    try:
        return services.chart_svg(user=link_user, report=report, name=request.GET.get("chart", "pain"))
    except ValidationError:
        raise Http404 from None


@login_required
def report_chart(request: AuthedRequest) -> HttpResponse:
    report = _report_from(request, ReportForm(request.GET))
    if report is None:
        raise Http404
    return HttpResponse(_chart(request, link_user=request.user, report=report), content_type="image/svg+xml")


@login_required
@require_POST
def save_questions(request: AuthedRequest) -> HttpResponse:
    form = QuestionsForm(request.POST)
    if form.is_valid():
        services.save_questions(user=request.user, questions=form.cleaned_data["questions"])
        messages.success(request, gettext("Your questions are saved; they appear on the summary page."))
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("report:report")


@login_required
@require_POST
def create_share(request: AuthedRequest) -> HttpResponse:
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            link, token = services.create_share(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            url = request.build_absolute_uri(reverse("report:shared", args=[token]))
            return render(request, "report/share_created.html", {"link": link, "url": url})
    return render(request, "report/share_invalid.html", {"share_form": form}, status=422)


@login_required
@require_POST
def revoke_share(request: AuthedRequest, share_id: int) -> HttpResponse:
    services.revoke_share(link=get_share_for_user(request.user, share_id))
    messages.success(request, gettext("The link is revoked: it no longer opens anything."))
    return redirect(reverse("report:report") + "#shares")


# --- What a clinician opens ---------------------------------------------------------------------


def _address(request: HttpRequest) -> str | None:
    from painwise.audit.services import client_ip  # the one place that knows about a trusted proxy

    return client_ip(request)


def _unlocked(request: HttpRequest, link: ShareLink) -> bool:
    return not link.has_pin or request.session.get(f"share-{link.pk}") is True


def _live_link(token: str) -> ShareLink:
    link = services.active_share_for_token(token)
    if link is None:
        raise Http404("This link does not exist, has expired or was withdrawn.")
    return link


@never_cache
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only web version of the shared report, after the PIN if the link has one."""
    link = _live_link(token)
    if request.method == "POST":
        form = PinForm(request.POST)
        if form.is_valid() and services.try_pin(link=link, pin=form.cleaned_data["pin"]):
            request.session[f"share-{link.pk}"] = True
            return redirect("report:shared", token=token)
        if link.locked_at:
            raise Http404("This link does not exist, has expired or was withdrawn.")
        form.add_error("pin", gettext("That PIN is not right."))
        return render(request, "report/pin.html", {"form": form}, status=403)
    if not _unlocked(request, link):
        return render(request, "report/pin.html", {"form": PinForm()})
    services.log_opening(link=link, address=_address(request), what="page")
    report = services.shared_report(link=link)
    context = {"report": report, "footer": FOOTER, "not_built": not_built_words(), "token": token,
               "chart_url": reverse("report:shared_chart", args=[token]), "link": link}
    return render(request, "report/shared.html", context)


def _unlocked_link(request: HttpRequest, token: str) -> ShareLink:
    link = _live_link(token)
    if not _unlocked(request, link):
        raise Http404
    return link


@never_cache
def shared_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = _unlocked_link(request, token)
    services.log_opening(link=link, address=_address(request), what="pdf")
    report = services.shared_report(link=link)
    return _pdf_response(services.report_pdf(user=link.user, report=report), report)


@never_cache
def shared_fhir(request: HttpRequest, token: str) -> HttpResponse:
    link = _unlocked_link(request, token)
    services.log_opening(link=link, address=_address(request), what="fhir")
    response = HttpResponse(services.shared_fhir(link=link), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="painwise-{link.start}-{link.end}.fhir.json"'
    return response


@never_cache
def shared_chart(request: HttpRequest, token: str) -> HttpResponse:
    link = _unlocked_link(request, token)
    report = services.shared_report(link=link)
    return HttpResponse(_chart(request, link_user=link.user, report=report), content_type="image/svg+xml")
