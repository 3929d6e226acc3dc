"""`painwise questionnaire list` and `painwise questionnaire score` from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from painwise.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["questionnaire", *args])
    return result.exit_code, result.output


def test_list_shows_every_instrument_with_its_licence_notice() -> None:
    code, output = run("list")
    assert code == 0
    assert "phq9      PHQ-9: Patient Health Questionnaire-9" in output
    assert "COWS: Clinical Opiate Withdrawal Scale (clinician only)" in output
    assert "No permission required to reproduce" in output


def test_score_prints_total_band_cutoffs_and_change() -> None:
    code, output = run("score", "PHQ-9", "--answers", "2,2,2,2,1,1,0,0,0", "--previous", "15")
    assert code == 0
    assert "PHQ-9 total: 10 (range 0–27)" in output
    assert "Band: Moderate (10–14)" in output
    assert "Change since 15: -5 points, better; reaches the minimal important change of 5 points" in output
    assert "Safety flags: none" in output


def test_score_prints_pcl5_clusters_and_the_symptom_rule() -> None:
    code, output = run("score", "pcl5", "--answers", "2,0,0,0,0,2,0,2,2,0,0,0,0,0,2,2,0,0,0,0")
    assert code == 0
    assert "Subscale Intrusion (cluster B): 2" in output
    assert "Only a clinician can make a diagnosis.: met" in output


def test_a_positive_item9_prints_the_flag_and_crisis_lines_for_the_country() -> None:
    code, output = run("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--country", "AU")
    assert code == 0
    assert "Safety flags: phq9_item9_positive" in output
    assert "Lifeline: 13 11 14 / text 0477 13 11 14" in output


def test_a_blank_item9_gives_no_total_and_raises_the_missing_flag() -> None:
    code, output = run("score", "phq9", "--answers", "1,1,1,1,1,1,1,1,")
    assert code == 0
    assert "PHQ-9: no total. Question 9 not answered." in output
    assert "phq9_item9_missing" in output


def test_json_output_holds_the_whole_result() -> None:
    code, output = run("score", "phq4", "--answers", "2,1,1,1", "--json")
    body = json.loads(output)
    assert code == 0
    assert body["total"] == 5
    assert [s["positive"] for s in body["subscales"]] == [True, False]


def test_an_out_of_range_answer_fails_naming_the_question() -> None:
    code, output = run("score", "gad2", "--answers", "1,9")
    assert code == 1
    assert "GAD-2 question 2 (gad2_2): 9 is not one of 0, 1, 2, 3" in output


def test_the_wrong_number_of_answers_fails() -> None:
    code, output = run("score", "gad2", "--answers", "1,1,1")
    assert code == 1
    assert "GAD-2 has 2 questions, got 3 answers" in output


def test_a_word_instead_of_a_number_fails_naming_its_place() -> None:
    code, output = run("score", "gad2", "--answers", "1,often")
    assert code == 2
    assert "answer 2 ('often') is not a whole number" in output


def test_an_unknown_instrument_fails_with_the_known_list() -> None:
    code, output = run("score", "BPI", "--answers", "1")
    assert code == 1
    assert "unknown instrument 'BPI'; known: auditc" in output


def test_the_shipped_questionnaire_index_matches_the_validated_files() -> None:
    from painwise.instruments.listing import INDEX, index_text

    assert INDEX.read_text(encoding="utf-8") == index_text(), "run `painwise docs` to regenerate the index"


def _fake_index(path: Path, digest: str) -> None:
    fake = {"id": "fake", "short_name": "FAKE", "name": "Not a real instrument", "audience": "self_report",
            "questions": 1, "total_low": 0, "total_high": 1, "licence_notice": "none"}
    path.write_text(json.dumps({"digest": digest, "instruments": [fake]}), encoding="utf-8")


def test_the_list_reads_the_index_when_it_matches_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from painwise.instruments import listing

    monkeypatch.setattr(listing, "INDEX", tmp_path / "index.json")
    _fake_index(listing.INDEX, listing.files_digest())
    code, output = run("list")
    assert code == 0
    assert "fake      FAKE: Not a real instrument" in output


def test_the_list_validates_the_files_when_the_index_is_stale_or_missing(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from painwise.instruments import listing

    monkeypatch.setattr(listing, "INDEX", tmp_path / "index.json")
    _fake_index(listing.INDEX, "a digest of other files")
    code, output = run("list")
    assert code == 0
    assert "FAKE" not in output
    assert "phq9      PHQ-9: Patient Health Questionnaire-9" in output
    listing.INDEX.unlink()
    assert "phq9      PHQ-9" in run("list")[1]


def test_a_deployments_own_instruments_are_listed_from_their_files(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from painwise.instruments.catalog import CORE_DIR

    (tmp_path / "peg2.yaml").write_text(
        (CORE_DIR / "peg.yaml").read_text(encoding="utf-8").replace("id: peg\n", "id: peg2\n", 1)
        .replace("short_name: PEG\n", "short_name: PEG-copy\n", 1), encoding="utf-8")
    monkeypatch.setenv("PAINWISE_EXTRA_INSTRUMENTS_DIR", str(tmp_path))
    code, output = run("list")
    assert code == 0, output
    assert "peg2      PEG-copy" in output
    assert "phq9      PHQ-9" in output
