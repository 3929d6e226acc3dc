"""Export, import into a fresh account, export again: the same diary comes back, in both formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from painwise.core.fields import blind_lookup
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.exchange.services import export_user, import_into
from painwise.exchange.tests.diaries import AWKWARD_NOTES, AWKWARD_TEXTS, FORMULA_NOTES, build_rich_diary
from painwise.testing import make_user
from painwise.therapies.models import TherapyEntry


def _without_export_time(fmt: str, content: bytes) -> Any:
    if fmt == "json":
        doc = json.loads(content)
        doc.pop("exported_at")
        return doc
    lines = content.decode("utf-8").split("\r\n")
    assert lines[1].startswith("format,")
    return [lines[0], *lines[2:]]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_gives_the_same_diary(fmt: str) -> None:
    original = make_user("original")
    build_rich_diary(original)
    first = export_user(user=original, fmt=fmt).content

    copy = make_user("copy", timezone_name="Asia/Tokyo", country="JP")
    summary = import_into(user=copy, data=first, fmt="auto")
    second = export_user(user=copy, fmt=fmt).content

    assert summary.counts["checkin"] == 1 + len(AWKWARD_TEXTS) + 2  # with the one whose note mentions self-harm
    assert _without_export_time(fmt, second) == _without_export_time(fmt, first)


@pytest.mark.django_db
def test_json_and_csv_carry_the_same_diary() -> None:
    original = make_user("original")
    build_rich_diary(original)
    copy = make_user("copy")
    import_into(user=copy, data=export_user(user=original, fmt="json").content, fmt="json")

    as_csv = export_user(user=copy, fmt="csv").content
    assert _without_export_time("csv", as_csv) == _without_export_time(
        "csv", export_user(user=original, fmt="csv").content
    )


@pytest.mark.django_db
def test_imported_records_are_stored_as_the_app_stores_them() -> None:
    original = make_user("original")
    build_rich_diary(original)
    copy = make_user("copy")
    import_into(user=copy, data=export_user(user=original, fmt="csv").content)

    richest = CheckIn.objects.get(user=copy, pain_worst=8)
    assert richest.notes == AWKWARD_NOTES
    assert richest.activities_note == FORMULA_NOTES
    assert richest.regions == {"pelvis": 7, "hip_left": 3}
    assert richest.peg_score == 6.0
    kratom = TherapyEntry.objects.get(user=copy, **blind_lookup(TherapyEntry, copy, modality="kratom"))
    assert kratom.details["strain_label"] == 'Red "Bali", batch 7'
    assert kratom.notes == "=1+1"
    assert sorted(CheckIn.objects.filter(user=copy).values_list("notes", flat=True)) == sorted(
        CheckIn.objects.filter(user=original).values_list("notes", flat=True)
    )


@pytest.mark.django_db
def test_json_export_holds_every_record_decrypted_with_medications_referenced_by_key() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = json.loads(export_user(user=person, fmt="json").content)

    assert doc["format"] == "painwise"
    assert doc["version"] == 1
    assert [m["key"] for m in doc["medications"]] == ["Ibuprofen", "Ibuprofen (2)"]
    dose = next(e for e in doc["entries"] if e["modality"] == "medication")
    assert dose["medication"] == "Ibuprofen"
    assert dose["taken_at"].endswith(("-05:00", "-04:00"))  # New York time, with its offset
    assert {f["name"] for f in doc["custom_factors"]} == {"Gluten, wheat", "Steps (thousands)"}
    assert AWKWARD_NOTES in [c["notes"] for c in doc["checkins"]]
    assert doc["profile"]["conditions"] == ["pelvic_pain", "migraine"]


@pytest.mark.django_db
def test_csv_export_guards_formulas_so_a_spreadsheet_shows_them_as_text() -> None:
    person = make_user("person")
    build_rich_diary(person)
    text = export_user(user=person, fmt="csv").content.decode("utf-8")

    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
             for cell in row]
    assert "'" + FORMULA_NOTES in cells
    assert "'=1+1" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert not any(cell.startswith("-") and not _is_number(cell) for cell in cells)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_record_times_survive_the_round_trip() -> None:
    original = make_user("original")
    build_rich_diary(original)
    copy = make_user("copy")
    import_into(user=copy, data=export_user(user=original, fmt="json").content)

    def times(user: User) -> list[Any]:
        return sorted(CheckIn.objects.filter(user=user).values_list("created_at", flat=True))

    assert times(copy) == times(original)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_own_factor_used_when_pain_is_bad_stays_so_through_export_and_import(fmt: str) -> None:
    from painwise.therapies.models import CustomFactor
    from painwise.therapies.services import create_factor

    original = make_user("original")
    create_factor(user=original, name="Lying down", kind="yes_no", as_needed=True)
    create_factor(user=original, name="Gluten", kind="yes_no")
    copy = make_user("copy")
    import_into(user=copy, data=export_user(user=original, fmt=fmt).content, fmt="auto")
    assert dict(CustomFactor.objects.filter(user=copy).values_list("name", "as_needed")) == {
        "Lying down": True, "Gluten": False,
    }
