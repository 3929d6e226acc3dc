"""Input that used to crash the server (500) is refused with 422 naming the field, on the API and the import."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.therapies.models import Medication, TherapyEntry

API = "/api/v1"
DEEP = "[" * 100_000 + "]" * 100_000
LONG_NUMBER = "9" * 400
YEAR_ONE = '"0001-01-01T00:00:00+05:00"'
NOON = '"2026-01-05T12:00:00+00:00"'

# (name, route, JSON body, the field that must be named)
BAD_BODIES = [
    ("deep nesting", "/checkins", '{"day": "2026-01-05", "notes": ' + DEEP + "}", None),
    ("a 400-digit number", "/checkins", '{"day": "2026-01-05", "pain_now": ' + LONG_NUMBER + "}", "pain_now"),
    ("a 400-digit sleep", "/checkins", '{"day": "2026-01-05", "sleep_hours": ' + LONG_NUMBER + "}", "sleep_hours"),
    ("year 1 with an offset", "/episodes", '{"started_at": ' + YEAR_ONE + ', "intensity": 5}', "started_at"),
    ("year 1 entry", "/entries", '{"modality": "heat_cold", "duration_minutes": 5, "taken_at": ' + YEAR_ONE + "}",
     "taken_at"),
    ("a lone surrogate", "/checkins", '{"day": "2026-01-05", "notes": "a\\ud800b"}', "notes"),
    ("a NUL character", "/checkins", '{"day": "2026-01-05", "notes": "a\\u0000b"}', "notes"),
    ("a NUL in a plain field", "/medications", '{"name": "Ibu\\u0000profen", "dose": 200}', "name"),
    ("a NUL in details", "/entries",
     '{"modality": "heat_cold", "duration_minutes": 5, "taken_at": ' + NOON + ', "details": {"kind": "a\\u0000"}}',
     "details"),
]


def _nothing_stored(user: User) -> bool:
    return not any(m.objects.filter(user=user).exists() for m in (CheckIn, PainEpisode, TherapyEntry, Medication))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_the_api_answers_bad_json_with_422_naming_the_field(
    alice: User, name: str, route: str, body: str, field: str | None,
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    response = client.post(API + route, data=body, content_type="application/json")

    assert response.status_code == 422, response.content[:300]
    [problem] = response.json()["detail"]
    assert problem["loc"][0] == "body"
    if field:
        assert problem["loc"][1] == field
    assert problem["msg"]
    assert _nothing_stored(alice)


def _import(client: Client, content: str) -> Any:
    upload = SimpleUploadedFile("diary.json", content.encode("utf-8", "surrogatepass"), "application/json")
    return client.post(f"{API}/import", data={"file": upload})


def _diary(records: str) -> str:
    return '{"format": "painwise", "version": 1, ' + records + "}"


BAD_FILES = [
    ("deep nesting", _diary('"checkins": [{"day": "2026-01-05", "notes": ' + DEEP + "}]"), "file", ""),
    ("a 400-digit number", _diary('"checkins": [{"day": "2026-01-05", "pain_now": ' + LONG_NUMBER + "}]"),
     "checkins[0]", "pain_now"),
    ("year 1 with an offset", _diary('"episodes": [{"started_at": ' + YEAR_ONE + ', "intensity": 5}]'),
     "episodes[0]", "started_at"),
    ("a lone surrogate", _diary('"checkins": [{"day": "2026-01-05", "notes": "a\\ud800b"}]'),
     "checkins[0]", "notes"),
    ("a NUL character", _diary('"checkins": [{"day": "2026-01-05", "notes": "a\\u0000b"}]'),
     "checkins[0]", "notes"),
    ("a NUL in a medication", _diary('"medications": [{"name": "Ibu\\u0000profen"}]'), "medications[0]", "name"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "where", "field"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_an_import_of_a_bad_file_answers_422_naming_record_and_field(
    alice: User, name: str, content: str, where: str, field: str,
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    response = _import(client, content)

    assert response.status_code == 422, response.content[:300]
    [problem] = response.json()["detail"]
    assert (problem["where"], problem["field"]) == (where, field)
    assert _nothing_stored(alice)


@pytest.mark.django_db
def test_a_csv_cell_holding_json_with_a_nul_is_refused_with_its_line() -> None:
    from painwise.exchange.services import ImportRejectedError, import_into
    from painwise.exchange.tests.files import csv_file
    from painwise.testing import make_user

    person = make_user("person")
    with pytest.raises(ImportRejectedError) as caught:
        import_into(user=person, data=csv_file({"record": "checkin", "day": "2026-01-05",
                                                "activities": '["walk\\u0000"]'}))
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("line 3", "activities")
    assert "NUL" in problem.reason


@pytest.mark.django_db
def test_a_nul_character_typed_into_a_form_is_refused_and_nothing_saved(alice_client: Client, alice: User) -> None:
    day = dt.date.today() - dt.timedelta(days=1)
    response = alice_client.post(f"/checkin/{day.isoformat()}/", {"pain_average": "4", "notes": "a\x00b"})

    assert response.status_code == 422
    assert "Null characters are not allowed" in response.content.decode()
    assert not CheckIn.objects.filter(user=alice).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/checkins?day=2026%00", "/checkin/2026-01-05%00/"])
def test_a_nul_character_in_an_address_is_refused_with_400(alice_client: Client, url: str) -> None:
    assert alice_client.get(url).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("url", [f"{API}/checkins/{LONG_NUMBER}", f"{API}/entries/{LONG_NUMBER}"])
def test_a_400_digit_id_in_an_api_address_is_not_found_rather_than_a_crash(alice: User, url: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.get(url).status_code == 404
