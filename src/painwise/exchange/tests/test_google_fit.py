"""Google Fit's sleep sessions from a Google Takeout: the reader, the bad files, and the import through the API."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zoneinfo
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from painwise.diary.models import CheckIn
from painwise.exchange.foreign import google_fit
from painwise.exchange.foreign.sleep import SleepNight
from painwise.exchange.formats import FormatError
from painwise.exchange.tests.foreign_files import GOOGLE_FIT, google_fit_zip, zipped

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 1)


def _nights(data: bytes, name: str = "file") -> list[SleepNight]:
    return google_fit.read_nights(io.BytesIO(data), zone=BERLIN, today=TODAY, name=name)


def _problems(data: bytes, name: str = "session.json") -> str:
    with pytest.raises(FormatError) as exc:
        _nights(data, name)
    return "\n".join(str(p) for p in exc.value.problems)


def _session(**fields: Any) -> bytes:
    return json.dumps({"fitnessActivity": "sleep", "startTime": "2026-03-01T22:00:00Z",
                       "endTime": "2026-03-02T06:00:00Z", **fields}).encode()


def test_a_takeout_gives_one_night_per_day_counting_only_asleep_stages() -> None:
    nights = _nights(google_fit_zip())
    # Light, deep, REM and light again (the 20 minutes awake left out); the second night has no stages.
    assert [(n.day, n.hours) for n in nights] == [(dt.date(2026, 3, 2), 7.67), (dt.date(2026, 3, 3), 7.0)]


def test_one_session_file_and_the_rest_api_shape_are_read_too() -> None:
    one = (GOOGLE_FIT / "2026-03-02T23_00_00Z_SLEEP.json").read_bytes()
    assert [(n.day, n.hours) for n in _nights(one)] == [(dt.date(2026, 3, 3), 7.0)]
    api = json.dumps({"session": [{"activityType": 72, "startTimeMillis": "1772402400000",
                                   "endTimeMillis": "1772427600000"},
                                  {"activityType": 8, "startTimeMillis": "1772440000000",
                                   "endTimeMillis": "1772441000000"}]}).encode()
    assert [(n.day, n.hours) for n in _nights(api)] == [(dt.date(2026, 3, 2), 7.0)]


def test_bad_sessions_are_refused_naming_the_file_and_segment() -> None:
    assert "session.json, endTime: is before startTime" in _problems(_session(endTime="2026-03-01T21:00:00Z"))
    assert "needs a start and end time" in _problems(_session(startTime="2026-03-01 22:00"))
    stage = _problems(_session(segment=[{"fitnessActivity": "sleep.dreaming", "startTime": "2026-03-01T22:00:00Z",
                                         "endTime": "2026-03-01T23:00:00Z"}]))
    assert stage == "session.json segment 0, fitnessActivity: 'sleep.dreaming' is not a sleep stage this import knows"
    future = _problems(_session(startTime="2026-11-05T22:00:00Z", endTime="2026-11-06T06:00:00Z"))
    assert "ends on 2026-11-06, after today" in future


def test_a_repeated_session_names_the_file_it_repeats() -> None:
    data = zipped({"Takeout/Fit/All Sessions/a.json": _session(), "Takeout/Fit/All Sessions/b.json": _session()})
    assert _problems(data) == ("Takeout/Fit/All Sessions/b.json: repeats the sleep session in "
                               "Takeout/Fit/All Sessions/a.json (same times)")


def test_files_from_elsewhere_are_refused_with_a_clear_reason() -> None:
    assert "without Fit/All Sessions" in _problems(zipped({"Takeout/Fitbit/x.json": b"[]"}))
    assert "is not valid JSON" in _problems(_session()[:-5])
    assert "holds no Google Fit sleep session" in _problems(json.dumps({"fitnessActivity": "walking"}).encode())


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Takeout/Fit/All Sessions/night.json", b" " * (50 * 1024**2))
    assert "possible zip bomb" in _problems(buffer.getvalue())


def test_api_imports_google_fit_sleep_for_the_caller_only(bob_client: Client, alice: Any, bob: Any) -> None:
    upload = SimpleUploadedFile("takeout.zip", google_fit_zip(), content_type="application/zip")
    response = bob_client.post("/api/v1/import/foreign", {"file": upload, "format": "google-fit"})
    assert response.status_code == 200, response.content
    assert sorted(CheckIn.objects.filter(user=bob).values_list("day", "sleep_hours")) == [
        (dt.date(2026, 3, 2), 7.67), (dt.date(2026, 3, 3), 7.0)]
    assert not CheckIn.objects.filter(user=alice).exists()
