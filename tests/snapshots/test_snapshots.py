"""Snapshots (syrupy) of what a person sees for a fixed diary: the API's JSON, two charts' SVG and the
clinician report's text. The diary is built on fixed days (January 2026), so the snapshots do not move
with the calendar; ids and the moments rows were written are replaced by placeholders, so they agree on
SQLite and PostgreSQL. A deliberate change: review the diff of ``pytest --snapshot-update``, then commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest

from painwise.accounts.services import local_today
from painwise.diary.history import load_history, pain_chart_svg
from painwise.diary.services import record_episode
from painwise.exchange.services import export_user
from painwise.report.build import build_report
from painwise.report.document import as_text
from painwise.report.sections import SECTIONS
from painwise.report.services import chart_svg, save_questions
from painwise.report.tests.factories import END, START, fill_diary

pytestmark = pytest.mark.django_db

IDS = {"id", "medication", "factor", "checkin", "entry"}
MOMENTS = {"created_at", "updated_at", "exported_at"}
# Days counted from the day the account was made (the questionnaire schedules start then), so they are written
# as days from the test's today: the snapshot holds "today+14", not the calendar day the test ran.
FROM_TODAY = {"next_due"}


def _from_today(value: str, today: dt.date) -> str:
    return f"<today{(dt.date.fromisoformat(value) - today).days:+d}>"


def _stable(value: Any, today: dt.date | None = None) -> Any:
    """``value`` with ids and write times replaced, and days counted from the account's first day written from
    ``today``: what differs between databases and runs, not people."""
    if isinstance(value, dict):
        return {
            key: ("<id>" if key in IDS and isinstance(item, int) else "<moment>" if key in MOMENTS and item
                  else _from_today(item, today) if key in FROM_TODAY and item and today else _stable(item, today))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_stable(item, today) for item in value]
    return value


@pytest.fixture
def diary(alice: Any) -> Any:
    fill_diary(alice)
    record_episode(user=alice, values={
        "started_at": dt.datetime(2026, 1, 9, 14, 30, tzinfo=dt.UTC), "intensity": 8,
        "ended_at": dt.datetime(2026, 1, 9, 18, 0, tzinfo=dt.UTC), "regions": {"lower_back_left": 8},
        "triggers": ["lifting"], "helped": "heat and rest"})
    save_questions(user=alice, questions="Can I reduce ibuprofen?")
    return alice


@pytest.mark.parametrize("path", [
    "/api/v1/checkins?since=2026-01-01&until=2026-01-07",
    "/api/v1/checkins/by-day/2026-01-15",
    "/api/v1/episodes?since=2026-01-01&until=2026-01-28",
    "/api/v1/entries?since=2026-01-01&until=2026-01-07",
    "/api/v1/medications",
    "/api/v1/reports/questions",
])
def test_api_reads_match_the_snapshot(diary: Any, alice_client: Any, snapshot: Any, path: str) -> None:
    response = alice_client.get(path)

    assert response.status_code == 200, response.content
    # As JSON text, so the order of the keys a client sees is part of the snapshot.
    assert json.dumps(_stable(response.json()), indent=1, ensure_ascii=False) == snapshot


def _svg(data: bytes) -> str:
    """The SVG text with matplotlib's clip-path ids (a hash of the clip box) numbered in order of appearance,
    so a change of the hash between matplotlib versions or machines does not count as a change of chart."""
    text = data.decode("utf-8")
    numbers: dict[str, str] = {}
    return re.sub(r"\bp[0-9a-f]{10}\b", lambda m: numbers.setdefault(m.group(), f"clip{len(numbers) + 1}"), text)


def test_history_pain_chart_matches_the_snapshot(diary: Any, snapshot: Any) -> None:
    assert _svg(pain_chart_svg(load_history(user=diary, end=END, days=28), size="phone")) == snapshot


def test_report_pain_chart_matches_the_snapshot(diary: Any, snapshot: Any) -> None:
    report = build_report(user=diary, who="alice", start=START, end=END, sections=list(SECTIONS),
                          questions="", today=dt.date(2026, 2, 1))

    assert _svg(chart_svg(user=diary, report=report, name="pain")) == snapshot


def test_clinician_report_text_matches_the_snapshot(diary: Any, snapshot: Any) -> None:
    report = build_report(user=diary, who="alice", start=START, end=END, sections=list(SECTIONS),
                          questions="Can I reduce ibuprofen?", today=dt.date(2026, 2, 1))

    assert as_text(report) == snapshot


def test_json_export_matches_the_snapshot(diary: Any, snapshot: Any) -> None:
    """Every key and value of a Painwise JSON file, in file order (the moments rows were written aside)."""
    exported = json.loads(export_user(user=diary, fmt="json").content)

    assert json.dumps(_stable(exported, local_today(diary)), indent=1, ensure_ascii=False) == snapshot


def test_csv_export_matches_the_snapshot(diary: Any, snapshot: Any) -> None:
    """The CSV header and every row (the moments rows were written aside)."""
    text = export_user(user=diary, fmt="csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row.update({name: "<moment>" for name in MOMENTS if row.get(name)})
        row.update({name: _from_today(row[name], local_today(diary)) for name in FROM_TODAY if row.get(name)})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)

    assert out.getvalue() == snapshot
