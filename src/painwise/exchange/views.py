from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from painwise.core.views import show_notices
from painwise.exchange import services
from painwise.exchange.formats import Problem
from painwise.exchange.forms import ImportForm

# How many problems the page lists before summing up the rest.
SHOWN_PROBLEMS = 100


def attachment(exported: services.Exported) -> HttpResponse:
    """A download response for an export (never cached: it holds the person's whole diary)."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in services.export_formats():
        raise Http404
    return attachment(services.export_user(user=request.user, fmt=fmt))


@login_required
def data(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_into(
                user=request.user, data=services.read_upload(upload), fmt=form.cleaned_data["format"]
            )
        except services.ImportRejectedError as exc:
            problems = exc.problems
        else:
            messages.success(request, f"Imported {summary}.")
            show_notices(request, summary.notices)
            return redirect("exchange:data")
    context = {
        "form": form,
        "formats": services.export_formats(),
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
    }
    return render(request, "exchange/data.html", context, status=422 if problems or form.errors else 200)
