from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from painwise.audit import services as audit
from painwise.core import limits
from painwise.core.i18n import translate
from painwise.core.types import AuthedRequest
from painwise.core.views import show_notices
from painwise.exchange import services
from painwise.exchange.formats import Problem
from painwise.exchange.forms import ImportForm

# How many problems the page lists before summing up the rest.
SHOWN_PROBLEMS = 100


def attachment(exported: services.StreamedExport) -> HttpResponseBase:
    """A download response, sent in pieces as the export is written when the format streams, else whole with its
    length (never cached: it holds the whole diary)."""
    response: HttpResponseBase
    if exported.whole is not None:
        response = HttpResponse(exported.whole, content_type=exported.content_type)
    else:
        response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
# The whole diary leaves the server: ask for the password again first (allauth ships no type hints).
@reauthentication_required  # type: ignore[untyped-decorator]
def download(request: AuthedRequest, fmt: str) -> HttpResponseBase:
    if fmt not in services.export_formats():
        raise Http404
    if not limits.consume(request, action="export", user=request.user):
        return limits.too_many_page(request)
    exported = services.stream_user(user=request.user, fmt=fmt)
    audit.record(user=request.user, event=audit.Event.EXPORT, request=request, details={"format": fmt})
    return attachment(exported)


@login_required
def data(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        if not limits.consume(request, action="import", user=request.user):
            return limits.too_many_page(request)
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_into(
                user=request.user, data=services.read_upload(upload), fmt=form.cleaned_data["format"]
            )
        except services.ImportTooLargeError as exc:
            reason = exc.problems[0].in_language(translate).reason
            form.add_error("file", reason[0].upper() + reason[1:] + ".")
            status = 413
        except services.ImportRejectedError as exc:
            problems = [problem.in_language(translate) for problem in exc.problems]
        else:
            audit.record(user=request.user, event=audit.Event.IMPORT, request=request,
                         details={"summary": str(summary)})
            messages.success(request, gettext("Imported %(summary)s.") % {"summary": summary})
            show_notices(request, summary.notices)
            return redirect("exchange:data")
    context = {
        "form": form,
        "formats": services.export_formats(),
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
    }
    if status == 200 and (problems or form.errors):
        status = 422
    return render(request, "exchange/data.html", context, status=status)
