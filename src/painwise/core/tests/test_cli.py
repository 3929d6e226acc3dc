from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from painwise.cli import cli
from painwise.core.types import User
from painwise.diary.models import CheckIn

pytestmark = pytest.mark.django_db


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_help_lists_every_command() -> None:
    result = run("--help")
    for name in ("serve", "init", "demo", "user", "checkin", "import", "export", "keys", "docs"):
        assert name in result.output


def test_checkin_from_the_terminal_saves_a_day(alice: User) -> None:
    result = run("checkin", "--user", "alice", "--day", "2026-11-20", "--pain-average", "6", "--mood", "4")
    assert result.exit_code == 0, result.output
    assert CheckIn.objects.get(user=alice, day="2026-11-20").pain_average == 6


def test_checkin_options_can_come_from_the_environment(alice: User) -> None:
    result = run("checkin", "--day", "2026-11-19", env={"PAINWISE_CHECKIN_USER": "alice",
                                                       "PAINWISE_CHECKIN_PAIN_WORST": "9"})
    assert result.exit_code == 0, result.output
    assert CheckIn.objects.get(user=alice, day="2026-11-19").pain_worst == 9


def test_out_of_range_rating_in_the_terminal_exits_non_zero_naming_the_option(alice: User) -> None:
    result = CliRunner().invoke(cli, ["checkin", "--user", "alice", "--pain-average", "11"])
    assert result.exit_code == 2
    assert "--pain-average" in result.output
    assert not CheckIn.objects.exists()


def test_duplicate_day_from_the_terminal_is_refused_with_a_clear_message(alice: User) -> None:
    run("checkin", "--user", "alice", "--day", "2026-11-20", "--pain-average", "6")
    result = CliRunner().invoke(cli, ["checkin", "--user", "alice", "--day", "2026-11-20", "--pain-average", "2"])
    assert result.exit_code == 1
    assert "already a check-in" in result.output
    assert CheckIn.objects.get(user=alice).pain_average == 6


def test_unknown_user_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["checkin", "--user", "nobody", "--pain-average", "3"])
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output


def test_user_create_refuses_a_weak_password() -> None:
    result = CliRunner().invoke(cli, ["user", "create", "erin", "--password", "123"])
    assert result.exit_code == 1
    assert "too short" in result.output


def test_demo_creates_an_account_with_a_year_of_diary_and_its_truth() -> None:
    from django.contrib.auth import get_user_model

    result = run("demo", "--no-serve", "--days", "120", "--username", "demo1")
    assert result.exit_code == 0, result.output
    user = get_user_model().objects.get(username="demo1")
    assert 80 <= user.checkins.count() <= 120
    assert user.therapy_entries.count() > 100
    assert "pelvic_floor_relaxation" in user.synthetic_truth.truth["factors"]
    assert "Password:" in result.output
    assert "http://127.0.0.1:8000/" in result.output
    # What helps me is worked out before the app starts, so its first opening reads kept results
    from painwise.core import datacache
    from painwise.insights.services import RESULTS

    assert datacache.kept(user.pk, RESULTS) is not None


def test_demo_run_twice_replaces_the_account_instead_of_failing() -> None:
    from django.contrib.auth import get_user_model

    first = run("demo", "--no-serve", "--days", "60", "--username", "demo2")
    assert first.exit_code == 0, first.output
    old_id = get_user_model().objects.get(username="demo2").pk
    again = run("demo", "--no-serve", "--days", "60", "--username", "demo2")
    assert again.exit_code == 0, again.output
    user = get_user_model().objects.get(username="demo2")
    assert user.pk != old_id
    assert user.therapy_entries.count() > 50
