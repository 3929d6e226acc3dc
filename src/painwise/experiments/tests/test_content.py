"""The safety rules are sourced content that names real drug classes."""

from __future__ import annotations

from painwise.core.content import stale_entries
from painwise.experiments.safety import check_name, rules
from painwise.substances.drugs import catalog


def test_every_safety_rule_has_sources_a_current_review_date_and_a_known_class() -> None:
    loaded = rules()
    entries = [*loaded.never, *loaded.taper]
    assert not stale_entries(entries)
    known = {c.key for c in catalog().classes}
    for entry in entries:
        assert entry.sources
        assert entry.class_ in known


def test_every_taper_flag_cites_a_doi_or_a_guideline_code() -> None:
    # A web address alone is not enough for a rule that refuses a medicine: a DOI or a guideline code is.
    for rule in rules().taper:
        assert any(source.doi or source.guideline for source in rule.sources), rule.class_


def test_baclofen_is_a_taper_medicine_but_other_muscle_relaxants_only_need_the_prescriber() -> None:
    for name in ("baclofen 10 mg", "Lioresal", "medication:Ozobax"):
        finding = check_name(name)
        assert finding.refused
        assert "stopped suddenly" in finding.reason
    methocarbamol = check_name("methocarbamol")
    assert (methocarbamol.refused, methocarbamol.medicine) == (False, True)


def test_the_never_list_covers_every_substance_with_dependence_risk() -> None:
    assert {r.class_ for r in rules().never} >= {
        "opioid", "benzodiazepine", "z_drug", "gabapentinoid", "alcohol", "kratom_alkaloid"}


def test_names_are_read_through_the_drug_list() -> None:
    assert check_name("medication:Zopiclone").refused
    assert check_name("amitriptyline 10 mg").refused
    assert not check_name("pelvic_floor").refused
    assert check_name("ibuprofen").medicine
    assert not check_name("heat pack").medicine
