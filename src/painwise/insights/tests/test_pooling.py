"""`painwise insights pool`: only people who opted in are pooled, and later analyses use the result."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from painwise.accounts.services import update_profile
from painwise.cli import cli
from painwise.core.types import User
from painwise.insights import services
from painwise.insights.models import PooledPrior
from painwise.insights.tests.build import diary_with_a_helpful_factor, log_uses, past_days
from painwise.testing import make_user
from painwise.therapies.models import CustomFactor

pytestmark = pytest.mark.django_db


def people(count: int, *, opted_in: bool, prefix: str) -> list[Any]:
    made = []
    for index in range(count):
        person = make_user(f"{prefix}{index}")
        diary_with_a_helpful_factor(person, days=90, seed=10 + index)
        update_profile(user=person, values={"pool_opt_in": opted_in})
        made.append(person)
    return made


def test_pooling_reads_the_diaries_of_people_who_opted_in_and_nobody_else(monkeypatch: pytest.MonkeyPatch) -> None:
    sharing = people(5, opted_in=True, prefix="sharing")
    private = people(1, opted_in=False, prefix="private")[0]
    secret = CustomFactor.objects.create(user=private, name="Secret", kind="yes_no")
    log_uses(private, past_days(private, 90)[::2], modality="custom", minutes=None, amount=1, unit="yes",
             factor=secret)
    read: list[Any] = []
    original = services.diary_arrays_for

    def spy(*, user: User) -> Any:
        read.append(user)
        return original(user=user)

    monkeypatch.setattr(services, "diary_arrays_for", spy)
    summary = services.pool_opted_in()
    assert {p.pk for p in read} == {p.pk for p in sharing}
    assert summary.n_people == 5
    assert summary.prior.n_people == 5
    assert ("heat_cold", "pain_average", 0) in summary.effects
    assert all(factor != "custom:Secret" for factor, _, _ in summary.effects)


def test_the_pooled_heat_effect_is_near_the_true_two_points_and_stored_as_json() -> None:
    people(5, opted_in=True, prefix="sharing")
    summary = services.pool_opted_in()
    heat = summary.effects[("heat_cold", "pain_average", 0)]
    assert heat.mu_low < -2.0 < heat.mu_high
    stored = PooledPrior.objects.get(version=1)
    row = next(r for r in stored.summary if r["factor"] == "heat_cold" and r["outcome"] == "pain_average"
               and r["lag_days"] == 0)
    assert row["n_people"] == 5
    assert any(e["factor"] == "heat_cold" for e in stored.priors["effects"])


def test_each_pooling_run_is_a_new_version_and_insights_use_the_latest(alice: User) -> None:
    people(5, opted_in=True, prefix="sharing")
    services.pool_opted_in()
    services.pool_opted_in()
    diary_with_a_helpful_factor(alice, days=40)
    result = services.insights_for(user=alice)
    assert result.prior_version == 2
    heat = next(i for i in result.report.insights
                if i.factor == "heat_cold" and i.outcome == "pain_average" and i.lag_days == 0)
    assert heat.effect is not None
    assert heat.effect < -1.0


def test_pooling_with_nobody_opted_in_stores_an_empty_prior_and_says_so() -> None:
    people(1, opted_in=False, prefix="private")
    result = CliRunner().invoke(cli, ["insights", "pool"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Pooled prior version 1: 0 people who opted in, 0 factor × outcome × lag effects" in result.output
    assert PooledPrior.objects.get().priors["effects"] == []


def test_the_pool_command_lists_each_pooled_effect() -> None:
    people(5, opted_in=True, prefix="sharing")
    result = CliRunner().invoke(cli, ["insights", "pool"], catch_exceptions=False)
    assert "Pooled prior version 1: 5 people who opted in" in result.output
    assert "heat_cold, pain_average, lag 0: mean -" in result.output
