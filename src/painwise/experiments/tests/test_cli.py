"""`painwise experiment ...` from the terminal, and `analyse --from-file`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from painwise.cli import cli
from painwise.core.types import User
from painwise.experiments.models import Experiment
from painwise.experiments.tests.helpers import started, write_days
from painwise.nof1.trial import generate_schedule, proposed_design, simulate_data


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["experiment", *args])
    return result.exit_code, result.output


@pytest.mark.django_db
def test_design_start_status_and_report_for_an_account(alice: User) -> None:
    code, output = run("design", "--user", "alice", "--a", "heat pack", "--b", "no heat pack", "--kind", "days")
    assert code == 0, output
    assert "Chance of a clear answer" in output
    pk = Experiment.objects.get().pk
    code, output = run("start", "--user", "alice", str(pk))
    assert code == 0, output
    assert "Protocol fingerprint (SHA-256)" in output
    code, output = run("status", "--user", "alice", "--json")
    assert json.loads(output)[0]["status"] == "running"
    code, output = run("report", "--user", "alice", str(pk))
    assert code == 0
    assert "INTERIM" in output


@pytest.mark.django_db
def test_a_refused_design_exits_1_naming_the_field(alice: User) -> None:
    code, output = run("design", "--user", "alice", "--a", "diazepam", "--b", "nothing")
    assert code == 1
    assert "label_a:" in output
    assert not Experiment.objects.exists()


@pytest.mark.django_db
def test_another_persons_experiment_is_not_found(alice: User, bob: User) -> None:
    experiment = started(alice, days_ago=40)
    write_days(experiment, effect=-2)
    code, output = run("report", "--user", "bob", str(experiment.pk))
    assert code == 1
    assert "bob has no experiment" in output


def _write_file(path: Path, *, effect: float) -> Path:
    schedule = generate_schedule(proposed_design("blocks"), seed=3)
    data = simulate_data(schedule, effect=effect, sigma=0.8, rho=0.3, rng=np.random.default_rng(1))
    lines = ["day,period,condition,washout,followed,pain_average,mood"]
    for day, value in zip(schedule, data.outcome, strict=True):
        cell = "" if np.isnan(value) else f"{value:.1f}"
        lines.append(f"{day.index + 1},{day.period},{day.condition},{int(day.washout)},yes,{cell},5")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_analyse_from_file_prints_json_with_the_trialist_probabilities(tmp_path: Path) -> None:
    code, output = run("analyse", "--from-file", str(_write_file(tmp_path / "t.csv", effect=-2.5)), "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["design"] == "blocks"
    assert data["outcome"] == "pain_average"
    assert data["verdict"] == "a_better"
    assert data["randomisation_p"] == pytest.approx(2 / 16)


def test_analyse_refuses_unknown_conditions_duplicate_days_and_missing_outcomes(tmp_path: Path) -> None:
    good = _write_file(tmp_path / "t.csv", effect=0).read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([good[0], good[1].replace(",A,", ",C,").replace(",B,", ",C,"), *good[2:]]))
    code, output = run("analyse", "--from-file", str(bad))
    assert code == 1
    assert "condition: line 2: unknown condition 'C'" in output
    bad.write_text("\n".join([good[0], good[1], good[1], *good[2:]]))
    code, output = run("analyse", "--from-file", str(bad))
    assert code == 1
    assert "day:" in output
    assert "line 3: day '1' appears twice (also on line 2)" in output
    code, output = run("analyse", "--from-file", str(tmp_path / "t.csv"), "--outcome", "sleep_quality")
    assert code == 1
    assert "outcome: The file has no outcome column 'sleep_quality'" in output
