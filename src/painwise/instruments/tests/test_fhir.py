"""FHIR export: the Bundle parses back, carries the weights, and agrees with the Python scorer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle, BundleEntry

from painwise.diary.records import CHECKIN, by_name
from painwise.instruments.catalog import catalogue, get_instrument
from painwise.instruments.exporter import DAILY_PAIN_FIELD
from painwise.instruments.fhir import (
    DAILY_PAIN_CODE,
    DAILY_PAIN_RANGE,
    ORDINAL_VALUE,
    DailyPainRow,
    ResponseRow,
    build_bundle,
    bundle_json,
    total_expression,
)
from painwise.instruments.scoring import score

WHEN = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def _row(instrument_id: str, answers: Sequence[int | None], row_id: str = "1", **extra: Any) -> ResponseRow:
    instrument = get_instrument(instrument_id)
    result = score(instrument, answers)
    return ResponseRow(
        id=row_id,
        instrument=instrument_id,
        authored=WHEN,
        answers=result.answers,
        total=result.total,
        band=result.band.label if result.band else None,
        **extra,
    )


def _export(rows: list[ResponseRow], pain: list[DailyPainRow] | None = None) -> dict[str, Any]:
    bundle = build_bundle(patient_key="k1", instruments=catalogue(), responses=rows, daily_pain=pain or [])
    exported: dict[str, Any] = json.loads(bundle_json(bundle))
    return exported


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _resource_type(entry: BundleEntry) -> str:
    assert entry.resource is not None
    kind: str = entry.resource.get_resource_type()
    return kind


def _every_instrument_rows() -> list[ResponseRow]:
    return [
        _row(key, [item.values[-1] for item in instrument.items], row_id=key)
        for key, instrument in sorted(catalogue().items())
    ]


def test_the_exported_bundle_parses_back_with_fhir_resources() -> None:
    pain = [DailyPainRow(id="d1", day=dt.date(2026, 11, 1), pain=6)]
    text = bundle_json(
        build_bundle(patient_key="k1", instruments=catalogue(), responses=_every_instrument_rows(), daily_pain=pain)
    )
    parsed = Bundle.model_validate_json(text)
    assert parsed.type == "collection"
    assert parsed.entry is not None
    kinds = [_resource_type(entry) for entry in parsed.entry]
    assert kinds.count("Questionnaire") == len(catalogue())
    assert kinds.count("QuestionnaireResponse") == len(catalogue())


def test_answer_weights_are_carried_as_ordinal_values() -> None:
    questionnaire = _resources(_export([_row("cows", [0] * 11)]), "Questionnaire")[0]
    pulse = questionnaire["item"][0]
    weights = [option["extension"][0] for option in pulse["answerOption"]]
    assert {w["url"] for w in weights} == {ORDINAL_VALUE}
    assert [w["valueDecimal"] for w in weights] == [0, 1, 2, 4]


def test_the_questionnaire_has_a_read_only_calculated_total() -> None:
    questionnaire = _resources(_export([_row("phq9", [0] * 9)]), "Questionnaire")[0]
    total = questionnaire["item"][-1]
    assert total["readOnly"] is True
    assert total["code"][0]["code"] == "44261-6"
    assert "phq9_difficulty" not in total["extension"][0]["valueExpression"]["expression"]


def test_the_peg_total_expression_averages_its_three_items() -> None:
    assert total_expression(get_instrument("peg")).endswith(".sum()) / 3")


def _total_from_fhir(questionnaire: dict[str, Any], response: dict[str, Any], expression_ids: list[str]) -> float:
    weights = {
        (item["linkId"], option["valueCoding"]["code"]): option["extension"][0]["valueDecimal"]
        for item in questionnaire["item"]
        for option in item.get("answerOption", [])
    }
    chosen = [
        weights[(item["linkId"], item["answer"][0]["valueCoding"]["code"])]
        for item in response["item"]
        if item["linkId"] in expression_ids
    ]
    return float(sum(chosen))


@pytest.mark.parametrize("offset", [0, 1], ids=["first-options", "second-options"])
@pytest.mark.parametrize("instrument_id", sorted(catalogue()))
def test_the_weights_in_the_export_add_up_to_the_python_total(instrument_id: str, offset: int) -> None:
    instrument = get_instrument(instrument_id)
    answers = [item.values[(index + offset) % len(item.values)] for index, item in enumerate(instrument.items)]
    row = _row(instrument_id, answers)
    bundle = _export([row])
    questionnaire = _resources(bundle, "Questionnaire")[0]
    response = _resources(bundle, "QuestionnaireResponse")[0]
    scored = [item.id for item in instrument.scored_items]
    total = _total_from_fhir(questionnaire, response, scored)
    if instrument.scoring.method == "mean":
        total = round(total / len(scored), instrument.scoring.decimals)
    assert total == row.total
    recorded = response["item"][-1]["answer"][0]
    assert recorded.get("valueInteger", recorded.get("valueDecimal")) == row.total


def test_verified_loinc_codes_code_the_score_observation() -> None:
    observation = _resources(_export([_row("phq9", [1] * 9)]), "Observation")[0]
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "44261-6",
        "display": "Patient Health Questionnaire 9 item (PHQ-9) total score",
    }
    assert observation["valueQuantity"]["value"] == 9
    assert observation["valueQuantity"]["code"] == "{score}"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["derivedFrom"][0]["reference"].startswith("urn:uuid:")


def test_unverified_loinc_codes_are_never_emitted() -> None:
    text = json.dumps(_export([_row("auditc", [1, 1, 1])]))
    for unverified in ("68518-0", "68519-8", "68520-6"):
        assert unverified not in text
    assert "72109-2" in text
    assert "75626-2" in text


def test_an_instrument_without_a_verified_total_code_gets_a_painwise_code() -> None:
    observation = _resources(_export([_row("phq4", [1, 1, 1, 1])]), "Observation")[0]
    assert observation["code"]["coding"][0]["code"] == "phq4-total"
    assert "loinc" not in observation["code"]["coding"][0]["system"]


def test_a_draft_exports_as_in_progress_without_a_score_observation() -> None:
    row = _row("phq9", [1, 1, None, None, None, None, None, None, None], status="in-progress")
    bundle = _export([row])
    assert _resources(bundle, "QuestionnaireResponse")[0]["status"] == "in-progress"
    assert _resources(bundle, "Observation") == []


def test_each_daily_pain_rating_is_an_observation_coded_72514_3() -> None:
    pain = [DailyPainRow(id=str(n), day=dt.date(2026, 11, n), pain=n) for n in (1, 2, 3)]
    observations = _resources(_export([], pain), "Observation")
    assert [o["code"]["coding"][0]["code"] for o in observations] == ["72514-3"] * 3
    assert [o["valueQuantity"]["value"] for o in observations] == [1, 2, 3]
    assert [o["effectiveDateTime"] for o in observations] == ["2026-11-01", "2026-11-02", "2026-11-03"]


def test_the_export_holds_no_personal_details_and_stable_ids() -> None:
    first = _export([_row("gad2", [1, 1])])
    second = _export([_row("gad2", [1, 1])])
    patient = _resources(first, "Patient")[0]
    assert set(patient) == {"resourceType", "active"}
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]


def test_the_licence_notice_travels_with_the_questionnaire() -> None:
    questionnaire = _resources(_export([_row("pcl5", [0] * 20)]), "Questionnaire")[0]
    assert "National Center for PTSD" in questionnaire["copyright"]


def test_each_medication_on_the_list_is_a_medication_statement_that_parses_back() -> None:
    from painwise.instruments.fhir import MedicationRow

    rows = [
        MedicationRow(id="1", name="Ibuprofen", active=True, asserted=WHEN, strength="400 mg tablet", dose=400,
                      unit="mg", schedule="as needed", reason="flares"),
        MedicationRow(id="2", name="Amitriptyline", active=False, asserted=WHEN),
    ]
    text = bundle_json(build_bundle(patient_key="k1", instruments=catalogue(), medications=rows))
    Bundle.model_validate_json(text)
    statements = _resources(json.loads(text), "MedicationStatement")
    assert [s["status"] for s in statements] == ["active", "stopped"]
    assert statements[0]["medicationCodeableConcept"] == {"text": "Ibuprofen"}
    assert statements[0]["dosage"] == [{"text": "400 mg tablet, 400 mg, as needed"}]
    assert statements[0]["reasonCode"] == [{"text": "flares"}]
    assert "dosage" not in statements[1]


def test_the_daily_pain_field_is_declared_on_the_loinc_codes_0_to_10_scale() -> None:
    """LOINC 72514-3 is a 0–10 rating: if the check-in's declaration of the field the exporter sends changed
    range or unit, the Observations would carry a code that no longer fits (painwise.diary.records)."""
    field = by_name(CHECKIN)[DAILY_PAIN_FIELD]
    assert DAILY_PAIN_CODE == "72514-3"
    assert field.is_score
    assert (field.low, field.high) == DAILY_PAIN_RANGE
