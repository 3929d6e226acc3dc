"""The file formats on their own: lossless for any text, documented columns, structural checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painwise.accounts.models import Profile
from painwise.diary.services import CHECKIN_FIELDS, EPISODE_FIELDS
from painwise.exchange import formats
from painwise.therapies.services import ENTRY_FIELDS, MEDICATION_FIELDS

BERLIN = dt.timezone(dt.timedelta(hours=1))


def _diary(text: str) -> formats.ParsedDiary:
    return formats.ParsedDiary(
        custom_factors=[formats.FactorRecord(name="Gluten", where="x")],
        checkins=[formats.CheckinRecord(day=dt.date(2026, 3, 1), notes=text, activities=[text], where="x")],
        entries=[formats.EntryRecord(modality="meditation", side_effects=text,
                                     taken_at=dt.datetime(2026, 3, 1, 7, tzinfo=BERLIN))],
    )


def _records(diary: formats.ParsedDiary) -> list[object]:
    return [dataclasses.replace(record, where="x") for _, record in formats.all_records(diary)]


@given(st.text())
def test_guarding_a_spreadsheet_cell_can_always_be_undone(text: str) -> None:
    guarded = formats.guard(text)
    assert formats.unguard(guarded) == text
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_any_note_survives_csv_and_json_unchanged(text: str) -> None:
    diary = _diary(text)

    assert _records(formats.read_csv(formats.write_csv(diary))) == _records(diary)
    assert _records(formats.read_json(formats.write_json(diary))) == _records(diary)


@pytest.mark.parametrize("text", ["before\x00after", "lone \ud800 surrogate"])
def test_a_note_that_cannot_be_stored_is_refused_by_json_naming_its_record_and_field(text: str) -> None:
    with pytest.raises(formats.FormatError) as caught:
        formats.read_json(formats.write_json(_diary(text)))

    [problem] = caught.value.problems
    assert problem.where == "checkins[0]"
    assert problem.field in {"notes", "activities.0"}
    assert "NUL" in problem.reason or "surrogate" in problem.reason


def test_a_note_with_a_nul_character_is_refused_by_csv() -> None:
    with pytest.raises(formats.FormatError, match="NUL"):
        formats.read_csv(formats.write_csv(_diary("before\x00after")))


def test_the_format_carries_every_field_the_services_store() -> None:
    assert set(CHECKIN_FIELDS) | {"day"} <= set(formats.record_fields("checkin"))
    assert set(EPISODE_FIELDS) <= set(formats.record_fields("episode"))
    assert set(ENTRY_FIELDS) <= set(formats.record_fields("entry"))
    assert set(MEDICATION_FIELDS) <= set(formats.record_fields("medication"))
    profile_fields = {f.name for f in Profile._meta.concrete_fields} - {"id", "user"}
    assert profile_fields == set(formats.record_fields("profile"))


def test_profile_defaults_in_the_format_match_a_new_account() -> None:
    names = formats.record_fields("profile")
    blank, record = Profile(), formats.ProfileRecord()
    assert {n: getattr(blank, n) for n in names} == {n: getattr(record, n) for n in names}


def test_the_csv_header_lists_every_field_of_every_record_once() -> None:
    every = {"record"} | {c.name for columns in formats.RECORD_COLUMNS.values() for c in columns}
    assert set(formats.CSV_COLUMNS) == every
    assert len(formats.CSV_COLUMNS) == len(every)


def test_a_csv_with_only_some_columns_in_any_order_still_reads() -> None:
    text = (
        "notes,record,version,name,day,pain_average\n"
        ",format,1,painwise,,\n"
        "'=SUM(A1),checkin,,,2026-03-01,6\n"
    )
    checkin = formats.read_csv(text).checkins[0]

    assert checkin.pain_average == 6
    assert checkin.notes == "=SUM(A1)"
    assert checkin.where == "line 3"


def test_a_csv_without_its_format_row_is_refused() -> None:
    with pytest.raises(formats.FormatError) as caught:
        formats.read_csv("record,day,pain_average\ncheckin,2026-03-01,6\n")
    assert caught.value.problems == [
        formats.Problem("line 2", "record", "the first row after the header must be the format row")
    ]


def test_auto_detection_tells_json_from_csv() -> None:
    assert formats.detect_format('\ufeff  {"format": "painwise"}') == "json"
    assert formats.detect_format("record,day\n") == "csv"


def test_an_entry_day_defaults_to_the_date_at_its_own_offset() -> None:
    late = formats.EntryRecord(modality="meditation", taken_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=BERLIN))
    assert late.local_day == dt.date(2026, 3, 1)
