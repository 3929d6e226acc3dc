"""The "Your data" page and the API routes, as the owner, as another person and anonymously."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.exchange.tests.files import csv_file, json_file
from painwise.testing import confirm_password, make_checkin

GOOD = json_file(checkins=[{"day": "2026-01-05", "pain_average": 3, "notes": "from my old app"}])
BAD = csv_file({"record": "checkin", "day": "2026-01-05", "pain_average": 11})


def _upload(data: bytes, name: str = "diary.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# ---------------------------------------------------------------- page


def test_owner_sees_a_download_button_for_every_registered_format(alice_client: Client) -> None:
    page = alice_client.get("/data/").content.decode()

    assert 'href="/data/export/json/"' in page
    assert 'href="/data/export/csv/"' in page
    assert 'enctype="multipart/form-data"' in page


def test_owner_downloads_their_diary_as_csv(alice_client: Client, alice: User, bob: User) -> None:
    make_checkin(alice, notes="alice's private note")
    make_checkin(bob, notes="bob's private note")
    confirm_password(alice_client)
    response = alice_client.get("/data/export/csv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="painwise-alice-')
    assert "alice's private note" in response.getvalue().decode()
    assert "bob's private note" not in response.getvalue().decode()


def test_another_person_downloading_gets_only_their_own_diary(bob_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    confirm_password(bob_client)
    response = bob_client.get("/data/export/json/")

    assert response.status_code == 200
    assert json.loads(response.getvalue())["checkins"] == []


def test_an_unknown_download_format_is_not_found(alice_client: Client) -> None:
    confirm_password(alice_client)
    assert alice_client.get("/data/export/xlsx/").status_code == 404


@pytest.mark.parametrize("url", ["/data/", "/data/export/json/"])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_owner_imports_a_file_and_sees_what_was_added(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/data/", {"file": _upload(GOOD), "format": "auto"}, follow=True)

    assert "Imported 1 check-in." in response.content.decode()
    assert CheckIn.objects.get(user=alice).notes == "from my old app"


def test_a_bad_file_shows_line_field_and_reason_and_saves_nothing(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/data/", {"file": _upload(BAD, "diary.csv"), "format": "csv"})
    page = response.content.decode()

    assert response.status_code == 422
    assert "Nothing was imported" in page
    assert "<td>line 3</td><td>pain_average</td><td>11 is outside 0 to 10</td>" in page
    assert not CheckIn.objects.filter(user=alice).exists()


def test_an_import_by_another_person_goes_into_their_own_account(bob_client: Client, alice: User, bob: User) -> None:
    bob_client.post("/data/", {"file": _upload(GOOD), "format": "auto"})

    assert CheckIn.objects.filter(user=bob).count() == 1
    assert not CheckIn.objects.filter(user=alice).exists()


def test_anonymous_visitors_cannot_import(anon_client: Client) -> None:
    response = anon_client.post("/data/", {"file": _upload(GOOD), "format": "auto"})

    assert response.status_code == 302
    assert not CheckIn.objects.exists()


# ---------------------------------------------------------------- API


def test_api_owner_exports_json_with_a_session(alice_client: Client, alice: User) -> None:
    make_checkin(alice, notes="alice's private note")
    confirm_password(alice_client)
    response = alice_client.get("/api/v1/export?format=json")

    assert response.status_code == 200
    assert json.loads(response.getvalue())["checkins"][0]["notes"] == "alice's private note"


def test_api_export_with_a_token_gives_the_token_owners_data_only(client: Client, alice: User, bob: User) -> None:
    make_checkin(alice, notes="alice's private note")
    _, raw = create_api_token(user=bob, name="script")
    response = client.get("/api/v1/export?format=csv", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert "alice's private note" not in response.getvalue().decode()


def test_api_refuses_an_unknown_export_format_with_422(alice_client: Client) -> None:
    confirm_password(alice_client)
    response = alice_client.get("/api/v1/export?format=xlsx")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]


@pytest.mark.parametrize(("method", "url"), [("get", "/api/v1/export?format=json"), ("post", "/api/v1/import")])
def test_api_answers_anonymous_callers_with_401(anon_client: Client, method: str, url: str) -> None:
    assert getattr(anon_client, method)(url).status_code == 401


def test_api_import_stores_the_file_for_the_caller(bob_client: Client, alice: User, bob: User) -> None:
    response = bob_client.post("/api/v1/import", {"file": _upload(GOOD)})

    assert response.status_code == 200
    assert response.json()["imported"]["checkin"] == 1
    assert CheckIn.objects.filter(user=bob).count() == 1
    assert not CheckIn.objects.filter(user=alice).exists()


def test_api_import_of_a_bad_file_answers_422_with_each_problem(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/api/v1/import", {"file": _upload(BAD, "diary.csv"), "format": "auto"})

    assert response.status_code == 422
    assert response.json()["detail"] == [{
        "loc": ["file", "line 3", "pain_average"], "where": "line 3", "field": "pain_average",
        "msg": "11 is outside 0 to 10",
    }]
    assert not CheckIn.objects.filter(user=alice).exists()
