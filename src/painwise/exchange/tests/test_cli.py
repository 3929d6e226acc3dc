"""`painwise export` and `painwise import` from a terminal."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from painwise.cli import cli
from painwise.diary.models import CheckIn
from painwise.exchange.tests.diaries import build_rich_diary
from painwise.exchange.tests.files import csv_file
from painwise.testing import make_checkin, make_user


def _run(*args: str, stdin: bytes | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


@pytest.mark.django_db
def test_export_writes_json_to_standard_output_by_default() -> None:
    make_checkin(make_user("sam"), notes="only mine")
    result = _run("export", "--user", "sam")

    assert result.exit_code == 0
    assert json.loads(result.stdout_bytes)["checkins"][0]["notes"] == "only mine"


@pytest.mark.django_db
def test_export_to_a_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    make_checkin(make_user("sam"))
    target = tmp_path / "diary.csv"
    result = _run("export", "--user", "sam", "--format", "csv", "--output", str(target))

    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8-sig").startswith("record,day,")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pytest.mark.django_db
def test_export_names_the_formats_when_one_is_unknown() -> None:
    make_user("sam")
    result = _run("export", "--user", "sam", "--format", "xlsx")

    assert result.exit_code == 1
    assert "Unknown format 'xlsx'; choose one of json, csv" in result.output


@pytest.mark.django_db
def test_import_from_a_file_reports_what_was_added(tmp_path: Path) -> None:
    source = make_user("old")
    build_rich_diary(source)
    target = tmp_path / "diary.json"
    _run("export", "--user", "old", "--output", str(target))
    make_user("new")
    result = _run("import", "--user", "new", str(target))

    assert result.exit_code == 0
    assert result.output.startswith(
        "Imported 2 own factors, 2 medications, 9 check-ins, 1 flare, 7 therapy entries, 1 questionnaire setting, "
        "6 questionnaire schedules, 3 questionnaire responses, 2 withdrawal checks, 1 trauma track setting, "
        "1 trauma daily check, 2 grounding tool uses, 1 trigger, 1 boundaries plan, 2 programmes, 1 report setting, "
        "1 programme session, 1 report made, 2 experiments, 1 day followed, 1 deviation, 1 plan goal, 2 plan parts, "
        "2 plan days ticked, 1 reminder setting, 4 safety events, 2 entries from offline into new."
    )


@pytest.mark.django_db
def test_import_of_a_bad_file_exits_non_zero_names_the_line_and_saves_nothing() -> None:
    person = make_user("sam")
    data = csv_file({"record": "checkin", "day": "2026-01-04", "mood": 7},
                    {"record": "checkin", "day": "2026-01-05", "pain_worst": -1})
    result = _run("import", "--user", "sam", "--format", "csv", "-", stdin=data)

    assert result.exit_code == 1
    assert "Nothing was imported; fix 1 problem and try again" in result.output
    assert "line 4, pain_worst: -1 is outside 0 to 10" in result.output
    assert not CheckIn.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_import_into_an_unknown_account_says_so() -> None:
    result = _run("import", "--user", "nobody", "-", stdin=csv_file())

    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output
