"""`painwise trauma ...` from a terminal."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from painwise.cli import cli
from painwise.core.types import User
from painwise.trauma import services
from painwise.trauma.models import DailyCheck, GroundingUse, Trigger

pytestmark = pytest.mark.django_db


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_the_track_is_turned_on_and_the_daily_items_answered(alice: User) -> None:
    assert "The track is on." in run("trauma", "track", "--user", "alice", "--on").output
    result = run("trauma", "daily", "--user", "alice", "--answer", "intrusions=2", "--answer", "avoidance=0")
    assert result.exit_code == 0, result.output
    assert DailyCheck.objects.get(user=alice).answers == {"intrusions": 2, "avoidance": 0}


def test_the_user_can_come_from_the_environment(alice: User) -> None:
    result = run("trauma", "track", "--on", env={"PAINWISE_TRAUMA_TRACK_USER": "alice"})
    assert result.exit_code == 0, result.output
    assert services.is_enabled(alice)


def test_a_bad_daily_answer_names_the_item_and_exits_1(alice: User) -> None:
    result = run("trauma", "daily", "--user", "alice", "--answer", "intrusions=7")
    assert result.exit_code == 1
    assert "intrusions" in result.output
    assert not DailyCheck.objects.exists()


def test_tool_uses_and_triggers_are_recorded_and_summarised(alice: User) -> None:
    assert run("trauma", "tool", "--user", "alice", "--tool", "paced_breathing", "--before", "7",
               "--after", "3").exit_code == 0
    assert run("trauma", "trigger", "--user", "alice", "--kind", "sound", "--what", "thunder",
               "--intensity", "5").exit_code == 0
    data = json.loads(run("trauma", "summary", "--user", "alice", "--json").output)
    assert data["triggers"] == 1
    assert data["tools"][0] == {"slug": "paced_breathing", "name": "Paced breathing", "uses": 1, "rated": 1,
                                "average_change": -4.0}


def test_an_unknown_tool_or_kind_exits_1_and_saves_nothing(alice: User) -> None:
    assert run("trauma", "tool", "--user", "alice", "--tool", "ice", "--before", "3").exit_code == 1
    assert run("trauma", "trigger", "--user", "alice", "--kind", "x", "--what", "y", "--intensity", "2").exit_code == 1
    assert not GroundingUse.objects.exists()
    assert not Trigger.objects.exists()
