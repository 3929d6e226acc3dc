"""Build a FHIR R4 Bundle from plain rows: Questionnaires, QuestionnaireResponses, score Observations,
daily pain Observations and a MedicationStatement per medication on the person's list. Pure; no
Django. Validated through ``fhir.resources.R4B`` models, whose
Questionnaire, QuestionnaireResponse and Observation elements are identical to R4 (research brief §5).

Only LOINC codes marked ``verified`` in the content files are emitted; other scores get a Painwise code.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fhir.resources.R4B.bundle import Bundle

from painwise.instruments.content_schema import Instrument, Item, Loinc, Option

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CALCULATED_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
DAILY_PAIN_CODE = "72514-3"
# LOINC 72514-3 is a 0–10 rating: the check-in field the exporter sends must be declared on this range
# (painwise.diary.records; a test checks it).
DAILY_PAIN_RANGE: tuple[float, float] = (0, 10)
DEFAULT_BASE = "urn:painwise"
TOTAL_LINK_ID = "total"


@dataclass(frozen=True)
class ResponseRow:
    """One questionnaire response: answers are option weights by item id; ``total`` None for drafts."""

    id: str
    instrument: str
    authored: dt.datetime
    answers: Mapping[str, int | None]
    total: float | None
    band: str | None = None
    status: Literal["completed", "in-progress"] = "completed"


@dataclass(frozen=True)
class DailyPainRow:
    """One day's pain rating, 0–10 points on the numeric rating scale."""

    id: str
    day: dt.date
    pain: float


@dataclass(frozen=True)
class MedicationRow:
    """One medication on the person's own list, as they wrote it (no drug coding is claimed)."""

    id: str
    name: str
    active: bool
    asserted: dt.datetime
    strength: str = ""
    dose: float | None = None
    unit: str = ""
    schedule: str = ""
    reason: str = ""


def _uuid(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'painwise:{kind}:{key}')}"


def _coding(code: Loinc) -> dict[str, Any]:
    coding = {"system": LOINC, "code": code.code}
    if code.display:
        coding["display"] = code.display
    return coding


def _verified(code: Loinc | None) -> Loinc | None:
    return code if code is not None and code.verified else None


def _option_coding(instrument: Instrument, item: Item, option: Option, base: str) -> dict[str, Any]:
    code = _verified(option.loinc)
    if code:
        return {"system": LOINC, "code": code.code, "display": option.label}
    system = f"{base}:CodeSystem:{instrument.id}"
    return {"system": system, "code": f"{item.id}.{option.value}", "display": option.label}


def questionnaire_url(instrument: Instrument, base: str = DEFAULT_BASE) -> str:
    """The canonical URL of an instrument's Questionnaire."""
    return f"{base}:Questionnaire:{instrument.id}"


def total_expression(instrument: Instrument) -> str:
    """FHIRPath for the total: the ordinal values of the answers to the scored items, summed or averaged."""
    ids = " | ".join(f"'{item.id}'" for item in instrument.scored_items)
    summed = f"%resource.item.where(linkId in ({ids})).answer.value.ordinal().sum()"
    if instrument.scoring.method == "mean":
        return f"({summed}) / {len(instrument.scored_items)}"
    return summed


def questionnaire(instrument: Instrument, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """A Questionnaire resource (as a dict) with answer weights as ``ordinalValue`` and a calculated total."""
    panel = _verified(instrument.loinc.panel)
    total = _verified(instrument.loinc.total)
    items = [_questionnaire_item(instrument, item, base) for item in instrument.items]
    total_item: dict[str, Any] = {
        "linkId": TOTAL_LINK_ID,
        "text": f"{instrument.short_name} total score",
        "type": "decimal" if instrument.scoring.method == "mean" else "integer",
        "readOnly": True,
        "extension": [
            {
                "url": CALCULATED_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": total_expression(instrument)},
            }
        ],
    }
    if total:
        total_item["code"] = [_coding(total)]
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "url": questionnaire_url(instrument, base),
        "version": instrument.version,
        "name": "".join(ch for ch in instrument.short_name if ch.isalnum()),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "copyright": instrument.licence.notice,
        "description": f"{instrument.recall_period}. {instrument.preamble}",
        "item": [*items, total_item],
    }
    if panel:
        resource["code"] = [_coding(panel)]
    return resource


def _questionnaire_item(instrument: Instrument, item: Item, base: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "linkId": item.id,
        "text": item.text,
        "type": "choice",
        "required": item.scored and instrument.gate is None,
        "answerOption": [
            {
                "valueCoding": _option_coding(instrument, item, option, base),
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
            }
            for option in item.options
        ],
    }
    code = _verified(item.loinc)
    if code:
        element["code"] = [_coding(code)]
    return element


def questionnaire_response(
    instrument: Instrument, row: ResponseRow, *, patient_ref: str, base: str = DEFAULT_BASE
) -> dict[str, Any]:
    """A QuestionnaireResponse (dict): one item per answered question, plus the total when there is one."""
    items = []
    for item in instrument.items:
        value = row.answers.get(item.id)
        if value is None:
            continue
        option = next(option for option in item.options if option.value == value)
        coding = _option_coding(instrument, item, option, base)
        items.append({"linkId": item.id, "text": item.text, "answer": [{"valueCoding": coding}]})
    if row.total is not None:
        key = "valueDecimal" if instrument.scoring.method == "mean" else "valueInteger"
        number: float | int = row.total if key == "valueDecimal" else round(row.total)
        items.append({"linkId": TOTAL_LINK_ID, "answer": [{key: number}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire_url(instrument, base)}|{instrument.version}",
        "status": row.status,
        "subject": {"reference": patient_ref},
        "author": {"reference": patient_ref},
        "authored": row.authored.isoformat(),
        "item": items,
    }


def score_observation(
    instrument: Instrument, row: ResponseRow, *, patient_ref: str, response_ref: str, base: str = DEFAULT_BASE
) -> dict[str, Any]:
    """A total-score Observation, LOINC-coded where a verified code exists, derived from the response."""
    total = _verified(instrument.loinc.total)
    coding = _coding(total) if total else {"system": f"{base}:CodeSystem:scores", "code": f"{instrument.id}-total"}
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [coding], "text": f"{instrument.short_name} total score"},
        "subject": {"reference": patient_ref},
        "performer": [{"reference": patient_ref}],
        "effectiveDateTime": row.authored.isoformat(),
        "valueQuantity": {"value": row.total, "unit": "{score}", "system": UCUM, "code": "{score}"},
        "derivedFrom": [{"reference": response_ref}],
    }
    if row.band:
        observation["interpretation"] = [{"text": row.band}]
    return observation


def daily_pain_observation(row: DailyPainRow, *, patient_ref: str) -> dict[str, Any]:
    """An Observation of one day's 0–10 pain rating, coded LOINC 72514-3."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {
            "coding": [
                {
                    "system": LOINC,
                    "code": DAILY_PAIN_CODE,
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                }
            ]
        },
        "subject": {"reference": patient_ref},
        "performer": [{"reference": patient_ref}],
        "effectiveDateTime": row.day.isoformat(),
        "valueQuantity": {"value": row.pain, "unit": "{score}", "system": UCUM, "code": "{score}"},
    }


def medication_statement(row: MedicationRow, *, patient_ref: str) -> dict[str, Any]:
    """A MedicationStatement: the medication by its own name, usual dose and schedule as text, active or stopped."""
    dose = f"{row.dose:g} {row.unit}" if row.dose is not None else ""
    dosage_text = ", ".join(part for part in (row.strength, dose, row.schedule) if part)
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "active" if row.active else "stopped",
        "medicationCodeableConcept": {"text": row.name},
        "subject": {"reference": patient_ref},
        "dateAsserted": row.asserted.isoformat(),
        "informationSource": {"reference": patient_ref},
    }
    if dosage_text:
        statement["dosage"] = [{"text": dosage_text}]
    if row.reason:
        statement["reasonCode"] = [{"text": row.reason}]
    return statement


def build_bundle(
    *,
    patient_key: str,
    instruments: Mapping[str, Instrument],
    responses: Sequence[ResponseRow] = (),
    daily_pain: Iterable[DailyPainRow] = (),
    medications: Iterable[MedicationRow] = (),
    base: str = DEFAULT_BASE,
    timestamp: dt.datetime | None = None,
) -> Bundle:
    """A ``collection`` Bundle with a Patient (no personal details), the Questionnaires used, each response,
    a score Observation for every scored response, a daily pain Observation per day and a
    MedicationStatement per medication.

    ``patient_key`` is any stable, non-identifying key (e.g. a random per-user id); resource ids are derived
    from it so a re-export produces the same ids.
    """
    patient_ref = _uuid("patient", patient_key)
    entries: list[dict[str, Any]] = [{"fullUrl": patient_ref, "resource": {"resourceType": "Patient", "active": True}}]
    used = sorted({row.instrument for row in responses})
    for instrument_id in used:
        resource = questionnaire(instruments[instrument_id], base)
        entries.append({"fullUrl": _uuid("questionnaire", instrument_id), "resource": resource})
    for row in responses:
        entries.extend(_response_entries(instruments[row.instrument], row, patient_key, patient_ref, base))
    for pain in daily_pain:
        entries.append(
            {
                "fullUrl": _uuid("pain", f"{patient_key}:{pain.id}"),
                "resource": daily_pain_observation(pain, patient_ref=patient_ref),
            }
        )
    for medication in medications:
        entries.append(
            {
                "fullUrl": _uuid("medication", f"{patient_key}:{medication.id}"),
                "resource": medication_statement(medication, patient_ref=patient_ref),
            }
        )
    stamp = (timestamp or dt.datetime.now(dt.UTC)).isoformat()
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "timestamp": stamp, "entry": entries})


def _response_entries(
    instrument: Instrument, row: ResponseRow, patient_key: str, patient_ref: str, base: str
) -> list[dict[str, Any]]:
    response_ref = _uuid("response", f"{patient_key}:{row.id}")
    response = questionnaire_response(instrument, row, patient_ref=patient_ref, base=base)
    entries = [{"fullUrl": response_ref, "resource": response}]
    if row.total is not None and row.status == "completed":
        observation = score_observation(instrument, row, patient_ref=patient_ref, response_ref=response_ref, base=base)
        entries.append({"fullUrl": _uuid("score", f"{patient_key}:{row.id}"), "resource": observation})
    return entries


def bundle_json(bundle: Bundle) -> str:
    """R4 JSON text of a bundle, without empty elements."""
    return json.dumps(json.loads(bundle.model_dump_json(exclude_none=True)), indent=2, ensure_ascii=False)
