"""A large import is checked before it writes, writes in one short transaction, and warns once per notice."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from painwise.accounts.services import local_today
from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice
from painwise.core.types import User
from painwise.exchange.services import ImportRejectedError, import_into
from painwise.exchange.tests.files import json_file
from painwise.testing import make_checkin, make_user
from painwise.therapies.models import Medication, TherapyEntry
from painwise.therapies.services import add_medication, create_factor, log_entry

KRATOM = {"modality": "kratom", "amount": 3.0, "unit": "g",
          "details": {"form": "leaf_powder", "reason": "pain"}}


def _kratom_days(person: User, days: int) -> list[dt.datetime]:
    today = local_today(person)
    return [
        dt.datetime.combine(today - dt.timedelta(days=n), dt.time(hour), tzinfo=dt.UTC)
        for n in range(days, 0, -1) for hour in (8, 13, 19)
    ]


def _heavy_kratom_file(person: User, days: int) -> bytes:
    entries = [{**KRATOM, "taken_at": t.isoformat()} for t in _kratom_days(person, days)]
    entries.append({"modality": "pelvic_floor_relaxation", "duration_minutes": 10,
                    "taken_at": _kratom_days(person, 1)[0].isoformat()})
    medication = {"name": "Oxycodone", "dose": 5, "unit": "mg", "schedule": "twice daily"}
    return json_file(medications=[medication], entries=entries)


def _codes(notices: list[Notice]) -> list[str]:
    return [n.code for n in notices]


@pytest.mark.django_db
def test_importing_many_kratom_doses_warns_once_with_the_notices_logging_them_one_by_one_gives() -> None:
    # The kratom pattern counts its days back from today: a clock passing midnight part-way (the one-by-one
    # logging takes seconds) would break the daily run for the later readings only, so the clock stands still.
    noon = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(12), tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        _import_and_log_one_by_one()


def _import_and_log_one_by_one() -> None:
    importer, logger = make_user("importer"), make_user("logger")
    summary = import_into(user=importer, data=_heavy_kratom_file(importer, 60))

    by_hand: dict[Notice, None] = {}
    medication = add_medication(user=logger, values={"name": "Oxycodone", "dose": 5, "unit": "mg"})
    by_hand.update(dict.fromkeys(medication.notices))
    last: list[Notice] = []
    for taken_at in _kratom_days(logger, 60):
        last = log_entry(user=logger, values={**KRATOM, "taken_at": taken_at}).notices
        by_hand.update(dict.fromkeys(last))
    # The kratom pattern is a reading of the whole log as it ends up (the import checks it once, at the end); a
    # signal that showed part-way through the one-by-one logging (its windows count back from now) may be gone.
    pattern = "kratom:dependence_signals"
    by_hand = {n: None for n in by_hand if n.code != pattern} | {n: None for n in last if n.code == pattern}
    first_relaxation = log_entry(user=logger, values={"modality": "pelvic_floor_relaxation", "duration_minutes": 10,
                                                      "taken_at": _kratom_days(logger, 1)[0]})
    by_hand.update(dict.fromkeys(first_relaxation.notices))

    assert len(_codes(summary.notices)) == len(set(_codes(summary.notices)))
    assert set(summary.notices) == set(by_hand)
    assert {"interaction:kratom_opioid", "evidence:kratom",
            "evidence:pelvic_floor_relaxation"} <= set(_codes(summary.notices))
    assert summary.notices[0].level == "serious"
    assert TherapyEntry.objects.filter(user=importer).count() == 181


@pytest.mark.django_db
def test_a_therapy_already_logged_before_the_import_gets_no_first_time_evidence_notice() -> None:
    person = make_user("person")
    log_entry(user=person, values={**KRATOM, "taken_at": _kratom_days(person, 5)[0]})

    summary = import_into(user=person, data=_heavy_kratom_file(person, 3))

    assert "evidence:kratom" not in _codes(summary.notices)
    assert "evidence:pelvic_floor_relaxation" in _codes(summary.notices)


def _queries_to_import(days: int) -> int:
    person = make_user(f"person{days}")
    data = _heavy_kratom_file(person, days)
    with CaptureQueriesContext(connection) as queries:
        summary = import_into(user=person, data=data)
    assert summary.counts["entry"] == 3 * days + 1
    return len(queries)


@pytest.mark.django_db
def test_a_year_of_entries_is_written_in_batches_not_one_query_per_entry() -> None:
    # Speed itself is measured in bench/import_speed.py; here, the shape that makes it fast: a year of
    # entries (1,096 rows) costs at most a few more queries than a month (91 rows), never one per row.
    month, year = _queries_to_import(30), _queries_to_import(365)
    assert year - month <= 10, (month, year)


@pytest.mark.django_db
def test_imported_records_keep_their_own_times_and_links() -> None:
    person = make_user("person")
    data = json.loads(_heavy_kratom_file(person, 1))
    data["medications"][0]["created_at"] = "2024-02-03T04:05:06+00:00"
    data["entries"].append({"modality": "medication", "medication": "Oxycodone", "amount": 5, "unit": "mg",
                            "taken_at": "2025-01-01T09:00:00+01:00", "created_at": "2025-01-01T09:01:00+01:00"})
    import_into(user=person, data=json.dumps(data).encode())

    medication = Medication.objects.get(user=person)
    dose = TherapyEntry.objects.get(user=person, **blind_lookup(TherapyEntry, person, modality="medication"))
    assert medication.created_at == dt.datetime(2024, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert dose.medication == medication
    assert dose.created_at == dt.datetime(2025, 1, 1, 8, 1, tzinfo=dt.UTC)
    assert dose.day == dt.date(2025, 1, 1)


@pytest.mark.django_db
def test_a_check_in_saved_while_the_file_was_being_checked_refuses_the_whole_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from painwise.exchange import services

    person = make_user("person")
    create_factor(user=person, name="Walk", kind="yes_no")
    day = local_today(person) - dt.timedelta(days=2)
    prepare = services._Importer.prepare

    def prepare_then_someone_checks_in(self: Any, diary: Any) -> None:
        prepare(self, diary)
        make_checkin(person, day=day, pain_average=4)

    monkeypatch.setattr(services._Importer, "prepare", prepare_then_someone_checks_in)
    data = json_file(checkins=[{"day": day.isoformat(), "pain_average": 6}],
                     entries=[{**KRATOM, "taken_at": _kratom_days(person, 1)[0].isoformat()}])

    with pytest.raises(ImportRejectedError) as caught:
        import_into(user=person, data=data)

    assert "try again" in caught.value.problems[0].reason
    assert not TherapyEntry.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_an_imported_note_that_mentions_self_harm_shows_the_lines_and_points_at_its_record() -> None:
    from painwise.diary.models import CheckIn
    from painwise.safety.models import SafetyEvent

    person = make_user("person")
    day = (local_today(person) - dt.timedelta(days=3)).isoformat()
    quiet = (local_today(person) - dt.timedelta(days=4)).isoformat()
    data = json_file(checkins=[{"day": quiet, "pain_average": 3},
                               {"day": day, "pain_average": 8, "notes": "I just want to end it all"}])

    summary = import_into(user=person, data=data)

    assert "crisis_mention" in _codes(summary.notices)
    event = SafetyEvent.objects.get(user=person)
    assert event.source_id == CheckIn.objects.get(user=person, day=day).pk
