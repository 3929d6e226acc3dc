"""Reading other apps' exports (the pure parsers): what a night is, and every bad input named."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zoneinfo
from typing import Any

import pytest

from painwise.exchange.foreign import apple_health, bearable, fitbit, health_connect, safezip
from painwise.exchange.foreign.sleep import SleepInterval, SleepNight, merged_hours, night_of, nights_from_intervals
from painwise.exchange.formats import FormatError
from painwise.exchange.tests.foreign_files import (
    APPLE_XML,
    BEARABLE_CSV,
    FITBIT_JSON,
    apple_zip,
    fitbit_zip,
    health_connect_zip,
    zipped,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 28)


def _reasons(exc: pytest.ExceptionInfo[FormatError]) -> str:
    return " | ".join(str(p) for p in exc.value.problems)


def _apple(xml: bytes) -> list[SleepNight]:
    return apple_health.read_nights(io.BytesIO(xml), zone=BERLIN, today=TODAY)


def test_overlapping_asleep_records_from_two_sources_count_once() -> None:
    hours = {n.day: n.hours for n in apple_health.read_nights(APPLE_XML.open("rb"), zone=BERLIN, today=TODAY)}
    # Watch stages 23:00-02:00, 02:30-06:30 and a sleep app's 03:00-05:00 inside them: 7 h, not 9.
    assert hours[dt.date(2026, 3, 2)] == 7.0


def test_time_in_bed_counts_only_on_a_night_without_asleep_records() -> None:
    hours = {n.day: n.hours for n in apple_health.read_nights(APPLE_XML.open("rb"), zone=BERLIN, today=TODAY)}
    assert hours[dt.date(2026, 3, 3)] == 7.5  # only the phone's in-bed record that night
    assert hours[dt.date(2026, 3, 4)] == 7.0


def test_apple_export_zip_is_read_from_its_export_xml_member() -> None:
    nights = apple_health.read_nights(io.BytesIO(apple_zip()), zone=BERLIN, today=TODAY)
    assert [n.day for n in nights] == [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)]


def test_a_night_ending_in_the_evening_belongs_to_the_next_day() -> None:
    assert night_of(dt.datetime(2026, 3, 1, 19, 0, tzinfo=BERLIN), BERLIN) == dt.date(2026, 3, 2)
    assert night_of(dt.datetime(2026, 3, 2, 7, 0, tzinfo=BERLIN), BERLIN) == dt.date(2026, 3, 2)


def test_the_day_is_the_persons_own_not_the_files_offset() -> None:
    # 06:30 at +01:00 is 00:30 in New York: still the same calendar night there (before 18:00).
    end = dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert night_of(end, zoneinfo.ZoneInfo("America/New_York")) == dt.date(2026, 3, 2)
    assert night_of(end, zoneinfo.ZoneInfo("Pacific/Kiritimati")) == dt.date(2026, 3, 3)


def test_merged_hours_adds_disjoint_spans_and_merges_overlaps() -> None:
    t = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    h = dt.timedelta(hours=1)
    assert merged_hours([(t, t + 2 * h), (t + h, t + 3 * h), (t + 5 * h, t + 6 * h)]) == 4.0


def test_a_night_after_today_is_refused_naming_its_line() -> None:
    start = dt.datetime(2026, 11, 29, 1, tzinfo=dt.UTC)
    interval = SleepInterval(start, start + dt.timedelta(hours=6), "asleep", "line 9")
    with pytest.raises(FormatError) as exc:
        nights_from_intervals([interval], zone=BERLIN, today=TODAY)
    assert "line 9" in _reasons(exc)
    assert "after today" in _reasons(exc)


def _record(start: str, end: str, value: str = "HKCategoryValueSleepAnalysisAsleepCore") -> str:
    return (f'<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="W" startDate="{start}" '
            f'endDate="{end}" value="{value}"/>\n')


def test_truncated_xml_names_the_line_where_it_stops() -> None:
    xml = APPLE_XML.read_bytes()
    with pytest.raises(FormatError) as exc:
        _apple(xml[: len(xml) - 40])
    assert "ends early" in _reasons(exc)
    assert "line " in _reasons(exc)


def test_an_impossible_utc_offset_is_refused_naming_the_line() -> None:
    xml = f"<HealthData>\n{_record('2026-03-01 23:00:00 +1900', '2026-03-02 07:00:00 +1900')}</HealthData>"
    with pytest.raises(FormatError) as exc:
        _apple(xml.encode())
    assert str(exc.value.problems[0]).startswith("line 2, startDate")


def test_a_repeated_record_is_refused_naming_both_lines() -> None:
    record = _record("2026-03-01 23:00:00 +0100", "2026-03-02 07:00:00 +0100")
    with pytest.raises(FormatError) as exc:
        _apple(f"<HealthData>\n{record}{record}</HealthData>".encode())
    assert "line 3" in _reasons(exc)
    assert "repeats the record on line 2" in _reasons(exc)


def test_a_file_from_another_app_is_refused() -> None:
    with pytest.raises(FormatError) as exc:
        _apple(b"<?xml version='1.0'?>\n<gpx><trk/></gpx>")
    assert "not Apple Health" in _reasons(exc)


def test_xml_entity_expansion_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<HealthData>&b;</HealthData>')
    with pytest.raises(FormatError) as exc:
        _apple(bomb)
    assert "entities" in _reasons(exc)


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", b"\0" * (50 * 1024**2))
    with pytest.raises(FormatError) as exc:
        apple_health.read_nights(io.BytesIO(buffer.getvalue()), zone=BERLIN, today=TODAY)
    assert "zip bomb" in _reasons(exc)


def test_a_member_longer_than_it_declares_is_stopped() -> None:
    data = bytearray(zipped({"a.xml": b"<HealthData></HealthData>" * 10}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    with safezip.member(archive, "a.xml") as stream:
        stream.raw.limit = 20  # type: ignore[attr-defined]  # as if the header declared fewer bytes
        with pytest.raises(FormatError, match="declared size"):
            stream.read()


def test_fitbit_main_sleep_minutes_become_hours_and_naps_are_left_out() -> None:
    nights = fitbit.read_nights(FITBIT_JSON.open("rb"), today=TODAY)
    assert [(n.day, n.hours, n.quality) for n in nights] == [
        (dt.date(2026, 3, 2), 6.75, None), (dt.date(2026, 3, 3), 6.5, None)]


def test_fitbit_takeout_zip_adds_the_sleep_score_as_quality() -> None:
    nights = fitbit.read_nights(io.BytesIO(fitbit_zip()), today=TODAY)
    assert [n.quality for n in nights] == [8, 7]  # overall_score 82 and 74 of 100


def test_fitbit_duplicate_log_ids_are_refused_naming_both_records() -> None:
    log = '{"logId": 5, "dateOfSleep": "2026-03-02", "minutesAsleep": 400, "mainSleep": true}'
    with pytest.raises(FormatError) as exc:
        fitbit.read_nights(io.BytesIO(f"[{log}, {log}]".encode()), today=TODAY, name="sleep-2026-03-01.json")
    assert "sleep-2026-03-01.json [1], logId: 5 appears twice (first at sleep-2026-03-01.json [0])" in _reasons(exc)


def test_fitbit_future_nights_and_foreign_json_are_refused() -> None:
    future = b'[{"logId": 1, "dateOfSleep": "2027-01-01", "minutesAsleep": 400}]'
    with pytest.raises(FormatError, match=r"after today"):
        fitbit.read_nights(io.BytesIO(future), today=TODAY)
    with pytest.raises(FormatError, match="not a Fitbit sleep log"):
        fitbit.read_nights(io.BytesIO(b'[{"steps": 100}]'), today=TODAY)


def test_health_connect_counts_asleep_stages_and_falls_back_to_the_session() -> None:
    nights = health_connect.read_nights(io.BytesIO(health_connect_zip()), zone=BERLIN, today=TODAY)
    assert [(n.day, n.hours) for n in nights] == [(dt.date(2026, 3, 2), 7.5), (dt.date(2026, 3, 3), 7.5)]


def test_health_connect_unknown_stage_and_missing_tables_are_named() -> None:
    bad_stage = health_connect_zip(stages=[(1, 1772402400000, 1772413200000, 42)])
    with pytest.raises(FormatError, match=r"row 1, stage_type: 42"):
        health_connect.read_nights(io.BytesIO(bad_stage), zone=BERLIN, today=TODAY)
    with pytest.raises(FormatError, match=r"without health_connect_export\.db"):
        health_connect.read_nights(io.BytesIO(zipped({"other.db": b""})), zone=BERLIN, today=TODAY)


def test_health_connect_times_and_zone_offsets_no_place_uses_are_named_not_crashed_on() -> None:
    march_2 = (1772490600000, 1772517600000)
    cases: dict[str, list[Any]] = {
        "start_zone_offset: 100000": [(2, *march_2, 100000)],  # over a day: Python cannot even make the zone
        "start_zone_offset: 54000": [(2, *march_2, 15 * 3600)],  # +15:00: no place on Earth
        "start_time: None": [(2, None, march_2[1], 3600)],
    }
    for expected, sessions in cases.items():
        with pytest.raises(FormatError) as refused:
            health_connect.read_nights(io.BytesIO(health_connect_zip(sessions=sessions, stages=[])), zone=BERLIN,
                                       today=TODAY)
        assert f"sleep_session_record_table row 2, {expected}" in _reasons(refused)
    backwards = [(1, 1772413200000, 1772402400000, 4)]
    with pytest.raises(FormatError, match=r"row 1, stage_end_time: is before stage_start_time"):
        health_connect.read_nights(io.BytesIO(health_connect_zip(stages=backwards)), zone=BERLIN, today=TODAY)


def test_bearable_rows_map_to_checkins_entries_factors_and_medications() -> None:
    rows = bearable.read_rows(BEARABLE_CSV.open("rb"), today=TODAY)
    labels = bearable.labels_of(rows, ["exercise", "meditation"])
    suggestions = {label.key: label.suggestion for label in labels}
    assert suggestions == {
        "Factors:Caffeine": "factor", "Factors:Meditation": "therapy:meditation", "Factors:Walking": "therapy:exercise",
        "Meds/Supplements:Ibuprofen": "medication", "Meds/Supplements:Magnesium": "medication",
        "Symptom:Back pain": "pain", "Symptom:Fatigue": "skip",
    }
    diary = bearable.to_diary(rows, suggestions, zone=BERLIN)
    first, second = diary.checkins
    assert (first.mood, first.pain_average, first.sleep_hours, first.sleep_quality) == (7, 6, 7.5, 8)
    assert second.notes == "Slept badly, stiff morning"
    assert [f.name for f in diary.custom_factors] == ["Caffeine"]
    assert [m.name for m in diary.medications] == ["Ibuprofen", "Magnesium"]
    assert sorted(e.modality for e in diary.entries) == [
        "custom", "custom", "exercise", "medication", "medication", "medication", "meditation"]


def test_bearable_ordinal_dates_are_read() -> None:
    assert bearable.parse_day("22nd Jan 2022") == dt.date(2022, 1, 22)
    assert bearable.parse_day("1st March 2024") == dt.date(2024, 3, 1)


@pytest.mark.parametrize(("csv_text", "expected"), [
    ("date,mood,notes\n2026-03-01,4,\n", "line 1: is not the header of a Bearable export"),
    ("date,time of day,category,rating/amount,detail\n2026-13-01,am,Mood,3,\n", "line 2, date: '2026-13-01'"),
    ("date,time of day,category,rating/amount,detail\n2027-03-01,am,Mood,3,\n", "line 2, date: 2027-03-01 is after"),
    ("date,time of day,category,rating/amount,detail\n2026-03-01,am,Mood,lots,\n", "line 2, rating/amount"),
    ("date,time of day,category,rating/amount,detail\n2026-03-01,am,Mood,3,\n2026-03-01,am,Mood,3,\n",
     "line 3: repeats line 2"),
    # A quote left open: the file was cut short; once read as a last note swallowing the rest of the file.
    ("date,time of day,category,rating/amount,detail,notes\n2026-03-01,am,Mood,3,,\"stiff\n",
     "line 2: is not well-formed CSV (unexpected end of data)"),
    ("date,time of day,category,rating/amount,detail,notes\n2026-03-01,am,Mood,3,,\"" + "x" * 200_000 + "\"\n",
     "line 2: is not well-formed CSV (field larger than field limit"),
    # A note over two lines: the next record's problem names the line it is on in the file.
    ("date,time of day,category,rating/amount,detail,notes\n2026-03-01,am,Mood,3,,\"one\ntwo\"\n"
     "2026-13-01,am,Mood,3,,\n",
     "line 4, date: '2026-13-01'"),
])
def test_bearable_bad_input_names_the_line(csv_text: str, expected: str) -> None:
    with pytest.raises(FormatError) as exc:
        bearable.read_rows(io.BytesIO(csv_text.encode()), today=TODAY)
    assert expected in _reasons(exc)


def test_the_other_apps_scales_are_converted_onto_the_declared_0_to_10_scores() -> None:
    """Fitbit's sleep score / 10, Manage My Pain's 0–10 severity taken as it is and Bearable's factors (x2, x2.5)
    all land on a 0–10 score: this fails if the check-in's declaration (painwise.diary.records) moves one of the
    fields they fill off that range, so the conversions are revisited with it."""
    from painwise.diary.records import CHECKIN, EPISODE, by_name

    filled = {**{name: by_name(CHECKIN)[name] for name in ("pain_average", "pain_worst", "sleep_quality", "mood")},
              "episode intensity": by_name(EPISODE)["intensity"]}
    for name, field in filled.items():
        assert field.is_score, name
        assert (field.low, field.high) == (0, 10), name
    assert bearable.TOP == {"mood": 10, "sleep_quality": 10, "pain_average": 10}
