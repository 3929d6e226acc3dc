"""Questionnaire routes: instruments, responses (drafts and completed), due list and schedules."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.urls import reverse
from ninja import Router, Status

from painwise.accounts.services import profile_of
from painwise.core.fields import blind_lookup
from painwise.core.paging import paged
from painwise.core.types import AuthedRequest
from painwise.instruments import services
from painwise.instruments.access import get_response_for_user
from painwise.instruments.content_schema import Instrument
from painwise.instruments.models import QuestionnaireResponse, Schedule
from painwise.instruments.schemas import (
    AnswersIn,
    DueOut,
    InstrumentOut,
    InstrumentSummary,
    ResponseDetail,
    ResponseOut,
    ScheduleIn,
    ScheduleOut,
)
from painwise.safety.services import SafetyEvent, crisis_content, crisis_lines_for, support_for

router = Router(tags=["questionnaires"])


def _summary(instrument: Instrument) -> dict[str, Any]:
    low, high = instrument.total_range
    return {
        "id": instrument.id,
        "short_name": instrument.short_name,
        "name": instrument.name,
        "audience": instrument.audience,
        "recall_period": instrument.recall_period,
        "licence_verdict": instrument.licence.verdict,
        "licence_notice": instrument.licence.notice,
        "total_min": low,
        "total_max": high,
    }


def _crisis(event: SafetyEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    content = crisis_content()
    screen = content.screen
    unknown_country = crisis_lines_for(profile_of(event.user).country).is_fallback
    return {
        "event_id": event.pk,
        "title": screen.title,
        "reasons": screen.reasons_for(event.details.get("flags", [])),
        "ask_for_country": content.no_country.body if unknown_country else None,
        "body": screen.body,
        "clinician_prompt": screen.clinician_prompt,
        "region": event.details["region"],
        "lines": event.details["lines"],
        "acknowledge_url": reverse("api:acknowledge_event", args=[event.pk]),
    }


def _detail(row: QuestionnaireResponse, instrument: Instrument, crisis: SafetyEvent | None = None) -> dict[str, Any]:
    result = services.result_for(row, instrument) if row.status == row.Status.COMPLETED else None
    return {
        **{field: getattr(row, field) for field in ResponseOut.model_fields if field != "id"},
        "id": row.pk,
        "answers": row.answers,
        "score": asdict(result) if result else None,
        "crisis": _crisis(crisis),
        "ptsd_support": support_for(result, country=profile_of(row.user).country) if result else None,
    }


@router.get("/questionnaires", response=list[InstrumentSummary])
def list_instruments(request: AuthedRequest) -> list[dict[str, Any]]:
    """Instruments this person may fill in, each with the licence notice it must be shown with."""
    return [_summary(i) for i in services.available_instruments(user=request.user)]


@router.get("/questionnaires/due", response=list[DueOut])
def due(request: AuthedRequest) -> list[dict[str, Any]]:
    """Questionnaires due today or overdue, most overdue first."""
    return [
        {
            "instrument": d.instrument.id,
            "short_name": d.instrument.short_name,
            "next_due": d.schedule.next_due,
            "days_overdue": d.days_overdue,
        }
        for d in services.due(user=request.user)
    ]


@router.get("/questionnaires/schedules", response=list[ScheduleOut])
def list_schedules(request: AuthedRequest) -> list[Schedule]:
    return services.schedules_for(user=request.user)


@router.put("/questionnaires/schedules/{instrument_id}", response=ScheduleOut)
def put_schedule(request: AuthedRequest, instrument_id: str, payload: ScheduleIn) -> Schedule:
    """Set how often (days) an instrument is asked, or switch it off with ``enabled: false``."""
    instrument = services.instrument_for(user=request.user, instrument_id=instrument_id)
    return services.update_schedule(user=request.user, instrument=instrument, **payload.model_dump())


@router.get("/questionnaires/responses", response=list[ResponseOut])
@paged
def list_responses(request: AuthedRequest, instrument: str | None = None) -> Any:
    """The person's questionnaire responses, at most 100 per page (``limit``, ``offset``), with the ``count``."""
    rows = QuestionnaireResponse.objects.filter(user=request.user)
    if not instrument:
        return rows
    return rows.filter(**blind_lookup(QuestionnaireResponse, request.user, instrument=instrument))


@router.get("/questionnaires/responses/{int:response_id}", response=ResponseDetail)
def get_response(request: AuthedRequest, response_id: int) -> dict[str, Any]:
    row = get_response_for_user(request.user, response_id)
    return _detail(row, services.instrument_for(user=request.user, instrument_id=row.instrument))


@router.patch("/questionnaires/responses/{int:response_id}", response=ResponseDetail)
def continue_draft(request: AuthedRequest, response_id: int, payload: AnswersIn) -> dict[str, Any]:
    """Replace a draft's answers; with ``draft: false`` it is completed and scored."""
    row = get_response_for_user(request.user, response_id)
    instrument = services.instrument_for(user=request.user, instrument_id=row.instrument)
    saved = services.save_response(
        user=request.user, instrument=instrument, answers=payload.answers, draft=payload.draft, response=row
    )
    return _detail(saved.response, instrument, saved.crisis)


@router.post("/questionnaires/{instrument_id}/responses", response={201: ResponseDetail})
def create_response(request: AuthedRequest, instrument_id: str, payload: AnswersIn) -> Status[dict[str, Any]]:
    """Save answers. A positive or missing PHQ-9 item 9 returns ``crisis`` with the lines to show at once."""
    instrument = services.instrument_for(user=request.user, instrument_id=instrument_id)
    saved = services.save_response(
        user=request.user, instrument=instrument, answers=payload.answers, draft=payload.draft
    )
    return Status(201, _detail(saved.response, instrument, saved.crisis))


@router.get("/questionnaires/{instrument_id}", response=InstrumentOut)
def get_instrument(request: AuthedRequest, instrument_id: str) -> dict[str, Any]:
    """One instrument with its exact wording, answer labels and weights."""
    instrument = services.instrument_for(user=request.user, instrument_id=instrument_id)
    items = [
        {
            "id": i.id,
            "text": i.text,
            "scored": i.scored,
            "options": [o.model_dump(exclude={"loinc"}) for o in i.options],
        }
        for i in instrument.items
    ]
    return {**_summary(instrument), "preamble": instrument.preamble, "items": items}
