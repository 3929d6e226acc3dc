"""The ``fhir`` exporter: a person's questionnaires, daily pain ratings and medication list as a FHIR R4 Bundle."""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from django.conf import settings

from painwise.core.fields import blind_lookup
from painwise.diary.services import pain_checkins
from painwise.instruments.fhir import DailyPainRow, MedicationRow, ResponseRow, build_bundle, bundle_json
from painwise.instruments.installed import all_instruments
from painwise.instruments.models import QuestionnaireResponse

if TYPE_CHECKING:
    from painwise.core.types import User


CONTENT_TYPE = "application/fhir+json"
# The check-in field sent as each day's pain rating (its declared range is LOINC 72514-3's, fhir.DAILY_PAIN_RANGE).
DAILY_PAIN_FIELD = "pain_average"


def patient_key(user: User) -> str:
    """A stable key for the person that reveals neither their id nor their name outside this server."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"patient:{user.pk}".encode(), hashlib.sha256)
    return digest.hexdigest()


def response_rows(user: User) -> list[ResponseRow]:
    instruments = all_instruments()
    rows = QuestionnaireResponse.objects.filter(
        user=user, **blind_lookup(QuestionnaireResponse, user, instrument__in=list(instruments))
    ).order_by("created_at")
    return [
        ResponseRow(
            id=str(row.pk),
            instrument=row.instrument,
            authored=row.completed_at or row.updated_at,
            answers=row.answers,
            total=row.total,
            band=row.band or None,
            status="completed" if row.status == QuestionnaireResponse.Status.COMPLETED else "in-progress",
        )
        for row in rows
    ]


def daily_pain_rows(user: User) -> list[DailyPainRow]:
    """Each check-in's average pain (DAILY_PAIN_FIELD, 0–10 points) as one daily rating."""
    return [DailyPainRow(id=str(c.pk), day=c.day, pain=float(getattr(c, DAILY_PAIN_FIELD)))
            for c in pain_checkins(user=user)]


def medication_rows(user: User) -> list[MedicationRow]:
    """The person's medication list, as they wrote it."""
    from painwise.therapies.services import medications_of

    return [
        MedicationRow(id=str(m.pk), name=m.name, active=m.active, asserted=m.created_at, strength=m.strength,
                      dose=m.dose, unit=m.unit, schedule=m.schedule, reason=m.reason)
        for m in medications_of(user=user)
    ]


def export_fhir(user: User) -> tuple[bytes, str, str]:
    """The person's FHIR Bundle as ``(bytes, content type, file extension)`` for the exporter registry."""
    bundle = build_bundle(
        patient_key=patient_key(user),
        instruments=all_instruments(),
        responses=response_rows(user),
        daily_pain=daily_pain_rows(user),
        medications=medication_rows(user),
    )
    return bundle_json(bundle).encode("utf-8"), CONTENT_TYPE, "json"
