"""The instrument content files: what ships, what must not, and how broken files fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from painwise.core.content import ContentError
from painwise.instruments.catalog import (
    CORE_DIR,
    UnknownInstrumentError,
    catalogue,
    get_instrument,
    load_directory,
)

SHIPPED = {"peg", "phq9", "phq2", "phq4", "gad7", "gad2", "pcl5", "pcptsd5", "pgic", "auditc", "cows"}
NOT_SHIPPED = {"bpi", "bpi_sf", "promis", "pcs", "isi", "pseq", "fsfi", "fsfi6", "fsds_r", "dast10", "sows"}


def _raw(instrument_id: str) -> Any:
    return yaml.safe_load((CORE_DIR / f"{instrument_id}.yaml").read_text(encoding="utf-8"))


def _write(directory: Path, data: dict[str, Any]) -> Path:
    path = directory / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_exactly_the_licensed_instruments_ship() -> None:
    assert set(catalogue()) == SHIPPED


def test_no_proprietary_instrument_file_is_in_the_core_folder() -> None:
    present = {path.stem for path in CORE_DIR.glob("*")}
    assert present.isdisjoint(NOT_SHIPPED)


def test_cows_is_for_clinicians_only_and_everything_else_is_self_report() -> None:
    audiences = {key: instrument.audience for key, instrument in catalogue().items()}
    assert audiences.pop("cows") == "clinician"
    assert set(audiences.values()) == {"self_report"}


def test_every_instrument_shows_a_licence_notice() -> None:
    for instrument in catalogue().values():
        assert len(instrument.licence.notice) > 20, instrument.id


def test_pfizer_notice_is_on_every_phq_and_gad_form() -> None:
    for key in ("phq9", "phq2", "phq4", "gad7", "gad2"):
        assert "Pfizer" in get_instrument(key).licence.notice


def test_instruments_are_found_by_their_printed_names() -> None:
    assert get_instrument("PHQ-9").id == "phq9"
    assert get_instrument("PC-PTSD-5").id == "pcptsd5"
    assert get_instrument("audit-c").id == "auditc"


def test_unknown_instrument_is_refused_with_the_known_list() -> None:
    with pytest.raises(UnknownInstrumentError, match="'BPI'; known: auditc"):
        get_instrument("BPI")


def test_review_dates_are_recent_and_not_in_the_future() -> None:
    today = dt.date.today()
    for instrument in catalogue().values():
        assert dt.timedelta(0) <= today - instrument.review_date <= dt.timedelta(days=548), instrument.id


def test_baseline_conditions_exist_in_the_condition_list() -> None:
    listed = yaml.safe_load((CORE_DIR.parent / "conditions.yaml").read_text(encoding="utf-8"))
    conditions = {entry["id"] for entry in listed["conditions"]}
    for instrument in catalogue().values():
        named = set(instrument.cadence.baseline_for) - {"any"}
        assert named <= conditions, instrument.id


def test_a_missing_weight_fails_naming_the_file_and_the_item(tmp_path: Path) -> None:
    data = _raw("gad7")
    data["id"] = "gad7copy"
    data["items"][2]["options"] = [dict(option) for option in data["items"][2]["options"]]
    del data["items"][2]["options"][1]["value"]
    _write(tmp_path, data)
    with pytest.raises(ContentError, match=r"gad7copy\.yaml: items\[gad7_3\]\.options\[Several days\]\.value"):
        load_directory(tmp_path, core=False)


def test_bands_with_a_gap_are_refused(tmp_path: Path) -> None:
    data = _raw("phq9")
    data["id"] = "phq9gap"
    data["bands"]["ranges"][1]["min"] = 6
    _write(tmp_path, data)
    with pytest.raises(ContentError, match="leave a gap or overlap"):
        load_directory(tmp_path, core=False)


def test_a_rule_naming_an_unknown_item_is_refused(tmp_path: Path) -> None:
    data = _raw("phq9")
    data["id"] = "phq9typo"
    data["safety"][0]["item"] = "phq9_99"
    _write(tmp_path, data)
    with pytest.raises(ContentError, match="unknown items: phq9_99"):
        load_directory(tmp_path, core=False)


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path: Path) -> None:
    data = _raw("phq2")
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match="does not match the file name"):
        load_directory(tmp_path, core=False)


def test_a_licensed_deployment_adds_an_instrument_from_its_own_folder(tmp_path: Path) -> None:
    data = _raw("gad2")
    data.update(id="licensed_scale", short_name="LS-2", name="A scale the deployment holds a licence for")
    data["licence"]["verdict"] = "licensed_by_deployment"
    _write(tmp_path, data)
    instruments = catalogue([tmp_path])
    assert instruments["licensed_scale"].licence.verdict == "licensed_by_deployment"
    assert set(instruments) > SHIPPED


def test_a_licensed_only_instrument_cannot_be_placed_in_the_core_folder(tmp_path: Path) -> None:
    data = _raw("gad2")
    data["licence"]["verdict"] = "licensed_by_deployment"
    _write(tmp_path, data)
    with pytest.raises(ContentError, match="may not ship in the open-source core"):
        load_directory(tmp_path, core=True)


def test_an_extra_instrument_cannot_replace_a_shipped_one(tmp_path: Path) -> None:
    _write(tmp_path, _raw("phq9"))
    with pytest.raises(ContentError, match="duplicates instrument 'phq9'"):
        catalogue([tmp_path])
