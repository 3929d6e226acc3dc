"""Manage My Pain exports (CSV and .xlsx): the reader, the mapping, the pages, the API and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from painwise.cli import cli
from painwise.diary.models import CheckIn, PainEpisode
from painwise.exchange.foreign import managemypain, xlsx
from painwise.exchange.foreign import services as foreign
from painwise.exchange.formats import FormatError
from painwise.exchange.services import ImportRejectedError
from painwise.exchange.tests.foreign_files import MMP_CSV, mmp_xlsx, zipped
from painwise.exchange.tests.foreign_files import xlsx as make_xlsx
from painwise.testing import make_checkin, make_user
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry

TODAY = dt.date(2026, 11, 1)
HEADER = "Date,Severity,Body Locations,Characteristics,Aggravating Factors,Alleviating Factors,Medications,Notes\n"


def _records(data: bytes) -> list[managemypain.Record]:
    return managemypain.read_records(io.BytesIO(data), today=TODAY)


def _problems(data: bytes) -> str:
    with pytest.raises(FormatError) as exc:
        _records(data)
    return "\n".join(str(p) for p in exc.value.problems)


# ---------------------------------------------------------------- the reader


def test_the_csv_and_the_excel_export_give_the_same_records() -> None:
    from_csv = _records(MMP_CSV.read_bytes())
    assert _records(mmp_xlsx()) == from_csv
    first = from_csv[0]
    assert (first.at, first.severity) == (dt.datetime(2026, 3, 1, 8, 15), 4.0)
    assert first.locations == ("Lower back", "Left knee")
    assert first.alleviating == ("Walking", "Heat")
    assert [r.line for r in from_csv] == [2, 3, 4, 5, 6]


def test_a_file_from_another_app_is_refused_naming_its_header() -> None:
    reason = _problems(b"date,time of day,category,rating/amount,detail,notes\n2026-03-01,am,Mood,3,,\n")
    assert reason.startswith("line 1: is not the header of a Manage My Pain export")
    assert "missing severity" in reason


@pytest.mark.parametrize(("row", "expected"), [
    ("2026-13-01 08:00,4,,,,,,", "line 2, date: '2026-13-01 08:00' is not a date and time"),
    ("2026-11-02 08:00,4,,,,,,", "line 2, date: 2026-11-02 is after today"),
    ("2026-03-01 08:00,eleven,,,,,,", "line 2, severity: 'eleven' is not a number from 0 to 10"),
    ("2026-03-01 08:00,11,,,,,,", "line 2, severity: '11' is not a number from 0 to 10"),
])
def test_a_bad_record_is_refused_naming_its_line_and_column(row: str, expected: str) -> None:
    assert expected in _problems(f"{HEADER}{row}\n".encode())


def test_title_rows_above_the_header_are_passed_over_but_a_slashed_date_is_not_guessed() -> None:
    titled = f"Pain Records\nSam Sample,,\n{HEADER}2026-03-01 08:00,4,,,,,,\n".encode()
    assert [r.line for r in _records(titled)] == [4]
    assert "line 2, date: '03/01/2026 08:00' is not a date" in _problems(f"{HEADER}03/01/2026 08:00,4,,,,,,\n".encode())


def test_a_repeated_record_names_the_line_it_repeats() -> None:
    row = '2026-03-01 08:00,4,Lower back,Aching,,,,"same"\n'
    assert _problems(f"{HEADER}{row}2026-03-01 09:00,2,,,,,,\n{row}".encode()) == (
        "line 4: repeats the record on line 2 (same time, severity and details)")


def test_a_csv_cut_short_inside_a_quoted_note_is_refused_naming_its_line() -> None:
    data = f"{HEADER}2026-03-01 08:00,4,,,,,,fine\n2026-03-01 09:00,5,,,,,,\"stiff after".encode()
    assert _problems(data) == ("line 3: is not well-formed CSV (unexpected end of data); is the file damaged or cut "
                               "short?")


def test_a_truncated_workbook_names_the_sheet_and_line() -> None:
    broken = make_xlsx([], sheet=b'<?xml version="1.0"?>\n<worksheet xmlns="x"><sheetData>\n<row r="1"><c r="A1"')
    reason = _problems(broken)
    assert "xl/worksheets/sheet1.xml line 3" in reason
    assert "truncated" in reason


def test_a_zip_that_is_not_a_workbook_and_a_zip_bomb_are_refused() -> None:
    assert "not an Excel workbook" in _problems(zipped({"export.xml": b"<HealthData/>"}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (50 * 1024**2) + b"/>")
    assert "possible zip bomb" in _problems(buffer.getvalue())


def test_excel_date_serials_are_read_to_the_minute() -> None:
    assert xlsx.serial_datetime(46082.34375) == dt.datetime(2026, 3, 1, 8, 15)
    assert xlsx.column_index("A") == 0
    assert xlsx.column_index("AB") == 27


# ---------------------------------------------------------------- the mapping and the diary


@pytest.mark.django_db
def test_each_label_gets_a_suggestion_the_person_can_read() -> None:
    sam = make_user("sam")
    preview = foreign.preview_managemypain(user=sam, stream=MMP_CSV.open("rb"), mapping={})
    targets = {label.key: label.target for label in preview.labels}

    assert targets["Body location:Lower back"] == "region:lower_back"
    assert targets["Body location:Left knee"] == "region:knee_left"
    assert targets["Characteristic:Aching"] == "quality:aching"
    assert targets["Characteristic:Pins and needles"] == "skip"
    assert targets["Alleviating factor:Walking"] == "therapy:exercise"
    assert targets["Alleviating factor:Rest"] == "factor"
    assert targets["Aggravating factor:Stress"] == "factor"
    assert targets["Medication:Ibuprofen"] == "medication"
    assert preview.describe() == ("3 check-ins, 1 flare, 16 therapy entries, 6 own factors and 2 medications "
                                  "from 5 pain records")


@pytest.mark.django_db
def test_a_manage_my_pain_import_stores_check_ins_flares_and_the_chosen_mapping() -> None:
    sam = make_user("sam", timezone_name="Europe/Berlin")
    mapping = {"Aggravating factor:Housework": "skip", "Alleviating factor:Heat": "skip",
               "Body location:Right hip": "region:hip_right"}
    preview = foreign.preview_managemypain(user=sam, stream=MMP_CSV.open("rb"), mapping=mapping)
    foreign.store_preview(user=sam, preview=preview)

    checkins = {c.day: c for c in CheckIn.objects.filter(user=sam)}
    march_1 = checkins[dt.date(2026, 3, 1)]
    assert (march_1.pain_average, march_1.pain_worst) == (5, 6)
    assert march_1.regions == {"lower_back_left": 6, "lower_back_right": 6, "knee_left": 4}
    assert march_1.qualities == ["aching", "burning"]
    assert march_1.notes == "Stiff after a long night"
    flare = PainEpisode.objects.get(user=sam)
    assert flare.intensity == 8
    assert flare.regions == {"lower_back_left": 8, "lower_back_right": 8, "hip_right": 8}
    assert flare.triggers == ["Lifting"]
    assert flare.started_at == dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.UTC)  # 07:30 in Berlin
    assert sorted(Medication.objects.filter(user=sam).values_list("name", flat=True)) == ["Ibuprofen", "Paracetamol"]
    assert "Housework" not in set(CustomFactor.objects.filter(user=sam).values_list("name", flat=True))
    modalities = sorted(e.modality for e in TherapyEntry.objects.filter(user=sam))
    assert modalities.count("exercise") == 2  # walking, twice
    assert modalities.count("physiotherapy") == 1
    assert modalities.count("medication") == 4


@pytest.mark.django_db
def test_imported_manage_my_pain_medications_get_interaction_warnings() -> None:
    sam = make_user("sam")
    data = f"{HEADER}2026-03-01 08:00,5,,,,,Ibuprofen,\n2026-03-01 20:00,6,,,,,Naproxen,\n".encode()
    preview = foreign.preview_managemypain(user=sam, stream=io.BytesIO(data), mapping={})
    summary = foreign.store_preview(user=sam, preview=preview)
    assert summary.notices, "two NSAIDs on one list should raise a notice"


@pytest.mark.django_db
@pytest.mark.parametrize(("replace", "pain", "notes"), [
    (False, (5, 7), "slept badly, walked the dog"),  # the default: the person's values stay
    (True, (3, 3), "Physio session went well"),  # the file's values for that day
])
def test_a_day_already_in_the_diary_is_kept_or_takes_the_files_values(
        replace: bool, pain: tuple[int, int], notes: str) -> None:
    sam = make_user("sam")
    make_checkin(sam, day=dt.date(2026, 3, 3))  # average 5, worst 7, no body map
    preview = foreign.preview_managemypain(user=sam, stream=MMP_CSV.open("rb"), mapping={})
    summary = foreign.store_preview(user=sam, preview=preview, replace=replace)

    checkin = CheckIn.objects.get(user=sam, day=dt.date(2026, 3, 3))
    assert (checkin.pain_average, checkin.pain_worst) == pain
    assert checkin.notes == notes
    assert checkin.regions, "the body map was empty: the file's areas fill it either way"
    assert CheckIn.objects.filter(user=sam).count() == 3
    assert PainEpisode.objects.filter(user=sam).exists()
    assert summary.counts["updated"] == 1


@pytest.mark.django_db
def test_a_mapping_to_a_target_a_category_cannot_take_is_refused() -> None:
    sam = make_user("sam")
    with pytest.raises(ImportRejectedError) as exc:
        foreign.preview_managemypain(user=sam, stream=MMP_CSV.open("rb"),
                                     mapping={"Body location:Lower back": "therapy:exercise"})
    assert "'therapy:exercise' is not a target this label can map to" in str(exc.value.problems[0])


# ---------------------------------------------------------------- pages, API, command line


def _file(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_owner_previews_an_excel_export_changes_a_label_and_imports(alice_client: Client, alice: Any) -> None:
    page = alice_client.post("/data/import/", {"file": _file(mmp_xlsx(), "pain.xlsx"), "format": "managemypain"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your Manage My Pain export" in html
    assert "Lower back (both sides)" in html
    assert not CheckIn.objects.filter(user=alice).exists()

    token = page.context["token"]
    alice_client.post("/data/import/confirm/", {"token": token, "format": "managemypain", "action": "import",
                                                "map:Aggravating factor:Stress": "skip"})
    assert CheckIn.objects.filter(user=alice).count() == 3
    assert PainEpisode.objects.filter(user=alice).count() == 1
    assert not CustomFactor.objects.filter(user=alice, name="Stress").exists()


def test_a_bad_manage_my_pain_file_page_names_the_line(alice_client: Client, alice: Any) -> None:
    data = f"{HEADER}2026-03-01 08:00,4,,,,,,\n2099-01-01 08:00,4,,,,,,\n".encode()
    page = alice_client.post("/data/import/", {"file": _file(data, "pain.csv"), "format": "managemypain"})
    assert page.status_code == 422
    assert "line 3" in page.content.decode()
    assert not CheckIn.objects.filter(user=alice).exists()


def test_another_person_cannot_confirm_a_manage_my_pain_preview(alice_client: Client, bob_client: Client,
                                                                alice: Any, bob: Any) -> None:
    page = alice_client.post("/data/import/", {"file": _file(MMP_CSV.read_bytes(), "p.csv"), "format": "managemypain"})
    response = bob_client.post("/data/import/confirm/", {"token": page.context["token"], "format": "managemypain",
                                                         "action": "import"})
    assert response.status_code == 302
    assert not CheckIn.objects.exists()


def test_api_imports_manage_my_pain_for_the_caller_only(bob_client: Client, alice: Any, bob: Any) -> None:
    dry = bob_client.post("/api/v1/import/foreign", {"file": _file(MMP_CSV.read_bytes(), "p.csv"),
                                                     "format": "managemypain", "dry_run": "true"})
    assert dry.json()["labels"]["Body location:Lower back"] == "region:lower_back"
    assert not CheckIn.objects.exists()

    response = bob_client.post("/api/v1/import/foreign", {
        "file": _file(mmp_xlsx(), "p.xlsx"), "format": "managemypain",
        "mapping": json.dumps({"Medication:Paracetamol": "skip"})})
    assert response.status_code == 200, response.content
    assert response.json()["imported"]["checkin"] == 3
    assert list(Medication.objects.filter(user=bob).values_list("name", flat=True)) == ["Ibuprofen"]
    assert not CheckIn.objects.filter(user=alice).exists()


def test_api_answers_a_bad_manage_my_pain_file_with_422_naming_the_line(alice_client: Client, alice: Any) -> None:
    data = f"{HEADER}2026-03-01 08:00,14,,,,,,\n".encode()
    response = alice_client.post("/api/v1/import/foreign", {"file": _file(data, "p.csv"), "format": "managemypain"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["where"] == "line 2"
    assert not CheckIn.objects.filter(user=alice).exists()


@pytest.mark.django_db
def test_cli_imports_a_manage_my_pain_workbook_with_a_mapping(tmp_path: Path) -> None:
    sam = make_user("sam")
    workbook = tmp_path / "pain.xlsx"
    workbook.write_bytes(mmp_xlsx())
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Alleviating factor:Rest": "skip"}))
    run = CliRunner().invoke
    dry = run(cli, ["import", "--user", "sam", "--format", "managemypain", "--mapping", str(mapping), "--dry-run",
                    str(workbook)], catch_exceptions=False)
    assert "Alleviating factor 'Rest' (2 rows) -> Skip it" in dry.output
    assert not CheckIn.objects.filter(user=sam).exists()

    result = run(cli, ["import", "--user", "sam", "--format", "managemypain", "--mapping", str(mapping),
                       str(workbook)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert CheckIn.objects.filter(user=sam).count() == 3
    assert not CustomFactor.objects.filter(user=sam, name="Rest").exists()
