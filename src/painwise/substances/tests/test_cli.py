"""`painwise meds add/list` and `painwise interactions` from a terminal."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from painwise.cli import cli
from painwise.core.types import User


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_meds_add_prints_the_serious_warning_at_once(alice: User) -> None:
    assert run("meds", "add", "--user", "alice", "--name", "Oxycodone", "--dose", "5").exit_code == 0
    result = run("meds", "add", "--user", "alice", "--name", "Xanax", "--dose", "0.5")
    assert result.exit_code == 0
    assert "[SERIOUS] Opioid with a benzodiazepine" in result.output


def test_meds_list_flags_names_that_were_not_checked(alice: User) -> None:
    run("meds", "add", "--user", "alice", "--name", "Lyrica", "--strength", "75 mg")
    run("meds", "add", "--user", "alice", "--name", "Grandma's tonic")
    output = run("meds", "list", "--user", "alice").output
    assert "Lyrica 75 mg" in output
    assert "checked as Pregabalin" in output
    assert "Grandma's tonic" in output
    assert "NOT CHECKED for interactions" in output


def test_meds_add_refuses_a_negative_dose_with_exit_1(alice: User) -> None:
    result = CliRunner().invoke(cli, ["meds", "add", "--user", "alice", "--name", "Ibuprofen", "--dose", "-1"])
    assert result.exit_code == 1
    assert "dose" in result.output.lower()


def test_interactions_as_json_lists_serious_warnings_first(alice: User) -> None:
    run("meds", "add", "--user", "alice", "--name", "Oxycodone")
    run("meds", "add", "--user", "alice", "--name", "Alprazolam")
    body = json.loads(run("interactions", "--user", "alice", "--json").output)
    assert body["serious"] == 1
    assert body["warnings"][0]["rule_id"] == "opioid_benzodiazepine"


def test_interactions_for_someone_else_shows_only_their_list(alice: User, bob: User) -> None:
    run("meds", "add", "--user", "alice", "--name", "Oxycodone")
    run("meds", "add", "--user", "alice", "--name", "Alprazolam")
    assert "No interaction" in run("interactions", "--user", "bob").output


def test_an_unknown_account_is_a_clear_error(db: None) -> None:
    result = CliRunner().invoke(cli, ["interactions", "--user", "nobody"])
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output


def test_meds_list_shows_every_ingredient_and_the_part_not_checked(alice: User) -> None:
    run("meds", "add", "--user", "alice", "--name", "Co-codamol", "--strength", "30/500")
    run("meds", "add", "--user", "alice", "--name", "Ibuprofen and honey")
    output = run("meds", "list", "--user", "alice").output
    assert "checked as Codeine + Paracetamol" in output
    assert "checked as Ibuprofen; 'honey' NOT CHECKED for interactions" in output
