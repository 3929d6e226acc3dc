"""Substance routes: interaction warnings, drug search, the kratom pattern, withdrawal checks, legal position.

Routes that read a person's data answer only for that person; another person's withdrawal check is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from painwise.core.types import AuthedRequest
from painwise.substances import services
from painwise.substances.access import get_withdrawal_check_for_user
from painwise.substances.dependence import describe
from painwise.substances.drugs import class_label, search_drugs
from painwise.substances.legal import is_stale
from painwise.substances.models import WithdrawalCheck
from painwise.therapies.access import get_medication_for_user

router = Router(tags=["substances"])


class SourceOut(Schema):
    citation: str
    doi: str | None = None
    url: str | None = None
    guideline: str | None = None


class PairOut(Schema):
    items: list[str]
    drug_keys: list[str]


class WarningOut(Schema):
    severity: str
    title: str
    items: list[str]
    drug_keys: list[str]
    pairs: list[PairOut]
    mechanism: str
    what_to_do: str
    talk_to_clinician: str
    rule_id: str
    case_reports: list[str]
    sources: list[SourceOut]


class InteractionsOut(Schema):
    warnings: list[WarningOut]
    serious: int
    not_checked: list[str]
    limits: str
    recent_log_days: int


class DrugOut(Schema):
    key: str
    name: str
    matched_name: str
    classes: list[str]
    ingredients: list[str]


class TotalOut(Schema):
    start: dt.date
    grams: float
    milligrams: float
    doses: int
    use_days: int


class SignalOut(Schema):
    key: str
    title: str
    explanation: str
    detail: str
    figures: dict[str, float]


class KratomOut(Schema):
    today: dt.date
    daily: list[TotalOut]
    weekly: list[TotalOut]
    signals: list[SignalOut]
    talk_to_clinician: str


class CheckIn(Schema):
    answers: dict[str, int]
    day: dt.date | None = None


class CheckOut(Schema):
    id: int
    day: dt.date
    total: int
    answers: dict[str, int]


class LegalEntryOut(Schema):
    code: str
    name: str
    status: str
    summary: str
    checked: dt.date
    stale: bool
    verify: bool
    sources: list[SourceOut]


class LegalOut(Schema):
    entries: list[LegalEntryOut]
    notice: str
    gap: str


@router.get("/interactions", response=InteractionsOut)
def list_interactions(request: AuthedRequest) -> dict[str, Any]:
    """Every warning for the person's active medications and recent kratom/alcohol logs, serious first."""
    return services.interactions_report(services.interaction_warnings(user=request.user))


@router.get("/medications/{int:medication_id}/interactions", response=InteractionsOut)
def medication_interactions(request: AuthedRequest, medication_id: int) -> dict[str, Any]:
    """The warnings that involve one of the person's medications (404 for anyone else's)."""
    medication = get_medication_for_user(request.user, medication_id)
    reading = services.reading_of(medication)
    warnings = services.interaction_warnings(user=request.user)
    chosen = [*services.involving(warnings, reading.keys), *services.unchecked_for(warnings, medication.name)]
    return services.interactions_report(chosen)


@router.get("/drugs", response=list[DrugOut])
def find_drugs(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    """Search the drug list by name, brand or kind of drug; combination products list their ingredients."""
    return [
        {
            "key": m.key,
            "name": m.name,
            "matched_name": m.matched_name,
            "classes": sorted(class_label(c) for c in m.classes),
            "ingredients": list(m.ingredients),
        }
        for m in search_drugs(q)
    ]


@router.get("/substances/kratom", response=KratomOut)
def kratom_pattern(request: AuthedRequest) -> dict[str, Any]:
    """Daily (28 days) and weekly (12 weeks) kratom totals, in g for leaf and mg for extracts, and signals."""
    pattern = services.kratom_pattern(user=request.user)
    return {
        "today": pattern.today,
        "daily": pattern.daily,
        "weekly": pattern.weekly,
        "signals": [
            {"key": s.key, "title": s.title, "explanation": s.explanation, "detail": describe(s), "figures": s.figures}
            for s in pattern.signals
        ],
        "talk_to_clinician": pattern.talk_to_clinician,
    }


@router.get("/substances/withdrawal-checks", response=list[CheckOut])
def list_checks(request: AuthedRequest) -> Any:
    """The person's withdrawal-symptom checks, latest first."""
    return WithdrawalCheck.objects.filter(user=request.user)


@router.post("/substances/withdrawal-checks", response={201: CheckOut})
def create_check(request: AuthedRequest, payload: CheckIn) -> Status[WithdrawalCheck]:
    """Save a check: one answer (0-3 points) per symptom key; 422 naming the problem otherwise."""
    check = services.record_withdrawal_check(user=request.user, answers=payload.answers, day=payload.day)
    return Status(201, check)


@router.delete("/substances/withdrawal-checks/{int:check_id}", response={204: None})
def delete_check(request: AuthedRequest, check_id: int) -> Status[None]:
    services.delete_withdrawal_check(check=get_withdrawal_check_for_user(request.user, check_id))
    return Status(204, None)


@router.get("/substances/legal", response=LegalOut)
def legal_position(request: AuthedRequest, country: str = "", region: str = "") -> dict[str, Any]:
    """Kratom's legal position for the person's country and region (or the ones given), with the notice."""
    position = services.legal_position_for(user=request.user, country=country, region=region)
    return {
        "entries": [
            {
                **e.model_dump(include={"code", "name", "status", "summary", "verify", "sources"}),
                "checked": e.review_date,
                "stale": is_stale(e, today=dt.date.today()),
            }
            for e in position.entries
        ],
        "notice": position.notice,
        "gap": position.gap,
    }
