"""`painwise insights --user`, `--from-file` (nothing stored) and `painwise insights pool` from a terminal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from painwise.cli import cli
from painwise.diary.models import CheckIn
from painwise.exchange.formats import CheckinRecord, EntryRecord, ParsedDiary, ProfileRecord, write_csv
from painwise.insights.tests.build import diary_with_a_helpful_factor
from painwise.testing import make_user
from painwise.therapies.models import TherapyEntry

START = dt.date(2026, 1, 1)


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def diary_file(tmp_path: Path, *, days: int = 90, profile: ProfileRecord | None = None, text_edit: Any = None) -> str:
    """A Painwise CSV where heat on a day lowers that day's average pain by 2 points."""
    rng = np.random.default_rng(5)
    checkins, entries = [], []
    for index in range(days):
        day = START + dt.timedelta(days=index)
        heat = rng.random() < 0.45
        pain = int(np.clip(round(5 + rng.normal(0, 1.0) - (2 if heat else 0)), 0, 10))
        checkins.append(CheckinRecord(day=day, pain_average=pain, mood=int(rng.integers(3, 8))))
        if heat:
            taken = dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=1)))
            entries.append(EntryRecord(modality="heat_cold", taken_at=taken, duration_minutes=20))
    text = write_csv(ParsedDiary(profile=profile, checkins=checkins, entries=entries))
    path = tmp_path / "diary.csv"
    path.write_text(text_edit(text) if text_edit else text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_insights_for_an_account_print_the_sentences_and_the_disclaimer() -> None:
    diary_with_a_helpful_factor(make_user("sam"))
    result = _run("insights", "--user", "sam")
    assert result.exit_code == 0
    assert "== Your average pain ==" in result.output
    assert "strong sign it helps: On days you logged Heat or cold, your average pain was" in result.output
    assert "A pattern in your diary, not proof" in result.output


@pytest.mark.django_db
def test_insights_as_json_list_every_field_of_the_issue() -> None:
    diary_with_a_helpful_factor(make_user("sam"))
    body = json.loads(_run("insights", "--user", "sam", "--json").output)
    first = body["insights"][0]
    for name in ("factor", "outcome", "lag_days", "effect", "ci_low", "ci_high", "p_benefit", "p_benefit_mcid",
                 "verdict", "n_with", "n_without", "diagnostics", "sentence"):
        assert name in first
    assert body["meaningful_difference"]["points"] == 1.0


@pytest.mark.django_db
def test_an_unknown_account_is_a_clear_error() -> None:
    result = _run("insights", "--user", "nobody")
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output


@pytest.mark.django_db
def test_a_diary_file_is_analysed_without_storing_anything(tmp_path: Path) -> None:
    path = diary_file(tmp_path)
    result = _run("insights", "--from-file", path, "--json")
    assert result.exit_code == 0
    body = json.loads(result.output)
    heat = next(i for i in body["insights"]
                if i["factor"] == "heat_cold" and i["outcome"] == "pain_average" and i["lag_days"] == 0)
    assert heat["ci_low"] < -2.0 + 0.6
    assert heat["ci_high"] > -2.0 - 0.6
    assert heat["verdict"] == "strong sign it helps"
    assert not CheckIn.objects.exists()
    assert not TherapyEntry.objects.exists()


def test_a_diary_files_profile_sets_the_meaningful_difference(tmp_path: Path) -> None:
    path = diary_file(tmp_path, profile=ProfileRecord(mcid_mode="points", mcid_points=2.0))
    body = json.loads(_run("insights", "--from-file", path, "--json").output)
    assert body["meaningful_difference"] == {"mode": "points", "points": 2.0}
    assert {i["mcid"] for i in body["insights"]} == {2.0}


def test_a_malformed_file_names_the_line_and_reason_and_exits_non_zero(tmp_path: Path) -> None:
    def out_of_range(text: str) -> str:
        lines = text.split("\r\n")
        header = lines[0].lstrip("\ufeff").split(",")
        cells = lines[5].split(",")
        cells[header.index("pain_average")] = "11"
        lines[5] = ",".join(cells)
        return "\r\n".join(lines)

    result = _run("insights", "--from-file", diary_file(tmp_path, text_edit=out_of_range))
    assert result.exit_code == 1
    assert "line 6, pain_average: 11 is outside 0 to 10" in result.output


def test_a_day_logged_twice_in_a_file_names_both_lines(tmp_path: Path) -> None:
    def repeat_a_day(text: str) -> str:
        lines = text.split("\r\n")
        return "\r\n".join([*lines[:4], lines[3], *lines[4:]])

    result = _run("insights", "--from-file", diary_file(tmp_path, text_edit=repeat_a_day))
    assert result.exit_code == 1
    assert "line 5, day: a second check-in for 2026-01-02 (the first is on line 4)" in result.output


def test_a_too_short_file_says_not_enough_information_yet(tmp_path: Path) -> None:
    result = _run("insights", "--from-file", diary_file(tmp_path, days=10))
    assert result.exit_code == 0
    assert "Not enough information yet about Heat or cold and your average pain" in result.output


def test_either_an_account_or_a_file_is_required() -> None:
    result = CliRunner().invoke(cli, ["insights"])
    assert result.exit_code == 2
    assert "Give exactly one of --user NAME or --from-file FILE." in result.output


def test_a_diary_file_tells_as_needed_and_dependence_forming_use_apart(tmp_path: Path) -> None:
    from painwise.exchange.formats import FactorRecord, MedicationRecord

    rng = np.random.default_rng(9)
    checkins, entries = [], []
    for index in range(90):
        day = START + dt.timedelta(days=index)
        checkins.append(CheckinRecord(day=day, pain_average=int(rng.integers(3, 8))))
        taken = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
        if index % 3 == 0:
            entries.append(EntryRecord(modality="medication", medication="oxy", taken_at=taken, amount=5, unit="mg"))
        if index % 3 == 1:
            entries.append(EntryRecord(modality="custom", factor="Lying down", taken_at=taken, amount=1, unit="yes"))
        if index % 2 == 0:
            entries.append(EntryRecord(modality="alcohol", taken_at=taken, amount=2, unit="drinks",
                                       details={"reason": "social"}))
    medications = [MedicationRecord(name="Oxycodone", key="oxy", schedule="1 tablet PRN")]
    factors = [FactorRecord(name="Lying down", as_needed=True)]
    path = tmp_path / "diary.csv"
    path.write_text(write_csv(ParsedDiary(checkins=checkins, entries=entries, medications=medications,
                                          custom_factors=factors)), encoding="utf-8")
    body = json.loads(_run("insights", "--from-file", str(path), "--json").output)
    kinds = {i["factor"]: (i["as_needed"], i["dependence"], i["experiment"]) for i in body["insights"]}
    assert kinds == {
        "medication:Oxycodone": (True, True, "never"),
        "custom:Lying down": (True, False, "allowed"),
        "alcohol": (False, True, "never"),
    }
    lags = {(i["factor"], i["lag_days"]) for i in body["insights"]}
    assert ("medication:Oxycodone", 0) not in lags
    assert ("alcohol", 0) in lags
    assert all("helps" not in i["verdict"] for i in body["insights"] if i["dependence"])
