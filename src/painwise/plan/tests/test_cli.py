"""`painwise plan show` and `painwise calendar` from the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from painwise.cli import cli
from painwise.core.types import User
from painwise.plan import services
from painwise.plan.tests.helpers import part

pytestmark = pytest.mark.django_db


def test_plan_show_lists_goals_parts_and_today(alice: User) -> None:
    services.add_goal(user=alice, text="sit through a film")
    part(alice, suggested_by="physiotherapist")
    result = CliRunner().invoke(cli, ["plan", "show", "--user", "alice"])
    assert result.exit_code == 0, result.output
    assert "sit through a film" in result.output
    assert "Exercise or movement (therapy), every day; suggested by physiotherapist" in result.output
    assert "[due] Exercise or movement" in result.output


def test_plan_show_takes_the_user_from_the_environment(alice: User) -> None:
    result = CliRunner().invoke(cli, ["plan", "show", "--json"], env={"PAINWISE_PLAN_SHOW_USER": "alice"})
    assert result.exit_code == 0, result.output
    assert '"goals": []' in result.output


def test_calendar_writes_an_ics_file_with_the_next_sessions(alice: User, tmp_path: Path) -> None:
    part(alice, choice="sleep_practice")
    target = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["calendar", "--user", "alice", "--output", str(target), "--days", "7"])
    assert result.exit_code == 0, result.output
    events = [e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT") if str(e["uid"]).startswith("plan:")]
    assert len(events) == 7


def test_calendar_options_come_from_the_environment(alice: User, tmp_path: Path) -> None:
    target = tmp_path / "env.ics"
    result = CliRunner().invoke(cli, ["calendar"], env={"PAINWISE_CALENDAR_USER": "alice",
                                                         "PAINWISE_CALENDAR_OUTPUT": str(target)})
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_an_unknown_account_is_a_clear_error(db: None) -> None:
    result = CliRunner().invoke(cli, ["plan", "show", "--user", "nobody"])
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output
