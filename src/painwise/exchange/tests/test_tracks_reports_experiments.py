"""The trauma track, the clinician report's records and experiments travel in the export and are checked on import."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from painwise.core.types import User
from painwise.exchange.services import ImportRejectedError, export_user, import_into
from painwise.exchange.tests.diaries import build_rich_diary
from painwise.experiments.models import Experiment
from painwise.report.models import ShareLink
from painwise.testing import make_user
from painwise.trauma.models import Trigger


def _exported(person: User) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export_user(user=person, fmt="json").content)
    return data


def _refused(doc: dict[str, Any]) -> list[str]:
    copy = make_user("copy")
    with pytest.raises(ImportRejectedError) as caught:
        import_into(user=copy, data=json.dumps(doc).encode(), fmt="json")
    assert not Experiment.objects.filter(user=copy).exists()  # nothing half-stored
    assert not Trigger.objects.filter(user=copy).exists()
    return [f"{p.field}: {p.reason}" for p in caught.value.problems]


@pytest.mark.django_db
def test_the_json_export_carries_the_trauma_track_report_questions_and_experiments() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)

    assert doc["trauma_track"] == {"state": {"enabled": True, "scheduled": ["pcl5", "pcptsd5"]},
                                   "updated_at": doc["trauma_track"]["updated_at"]}
    assert [u["tool"] for u in doc["grounding_uses"]] == ["grounding_54321", "grounding_54321"]
    assert doc["trauma_triggers"][0]["what"] == 'anniversary, "March"'
    assert doc["boundaries_plan"]["stop_signals"] == "=holding breath"
    assert doc["report_preferences"]["questions"].startswith("1. Is the new dose ok?")
    assert doc["reports_made"][0]["sections"] == ["summary", "pain", "kratom", "trauma"]
    started = next(e for e in doc["experiments"] if e["status"] == "paused")
    assert started["factor"] == "dilator"
    assert started["protocol"]["factor"] == "dilator"
    assert doc["experiment_adherence"] == [{"experiment": started["ref"], "day": started["start_date"],
                                           "followed": True}]
    assert doc["experiment_deviations"][0]["note"] == 'away, "travel"'


@pytest.mark.django_db
def test_share_links_are_not_exported() -> None:
    from painwise.report.services import create_share

    person = make_user("person")
    create_share(user=person, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), sections=None,
                 expires_in_hours=1, label="Dr Who")

    assert ShareLink.objects.filter(user=person).count() == 1
    assert "Dr Who" not in export_user(user=person, fmt="json").content.decode()


@pytest.mark.django_db
def test_a_frozen_protocol_edited_in_the_file_is_refused() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)
    started = next(e for e in doc["experiments"] if e["status"] == "paused")
    started["protocol"]["mcid"] = 0.5  # a smaller "meaningful difference" after the start

    assert any(p.startswith("fingerprint:") for p in _refused(doc))


@pytest.mark.django_db
def test_an_experiment_the_safety_rules_refuse_here_is_refused_on_import_too() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)
    draft = next(e for e in doc["experiments"] if e["status"] == "draft")
    draft["label_a"] = "Zopiclone"

    assert any(p.startswith("label_a:") for p in _refused(doc))


@pytest.mark.django_db
def test_an_out_of_range_distress_rating_is_refused_when_the_file_is_read() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)
    doc["grounding_uses"][0]["before"] = 11

    assert _refused(doc) == ["before: 11 is outside 0 to 10"]


@pytest.mark.django_db
def test_a_trigger_kind_unknown_here_is_refused_by_the_tracks_own_rules() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)
    doc["trauma_triggers"][0]["kind"] = "not_a_kind"

    assert any(p.startswith("kind:") for p in _refused(doc))


@pytest.mark.django_db
def test_adherence_for_an_experiment_not_in_the_file_is_refused() -> None:
    person = make_user("person")
    build_rich_diary(person)
    doc = _exported(person)
    doc["experiment_adherence"][0]["experiment"] = "experiment@2000-01-01T00:00:00+00:00"

    assert any(p.startswith("experiment:") for p in _refused(doc))
