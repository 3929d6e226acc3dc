"""Report routes: the report as JSON or PDF, the questions for the visit, and share links."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from painwise.core.types import AuthedRequest
from painwise.report import services
from painwise.report.access import get_share_for_user
from painwise.report.document import ClinicianReport, as_text
from painwise.report.models import ShareLink
from painwise.report.sections import SECTIONS

router = Router(tags=["report"])


class ReportIn(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    sections: list[str] | None = None


class QuestionsIn(Schema):
    questions: str = ""


class ShareIn(ReportIn):
    expires_in_hours: int = 24 * 7
    pin: str = ""
    label: str = ""


class OpeningOut(Schema):
    opened_at: dt.datetime
    address: str | None
    what: str


class ShareOut(Schema):
    id: int
    label: str
    start: dt.date
    end: dt.date
    sections: list[str]
    has_pin: bool
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    locked_at: dt.datetime | None
    failed_pin_attempts: int
    state: str
    openings: list[OpeningOut]


class ShareCreatedOut(ShareOut):
    url: str
    token: str


def _period(request: AuthedRequest, payload: ReportIn) -> tuple[dt.date | None, dt.date | None]:
    if payload.start is None and payload.end is None:
        return services.default_period(user=request.user)
    return payload.start, payload.end


def _report(request: AuthedRequest, payload: ReportIn) -> ClinicianReport:
    start, end = _period(request, payload)
    return services.make_report(user=request.user, start=start, end=end, sections=payload.sections)


@router.get("/reports/sections")
def list_sections(request: HttpRequest) -> list[dict[str, Any]]:
    """Every section a report can have, in report order; the summary is always included."""
    return [{"key": key, "title": title, "default": default} for key, (title, default) in SECTIONS.items()]


@router.post("/reports")
def make_report(request: AuthedRequest, payload: ReportIn) -> dict[str, Any]:
    """The report as data (sections of paragraphs, tables and charts) and as plain text.

    Without start and end: since the last report, or the last 90 days."""
    report = _report(request, payload)
    return {**dataclasses.asdict(report), "text": as_text(report)}


@router.post("/reports/pdf")
def report_pdf(request: AuthedRequest, payload: ReportIn) -> HttpResponse:
    """The report as an A4 PDF (application/pdf); remembered as the last report for the next default period."""
    report = _report(request, payload)
    data = services.report_pdf(user=request.user, report=report)
    services.record_report(user=request.user, report=report)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="painwise-report-{report.start}-{report.end}.pdf"'
    return response


@router.get("/reports/questions")
def get_questions(request: AuthedRequest) -> dict[str, str]:
    return {"questions": services.questions_of(request.user)}


@router.put("/reports/questions")
def put_questions(request: AuthedRequest, payload: QuestionsIn) -> dict[str, str]:
    """Replace the questions for the visit (at most 2,000 characters; stored encrypted)."""
    prefs = services.save_questions(user=request.user, questions=payload.questions)
    return {"questions": prefs.questions}


def _share_out(link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk, "label": link.label, "start": link.start, "end": link.end, "sections": link.sections,
        "has_pin": link.has_pin, "expires_at": link.expires_at, "revoked_at": link.revoked_at,
        "locked_at": link.locked_at, "failed_pin_attempts": link.failed_pin_attempts,
        "state": services.share_state(link),
        "openings": [{"opened_at": o.opened_at, "address": o.address, "what": o.what} for o in link.openings.all()],
    }


@router.get("/shares", response=list[ShareOut])
def list_shares(request: AuthedRequest) -> list[dict[str, Any]]:
    """The person's share links, newest first, with their state and every opening."""
    return [_share_out(link) for link in services.shares_for(user=request.user)]


@router.post("/shares", response={201: ShareCreatedOut})
def create_share(request: AuthedRequest, payload: ShareIn) -> Status[dict[str, Any]]:
    """A new share link; ``url`` and ``token`` are returned only now (only a hash is kept)."""
    start, end = _period(request, payload)
    link, token = services.create_share(
        user=request.user, start=start, end=end, sections=payload.sections,
        expires_in_hours=payload.expires_in_hours, pin=payload.pin, label=payload.label)
    url = request.build_absolute_uri(reverse("report:shared", args=[token]))
    return Status(201, {**_share_out(link), "url": url, "token": token})


@router.get("/shares/{share_id}", response=ShareOut)
def get_share(request: AuthedRequest, share_id: int) -> dict[str, Any]:
    return _share_out(get_share_for_user(request.user, share_id))


@router.post("/shares/{share_id}/revoke", response=ShareOut)
def revoke_share(request: AuthedRequest, share_id: int) -> dict[str, Any]:
    """Stop the link at once; it stays listed with its openings."""
    return _share_out(services.revoke_share(link=get_share_for_user(request.user, share_id)))
