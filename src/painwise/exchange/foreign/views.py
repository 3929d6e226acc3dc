"""Pages for bringing another app's export in: upload, preview (with choices), confirm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.audit import services as audit
from painwise.core import limits
from painwise.core.i18n import translate
from painwise.core.types import AuthedRequest
from painwise.core.views import show_notices
from painwise.exchange.foreign import services as foreign
from painwise.exchange.forms import ForeignImportForm
from painwise.exchange.services import ImportRejectedError

SHOWN_PROBLEMS = 100


def _problems_page(request: HttpRequest, form: ForeignImportForm, problems: list[Any]) -> HttpResponse:
    problems = [problem.in_language(translate) for problem in problems]
    context = {"form": form, "problems": problems[:SHOWN_PROBLEMS],
               "more_problems": max(0, len(problems) - SHOWN_PROBLEMS)}
    return render(request, "exchange/foreign.html", context, status=422)


@login_required
def upload(request: AuthedRequest) -> HttpResponse:
    """Choose the app and the file; a readable file leads to its preview."""
    form = ForeignImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 422 if request.method == "POST" else 200
        return render(request, "exchange/foreign.html", {"form": form}, status=status)
    if not limits.consume(request, action="import", user=request.user):
        return limits.too_many_page(request)
    fmt = form.cleaned_data["format"]
    try:
        with form.cleaned_data["file"].open("rb") as stream:
            if fmt == "bearable":
                rows = foreign.read_bearable(user=request.user, stream=stream)
                preview = foreign.bearable_preview(user=request.user, rows=rows, mapping={})
                token = foreign.seal(user=request.user, payload=foreign.rows_payload(rows))
                return _labels_page(request, "bearable", preview, token)
            if fmt == "managemypain":
                records = foreign.read_managemypain(user=request.user, stream=stream)
                mmp = foreign.managemypain_preview(user=request.user, records=records, mapping={})
                token = foreign.seal(user=request.user, payload=foreign.records_payload(records))
                return _labels_page(request, "managemypain", mmp, token)
            nights = foreign.read_sleep(user=request.user, stream=stream, fmt=fmt)
    except ImportRejectedError as exc:
        return _problems_page(request, form, exc.problems)
    token = foreign.seal(user=request.user, payload=foreign.nights_payload(nights))
    return _sleep_page(request, fmt, nights, token)


def _sleep_page(request: AuthedRequest, fmt: str, nights: list[Any], token: str) -> HttpResponse:
    plan = foreign.plan_sleep(user=request.user, nights=nights)
    context = {"fmt": fmt, "app": foreign.SLEEP_FORMATS[fmt], "plan": plan, "token": token}
    return render(request, "exchange/foreign_sleep.html", context)


def _labels_page(request: AuthedRequest, fmt: str,
                 preview: foreign.BearablePreview | foreign.ManageMyPainPreview,
                 token: str, problems: list[Any] | None = None, replace: set[dt.date] | None = None) -> HttpResponse:
    replace = replace or set()
    if problems is None:
        try:  # the import's own validation, so the preview never promises what Import would refuse
            foreign.check_preview(user=request.user, preview=preview, replace=replace)
        except ImportRejectedError as exc:
            problems = exc.problems
    labels = [(label, foreign.target_choices(label.category)) for label in preview.labels]
    plan = foreign.plan_labels(user=request.user, diary=preview.diary)
    overlaps = [(o, o.day in replace) for o in plan.overlaps]
    context = {"fmt": fmt, "app": foreign.LABEL_FORMATS[fmt], "preview": preview, "labels": labels, "token": token,
               "problems": [problem.in_language(translate) for problem in problems or []],
               "checkins": preview.diary.checkins[:14], "plan": plan, "overlaps": overlaps}
    return render(request, "exchange/foreign_bearable.html", context, status=422 if problems else 200)


@login_required
@require_POST
def confirm(request: AuthedRequest) -> HttpResponse:
    """Store the previewed import with the person's choices (or show the preview again for a new mapping)."""
    fmt = request.POST.get("format", "")
    try:
        payload = foreign.unseal(user=request.user, token=request.POST.get("token", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exchange:foreign")
    if fmt in foreign.SLEEP_FORMATS:
        return _confirm_sleep(request, fmt, payload)
    if fmt in foreign.LABEL_FORMATS:
        return _confirm_labels(request, fmt, payload)
    messages.error(request, gettext("Unknown format; please upload the file again."))
    return redirect("exchange:foreign")


def _chosen_days(request: AuthedRequest) -> set[dt.date]:
    """The days ticked "use the file's" (``replace``); a value that is no date is ignored."""
    days = set()
    for value in request.POST.getlist("replace"):
        try:
            days.add(dt.date.fromisoformat(value))
        except ValueError:
            continue
    return days


def _confirm_sleep(request: AuthedRequest, fmt: str, payload: Any) -> HttpResponse:
    nights = foreign.nights_from_payload(payload)
    replace = _chosen_days(request)
    try:
        summary = foreign.apply_sleep(user=request.user, nights=nights, replace=replace)
    except ImportRejectedError as exc:
        return _problems_page(request, ForeignImportForm(), exc.problems)
    audit.record(user=request.user, event=audit.Event.IMPORT, request=request,
                 details={"summary": str(summary), "format": fmt})
    messages.success(request, gettext("Imported %(summary)s.") % {"summary": summary})
    show_notices(request, summary.notices)
    return redirect("exchange:data")


def _preview(request: AuthedRequest, fmt: str, payload: Any,
             mapping: dict[str, str]) -> foreign.BearablePreview | foreign.ManageMyPainPreview:
    if fmt == "managemypain":
        records = foreign.records_from_payload(payload)
        return foreign.managemypain_preview(user=request.user, records=records, mapping=mapping)
    return foreign.bearable_preview(user=request.user, rows=foreign.rows_from_payload(payload), mapping=mapping)


def _confirm_labels(request: AuthedRequest, fmt: str, payload: Any) -> HttpResponse:
    mapping = {key.removeprefix("map:"): str(value) for key, value in request.POST.items() if key.startswith("map:")}
    token = request.POST.get("token", "")
    replace = _chosen_days(request)
    try:
        preview = _preview(request, fmt, payload, mapping)
    except ImportRejectedError as exc:
        return _labels_page(request, fmt, _preview(request, fmt, payload, {}), token, exc.problems, replace)
    if request.POST.get("action") != "import":
        return _labels_page(request, fmt, preview, token, replace=replace)
    try:
        summary = foreign.store_preview(user=request.user, preview=preview, replace=replace)
    except ImportRejectedError as exc:
        return _labels_page(request, fmt, preview, token, exc.problems, replace)
    audit.record(user=request.user, event=audit.Event.IMPORT, request=request,
                 details={"summary": str(summary), "format": fmt})
    messages.success(request, gettext("Imported %(summary)s.") % {"summary": summary})
    show_notices(request, summary.notices)
    return redirect("exchange:data")
