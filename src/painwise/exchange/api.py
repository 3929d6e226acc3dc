"""Export and import through the API: GET /api/v1/export?format=..., POST /api/v1/import (multipart)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from painwise.accounts.access import require_recent_confirmation
from painwise.audit import services as audit
from painwise.core import limits
from painwise.core.schemas import NoticeOut
from painwise.exchange import services
from painwise.exchange.formats import Problem
from painwise.exchange.views import attachment

router = Router(tags=["exchange"])


class ProblemOut(Schema):
    loc: list[str]
    where: str
    field: str
    msg: str


class RejectedOut(Schema):
    detail: list[ProblemOut]


class ImportOut(Schema):
    imported: dict[str, int]
    notices: list[NoticeOut]


def problem_out(problem: Problem) -> dict[str, object]:
    loc = ["file", problem.where, *([problem.field] if problem.field else [])]
    return {"loc": loc, "where": problem.where, "field": problem.field, "msg": problem.reason}


@router.get("/export", summary="Download all of my data", response={422: RejectedOut})
def export(request: HttpRequest, format: str = "json") -> HttpResponse:
    """The person's whole diary as a file in ``format`` (json, csv or any registered format).

    Needs a personal API token (any scope) or a browser session whose password was confirmed in the
    last 5 minutes (403 otherwise)."""
    require_recent_confirmation(request)
    limits.require(request, action="export", user=request.auth)  # type: ignore[attr-defined]
    try:
        exported = services.export_user(user=request.auth, fmt=format)  # type: ignore[attr-defined]
    except ValidationError as exc:
        msg = " ".join(exc.messages)
        return JsonResponse({"detail": [{"loc": ["query", "format"], "where": "query", "field": "format",
                                         "msg": msg}]}, status=422)
    audit.record(user=request.auth, event=audit.Event.EXPORT, request=request,  # type: ignore[attr-defined]
                 details={"format": format})
    return attachment(exported)


@router.post("/import", summary="Add a diary file to my data",
             response={200: ImportOut, 413: RejectedOut, 422: RejectedOut})
def import_file(
    request: HttpRequest, file: File[UploadedFile], format: Form[str] = "auto",
) -> Status[dict[str, object]]:
    """Store every record of a Painwise JSON or CSV file, or nothing (422 lists each problem; 413 too large)."""
    limits.require(request, action="import", user=request.auth)  # type: ignore[attr-defined]
    try:
        summary = services.import_into(user=request.auth, data=services.read_upload(file), fmt=format)  # type: ignore[attr-defined]
    except services.ImportRejectedError as exc:
        status = 413 if isinstance(exc, services.ImportTooLargeError) else 422
        return Status(status, {"detail": [problem_out(p) for p in exc.problems]})
    audit.record(user=request.auth, event=audit.Event.IMPORT, request=request,  # type: ignore[attr-defined]
                 details={"summary": str(summary)})
    notices = [n.as_dict() for n in summary.notices]
    return Status(200, {"imported": summary.counts, "notices": notices})
