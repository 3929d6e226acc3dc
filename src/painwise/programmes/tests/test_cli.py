"""`painwise programme ...` from a terminal."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from painwise.cli import cli
from painwise.core.types import User
from painwise.programmes.models import ProgrammeSession

pytestmark = pytest.mark.django_db


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_start_log_and_status_of_a_dilator_programme(alice: User) -> None:
    assert run("programme", "start", "--user", "alice", "--programme", "dilators", "--set", "sizes=4").exit_code == 0
    for _ in range(3):
        result = run("programme", "log", "--user", "alice", "--programme", "dilators", "--value", "size=1",
                     "--value", "minutes=15", "--value", "discomfort=1", "--value", "anxiety=2")
        assert result.exit_code == 0, result.output
    assert "You could try size 2" in result.output
    status = json.loads(run("programme", "status", "--user", "alice", "--json").output)
    assert status[0]["programme"] == "dilators"
    assert status[0]["sessions"] == 3


def test_options_come_from_the_environment(alice: User) -> None:
    result = run("programme", "start", env={"PAINWISE_PROGRAMME_START_USER": "alice",
                                            "PAINWISE_PROGRAMME_START_PROGRAMME": "pelvic_floor"})
    assert result.exit_code == 0, result.output
    assert "Pelvic-floor down-training" in run("programme", "status", "--user", "alice").output


def test_500_minutes_names_the_field_exits_1_and_saves_nothing(alice: User) -> None:
    run("programme", "start", "--user", "alice", "--programme", "dilators")
    result = run("programme", "log", "--user", "alice", "--programme", "dilators", "--value", "size=1",
                 "--value", "minutes=500", "--value", "discomfort=1", "--value", "anxiety=1")
    assert result.exit_code == 1
    assert "minutes" in result.output
    assert not ProgrammeSession.objects.exists()


def test_a_taper_plan_is_entered_as_json_steps(alice: User) -> None:
    result = run("programme", "start", "--user", "alice", "--programme", "kratom_taper", "--set", "agreed_with=Dr Rao",
                 "--set", "agreed=yes", "--set", 'steps=[{"from": "2026-12-01", "amount": 4, "unit": "g"}]')
    assert result.exit_code == 0, result.output


def test_a_painful_session_prints_the_kind_words_and_support_with_their_sources(alice: User) -> None:
    run("programme", "start", "--user", "alice", "--programme", "dilators")
    result = run("programme", "log", "--user", "alice", "--programme", "dilators", "--value", "size=1",
                 "--value", "minutes=10", "--value", "discomfort=7", "--value", "anxiety=5",
                 "--value", "pain_quality=sharp")
    assert result.exit_code == 0, result.output
    assert "Going back a size is progress too:" in result.output
    assert "You do not have to do this alone:" in result.output
    assert "doi:10.1037/a0034292" in result.output
    calm = run("programme", "log", "--user", "alice", "--programme", "dilators", "--value", "size=1",
               "--value", "minutes=10", "--value", "discomfort=1", "--value", "anxiety=1")
    assert "progress too" not in calm.output  # only where the programme meets a setback
