"""A bad file imports nothing and says where (line or record), which field and why."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django.fixtures import Settings

from painwise.accounts.services import local_today, profile_of
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.exchange.formats import Problem
from painwise.exchange.services import ImportRejectedError, import_into
from painwise.exchange.tests.files import csv_file, json_file
from painwise.testing import make_checkin, make_user
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry

TAKEN = "2026-01-10T08:00:00+01:00"


def _refused(user: User, data: bytes, fmt: str = "auto") -> list[Problem]:
    with pytest.raises(ImportRejectedError) as caught:
        import_into(user=user, data=data, fmt=fmt)
    return caught.value.problems


def _nothing_stored(user: User) -> bool:
    models = (CheckIn, TherapyEntry, Medication, CustomFactor)
    return not any(model.objects.filter(user=user).exists() for model in models)


def _day(days_ago: int) -> str:
    return (dt.date(2026, 1, 20) - dt.timedelta(days=days_ago)).isoformat()


@pytest.mark.django_db
def test_a_rating_of_11_refuses_the_whole_csv_and_names_line_and_field() -> None:
    person = make_user("person")
    data = csv_file(
        {"record": "profile", "timezone": "Europe/Berlin", "country": "DE"},
        {"record": "factor", "name": "Gluten"},
        {"record": "checkin", "day": _day(3), "pain_average": 4},
        {"record": "checkin", "day": _day(2), "pain_average": 11},
    )
    problems = _refused(person, data)

    assert problems == [Problem("line 6", "pain_average", "11 is outside 0 to 10")]
    assert _nothing_stored(person)
    assert profile_of(person).timezone == "UTC"


@pytest.mark.django_db
def test_an_unknown_modality_refuses_the_json_and_names_the_record() -> None:
    person = make_user("person")
    data = json_file(
        checkins=[{"day": _day(1), "pain_now": 3}],
        entries=[
            {"modality": "heat_cold", "taken_at": TAKEN, "duration_minutes": 20, "details": {"kind": "heat"}},
            {"modality": "moonlight", "taken_at": TAKEN},
        ],
    )
    problems = _refused(person, data)

    assert problems == [Problem("entries[1]", "modality", "Unknown modality 'moonlight'.")]
    assert _nothing_stored(person)


@pytest.mark.django_db
def test_a_bad_date_is_reported_with_its_line() -> None:
    person = make_user("person")
    problems = _refused(person, csv_file({"record": "checkin", "day": "2026-02-30", "mood": 5}))

    assert problems == [Problem("line 3", "day", "'2026-02-30' is not an ISO date such as 2026-03-01")]


@pytest.mark.django_db
def test_a_day_already_in_the_account_refuses_the_import() -> None:
    person = make_user("person")
    existing = make_checkin(person, day=dt.date(2026, 1, 15))
    data = csv_file(
        {"record": "checkin", "day": "2026-01-14", "pain_now": 2},
        {"record": "checkin", "day": "2026-01-15", "pain_now": 9, "notes": "imported"},
    )
    problems = _refused(person, data)

    assert [(p.where, p.field) for p in problems] == [("line 4", "day")]
    assert "already a check-in for 2026-01-15" in problems[0].reason
    assert list(CheckIn.objects.filter(user=person)) == [existing]
    assert CheckIn.objects.get(pk=existing.pk).notes == existing.notes


@pytest.mark.django_db
def test_two_check_ins_for_one_day_in_the_same_file_point_at_each_other() -> None:
    data = csv_file({"record": "checkin", "day": "2026-01-14"}, {"record": "checkin", "day": "2026-01-14"})
    problems = _refused(make_user("person"), data)

    assert problems == [Problem("line 4", "day", "a second check-in for 2026-01-14 (the first is on line 3)")]


@pytest.mark.django_db
def test_every_problem_of_a_file_is_listed_at_once() -> None:
    person = make_user("person")
    data = json_file(checkins=[
        {"day": _day(1), "mood": -1, "colour": "blue"},
        {"day": _day(2), "sleep_hours": 30},
        {"pain_now": 3},
    ])
    problems = _refused(person, data)

    assert {(p.where, p.field) for p in problems} == {
        ("checkins[0]", "mood"), ("checkins[0]", "colour"),
        ("checkins[1]", "sleep_hours"), ("checkins[2]", "day"),
    }


@pytest.mark.django_db
def test_malformed_json_is_reported_with_line_and_column() -> None:
    person = make_user("person")
    problems = _refused(person, b'{"format": "painwise",\n "version": 1,\n "checkins": [}')

    assert len(problems) == 1
    assert problems[0].where == "line 3, column 15"
    assert problems[0].reason.startswith("malformed JSON")


@pytest.mark.django_db
def test_malformed_csv_is_refused() -> None:
    person = make_user("person")
    data = csv_file({"record": "checkin", "day": _day(1)}) + b'checkin,"2026-01-02\n'
    problems = _refused(person, data)

    assert problems[0].reason.startswith("malformed CSV")
    assert _nothing_stored(person)


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "where"), [
    (json_file(version=2), "file"),
    (csv_file(version=2), "line 2"),
])
def test_a_newer_format_version_is_refused(data: bytes, where: str) -> None:
    problems = _refused(make_user("person"), data)

    assert problems == [Problem(where, "version", "version 2 is not supported (this Painwise reads 1)")]


@pytest.mark.django_db
def test_a_line_number_counts_the_lines_of_a_note_that_spans_several() -> None:
    person = make_user("person")
    data = csv_file(
        {"record": "checkin", "day": _day(3), "notes": "one\ntwo\nthree"},
        {"record": "checkin", "day": _day(2), "fatigue": "very"},
    )
    problems = _refused(person, data)

    assert problems == [Problem("line 6", "fatigue", "'very' is not a number")]


@pytest.mark.django_db
def test_absurd_doses_and_far_future_days_are_refused_by_the_same_rules_as_the_forms() -> None:
    person = make_user("person")
    far = (local_today(person) + dt.timedelta(days=5)).isoformat()
    data = json_file(
        checkins=[{"day": far}],
        entries=[{"modality": "kratom", "taken_at": TAKEN, "amount": 200, "unit": "g",
                  "details": {"form": "capsule"}}],
    )
    problems = _refused(person, data)

    assert [(p.where, p.field) for p in problems] == [("checkins[0]", "day"), ("entries[0]", "amount")]
    assert "in the future" in problems[0].reason
    assert "limit for one entry" in problems[1].reason


@pytest.mark.django_db
def test_an_entry_must_name_a_medication_of_the_same_file() -> None:
    person = make_user("person")
    data = json_file(entries=[{"modality": "medication", "medication": "Aspirin", "taken_at": TAKEN,
                               "amount": 100, "unit": "mg"}])
    problems = _refused(person, data)

    assert problems == [Problem("entries[0]", "medication", "no medication with key 'Aspirin' in this file")]


@pytest.mark.django_db
def test_a_refused_medication_is_reported_once_not_again_for_each_dose() -> None:
    person = make_user("person")
    data = json_file(
        medications=[{"name": "Aspirin", "dose": -5}],
        entries=[{"modality": "medication", "medication": "Aspirin", "taken_at": TAKEN, "amount": 100}] * 3,
    )
    problems = _refused(person, data)

    assert [(p.where, p.field) for p in problems] == [("medications[0]", "dose")]


@pytest.mark.django_db
def test_a_cell_in_a_column_that_does_not_belong_to_the_record_is_refused() -> None:
    problems = _refused(make_user("person"), csv_file({"record": "factor", "name": "Gluten", "pain_now": 3}))

    assert problems == [Problem("line 3", "pain_now", "does not apply to a factor row; leave it empty")]


@pytest.mark.django_db
def test_times_without_a_utc_offset_are_refused() -> None:
    data = json_file(entries=[{"modality": "meditation", "taken_at": "2026-01-10T08:00:00"}])
    problems = _refused(make_user("person"), data)

    assert [(p.where, p.field) for p in problems] == [("entries[0]", "taken_at")]
    assert "no UTC offset" in problems[0].reason


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_text_is_refused() -> None:
    problems = _refused(make_user("person"), "record,day\nformat,\xe9t\xe9\n".encode("latin-1"))

    assert problems[0].reason.startswith("not UTF-8 text")


@pytest.mark.django_db
def test_a_factor_already_tracked_with_another_kind_is_refused_but_the_same_kind_is_reused() -> None:
    person = make_user("person")
    CustomFactor.objects.create(user=person, name="Gluten", kind="count")
    problems = _refused(person, csv_file({"record": "factor", "name": "gluten", "kind": "yes_no"}))
    assert [(p.where, p.field) for p in problems] == [("line 3", "kind")]

    summary = import_into(user=person, data=csv_file(
        {"record": "factor", "name": "Gluten", "kind": "count"},
        {"record": "entry", "modality": "custom", "factor": "Gluten", "taken_at": TAKEN, "amount": 2,
         "unit": "count"},
    ))
    assert summary.counts["entry"] == 1
    assert CustomFactor.objects.filter(user=person).count() == 1


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(settings: Settings) -> None:
    settings.MAX_IMPORT_BYTES = 100
    data = csv_file(*[{"record": "checkin", "day": _day(n)} for n in range(10)])
    problems = _refused(make_user("person"), data)

    assert len(problems) == 1
    assert problems[0].where == "file"
    assert "larger than the 100 bytes import limit" in problems[0].reason
