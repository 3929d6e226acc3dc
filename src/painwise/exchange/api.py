"""Export and import through the API: GET /api/v1/export?format=..., POST /api/v1/import (multipart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from painwise.accounts.access import require_recent_confirmation
from painwise.audit import services as audit
from painwise.core import limits
from painwise.core.schemas import NoticeOut
from painwise.exchange import services
from painwise.exchange.formats import Problem
from painwise.exchange.views import attachment

if TYPE_CHECKING:
    from painwise.core.types import User

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
def export(request: HttpRequest, format: str = "json") -> HttpResponseBase:
    """The person's whole diary as a file in ``format`` (json, csv or any registered format).

    Needs a personal API token (any scope) or a browser session whose password was confirmed in the
    last 5 minutes (403 otherwise)."""
    require_recent_confirmation(request)
    limits.require(request, action="export", user=request.auth)  # type: ignore[attr-defined]
    try:
        exported = services.stream_user(user=request.auth, fmt=format)  # type: ignore[attr-defined]
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


class ForeignImportOut(Schema):
    format: str
    dry_run: bool
    summary: str
    imported: dict[str, int]
    labels: dict[str, str]
    notices: list[NoticeOut]


@router.post("/import/foreign", summary="Add another app's export to my data",
             response={200: ForeignImportOut, 422: RejectedOut})
def import_foreign(
    request: HttpRequest, file: File[UploadedFile], format: Form[str], mapping: Form[str] = "",
    replace_sleep: Form[bool] = False, replace_days: Form[bool] = False, dry_run: Form[bool] = False,
) -> Status[dict[str, object]]:
    """Import sleep (apple-health, fitbit, health-connect), a Bearable CSV (bearable) or a Manage My Pain
    CSV/XLSX (managemypain), all or nothing.

    ``mapping`` (Bearable, Manage My Pain): a JSON object of "Category:label" -> target; labels left out take the
    suggestion shown in ``labels``. ``replace_sleep``: the file's sleep wins over the diary's. ``replace_days``
    (Bearable, Manage My Pain): on days that already have a check-in the file's values win; by default the
    diary's are kept and the file fills only the fields left empty (``imported``: ``updated``, ``kept``).
    Flares and therapy entries already in the diary are not added again (``duplicate``).
    ``dry_run``: say what would be imported, store nothing. 422 lists each problem."""
    user = request.auth  # type: ignore[attr-defined]
    limits.require(request, action="import", user=user)
    try:
        with file.open("rb") as stream:
            result = _foreign(user, stream, format, mapping, replace_sleep=replace_sleep,
                              replace_days=replace_days, dry_run=dry_run)
    except services.ImportRejectedError as exc:
        return Status(422, {"detail": [problem_out(p) for p in exc.problems]})
    except ValidationError as exc:
        return Status(422, {"detail": [{"loc": ["form", "mapping"], "where": "form", "field": "mapping",
                                        "msg": " ".join(exc.messages)}]})
    if not dry_run:
        audit.record(user=user, event=audit.Event.IMPORT, request=request,
                     details={"summary": result["summary"], "format": format})
    return Status(200, {"format": format, "dry_run": dry_run, **result})


def _foreign(user: User, stream: object, fmt: str, mapping: str, *, replace_sleep: bool, replace_days: bool,
             dry_run: bool) -> dict[str, object]:
    from painwise.exchange.foreign import services as foreign

    if fmt in foreign.SLEEP_FORMATS:
        nights = foreign.read_sleep(user=user, stream=stream, fmt=fmt)  # type: ignore[arg-type]
        if dry_run:
            plan = foreign.plan_sleep(user=user, nights=nights)
            foreign.check_sleep(user=user, plan=plan)
            replaced = len(plan.conflicts) if replace_sleep else 0
            counts = {"checkin": len(plan.new), "updated": len(plan.fill) + replaced,
                      "kept": len(plan.conflicts) - replaced}
            return {"summary": f"{len(nights)} nights", "imported": counts, "labels": {}, "notices": []}
        summary = foreign.apply_sleep(user=user, nights=nights, replace=replace_sleep)
        return {"summary": str(summary), "imported": summary.counts(), "labels": {},
                "notices": [n.as_dict() for n in summary.notices]}
    if fmt not in foreign.LABEL_FORMATS:
        choices = ", ".join(foreign.FOREIGN_FORMATS)
        reason = gettext("%(format)r is not one of %(formats)s") % {"format": fmt, "formats": choices}
        raise services.ImportRejectedError([Problem("format", "", reason)])
    chosen = foreign.read_mapping(mapping) if mapping else {}
    preview = foreign.preview_labels(user=user, fmt=fmt, stream=stream, mapping=chosen)  # type: ignore[arg-type]
    if dry_run:
        # The import's own validation: a dry run fails as it would.
        counts = foreign.check_preview(user=user, preview=preview, replace=replace_days)
        kinds = ("checkin", "episode", "entry", "factor", "medication", "updated", "kept", "duplicate")
        return {"summary": preview.describe(), "imported": {kind: counts.get(kind, 0) for kind in kinds},
                "labels": preview.mapping, "notices": []}
    stored = foreign.store_preview(user=user, preview=preview, replace=replace_days)
    return {"summary": str(stored), "imported": stored.counts, "labels": preview.mapping,
            "notices": [n.as_dict() for n in stored.notices]}
