"""The interaction checker: every rule fires on its own example, combinations add up, nothing is dropped."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from painwise.substances.interactions import InteractionWarning, Item, check_interactions, resolve, table

# One realistic pair per rule: (medication names, logged substances).
RULE_EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "kratom_opioid": (["Oxycodone"], ["kratom"]),
    "kratom_benzodiazepine": (["Xanax"], ["kratom"]),
    "kratom_gabapentinoid": (["Gabapentin"], ["kratom"]),
    "kratom_alcohol": ([], ["kratom", "alcohol"]),
    "kratom_sedative": (["Promethazine"], ["kratom"]),
    "kratom_quetiapine": (["Seroquel"], ["kratom"]),
    "kratom_cyp3a4_substrate": (["Apixaban"], ["kratom"]),
    "kratom_cyp2d6_substrate": (["Venlafaxine"], ["kratom"]),
    "kratom_serotonergic": (["Sertraline"], ["kratom"]),
    "opioid_benzodiazepine": (["Morphine", "Diazepam"], []),
    "opioid_gabapentinoid": (["Morphine", "Pregabalin"], []),
    "opioid_alcohol": (["Morphine"], ["alcohol"]),
    "opioid_sedative": (["Morphine", "Cyclobenzaprine"], []),
    "benzodiazepine_alcohol": (["Lorazepam"], ["alcohol"]),
    "gabapentinoid_sedative": (["Gabapentin", "Hydroxyzine"], []),
    "alcohol_sedative": (["Mirtazapine"], ["alcohol"]),
    "tramadol_serotonergic": (["Tramadol", "Sertraline"], []),
    "serotonergic_pair": (["Sertraline", "Amitriptyline"], []),
    "prodrug_opioid_cyp2d6_inhibitor": (["Codeine", "Bupropion"], []),
    "opioid_cyp3a4_inhibitor": (["Oxycodone", "Clarithromycin"], []),
    "opioid_cyp3a4_inducer": (["Fentanyl", "Rifampicin"], []),
    "naltrexone_opioid": (["Naltrexone", "Hydromorphone"], []),
    "naltrexone_kratom": (["Naltrexone"], ["kratom"]),
    "buprenorphine_full_agonist": (["Butrans", "Morphine"], []),
    "tapentadol_serotonergic": (["Tapentadol", "Sertraline"], []),
    "bupropion_tramadol": (["Bupropion", "Tramadol"], []),
    "nsaid_anticoagulant": (["Ibuprofen", "Warfarin"], []),
    "antiplatelet_anticoagulant": (["Aspirin", "Apixaban"], []),
    "nsaid_antiplatelet": (["Naproxen", "Clopidogrel"], []),
    "antiplatelet_pair": (["Aspirin", "Clopidogrel"], []),
    "nsaid_pair": (["Ibuprofen", "Diclofenac"], []),
    "paracetamol_duplicate": (["Co-codamol", "Paracetamol"], []),
    "ssri_snri_bleeding": (["Sertraline", "Ibuprofen"], []),
    "ssri_snri_anticoagulant": (["Citalopram", "Warfarin"], []),
    "lithium_nsaid": (["Lithium", "Naproxen"], []),
    "lithium_blood_pressure": (["Lithium", "Ramipril"], []),
    "nsaid_kidney": (["Ibuprofen", "Furosemide"], []),
    "methotrexate_nsaid": (["Methotrexate", "Ibuprofen"], []),
    "methotrexate_trimethoprim": (["Methotrexate", "Trimethoprim"], []),
    "maoi_serotonergic_opioid": (["Phenelzine", "Pethidine"], []),
    "maoi_serotonergic": (["Linezolid", "Sertraline"], []),
    "maoi_opioid": (["Selegiline", "Morphine"], []),
    "maoi_kratom": (["Phenelzine"], ["kratom"]),
    "maoi_bupropion": (["Moclobemide", "Bupropion"], []),
    "maoi_decongestant": (["Tranylcypromine", "Pseudoephedrine"], []),
    "triptan_ssri_snri": (["Sumatriptan", "Venlafaxine"], []),
    "pde5_nitrate": (["Sildenafil", "GTN"], []),
    "st_johns_wort_antidepressant": (["St John's wort", "Sertraline"], []),
    "st_johns_wort_anticoagulant": (["St John's wort", "Warfarin"], []),
    "st_johns_wort_cyp3a4_substrate": (["St John's wort", "Sildenafil"], []),
}

NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def run(medications: list[str], logged: list[str]) -> list[InteractionWarning]:
    return check_interactions([Item(name) for name in medications], [Item(n, logged_at=NOW) for n in logged])


def test_every_shipped_rule_has_an_example_here() -> None:
    assert {rule.id for rule in table().rules} == set(RULE_EXAMPLES)


@pytest.mark.parametrize("rule_id", sorted(RULE_EXAMPLES))
def test_each_rule_warns_on_its_example_with_advice_and_a_source(rule_id: str) -> None:
    medications, logged = RULE_EXAMPLES[rule_id]
    warnings = [w for w in run(medications, logged) if w.rule_id == rule_id]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.sources
    assert "doctor or pharmacist" in warning.talk_to_clinician
    assert warning.what_to_do


def test_oxycodone_alprazolam_and_kratom_give_three_serious_warnings_first() -> None:
    warnings = run(["Oxycodone", "Alprazolam"], ["kratom"])
    serious = [w for w in warnings if w.severity == "serious"]
    assert {w.rule_id for w in serious} == {"kratom_opioid", "kratom_benzodiazepine", "opioid_benzodiazepine"}
    assert warnings[: len(serious)] == serious
    assert all(w.severity == "caution" for w in warnings[len(serious) :])


def test_kratom_with_opioid_names_respiratory_depression() -> None:
    (warning,) = [w for w in run(["Oxycodone"], ["kratom"]) if w.rule_id == "kratom_opioid"]
    assert warning.items == ("kratom", "Oxycodone")
    assert "breathing" in warning.mechanism


def test_kratom_with_cyp_substrates_names_the_case_report_drugs() -> None:
    reports = " ".join(report for w in run(["Seroquel", "Venlafaxine"], ["kratom"]) for report in w.case_reports)
    assert "quetiapine" in reports
    assert "venlafaxine" in reports


def test_a_specific_rule_replaces_the_general_one_for_the_same_pair_only() -> None:
    ids = [w.rule_id for w in run(["Quetiapine", "Promethazine"], ["kratom"])]
    assert "kratom_quetiapine" in ids
    assert ids.count("kratom_sedative") == 1  # promethazine still gets the general rule


def test_unknown_names_are_reported_as_not_checked_after_interactions() -> None:
    warnings = run(["Oxycodone", "Grandma's tonic"], ["kratom"])
    assert warnings[-1].severity == "not_checked"
    assert warnings[-1].items == ("Grandma's tonic",)
    assert "not been checked" in warnings[-1].what_to_do


def test_a_stored_drug_key_is_used_when_nothing_in_the_label_is_on_the_list() -> None:
    assert resolve(Item("my night pill", drug_key="zolpidem")).keys == ("zolpidem",)
    assert resolve(Item("my pain pills", drug_key="codeine+paracetamol")).keys == ("codeine", "paracetamol")


def test_a_recognised_label_wins_over_a_stale_stored_key() -> None:
    # Rows saved before combinations were read kept only the first ingredient.
    assert resolve(Item("paracetamol/codeine", drug_key="paracetamol")).keys == ("paracetamol", "codeine")


def test_listing_a_drug_twice_or_logging_kratom_often_does_not_repeat_warnings() -> None:
    once = run(["Oxycodone"], ["kratom"])
    many = run(["Oxycodone", "oxycontin"], ["kratom", "Kratom", "kratom"])
    assert [w.rule_id for w in once] == [w.rule_id for w in many]


def test_nothing_is_silently_dropped_every_matching_pair_gets_a_warning() -> None:
    names = [
        "Oxycodone",
        "Alprazolam",
        "Gabapentin",
        "Seroquel",
        "Sertraline",
        "Tramadol",
        "Bupropion",
        "Clarithromycin",
        "Naltrexone",
        "Mirtazapine",
    ]
    warnings = run(names, ["kratom", "alcohol"])
    warned_pairs = {frozenset(p.labels) for w in warnings for p in w.pairs}
    for first, second in itertools.combinations([*names, "kratom", "alcohol"], 2):
        (one,), (other,) = resolve(Item(first)).ingredients, resolve(Item(second)).ingredients
        if any(
            (r.a.matches(one) and r.b.matches(other)) or (r.a.matches(other) and r.b.matches(one))
            for r in table().rules
        ):
            assert frozenset({first, second}) in warned_pairs, (first, second)


def test_no_medicines_means_no_warnings() -> None:
    assert check_interactions([], []) == []


def test_paracetamol_and_ibuprofen_alone_raise_nothing() -> None:
    assert run(["Paracetamol", "Ibuprofen"], []) == []


def test_a_combination_product_is_checked_for_every_ingredient() -> None:
    warnings = run(["Nurofen Plus", "Warfarin", "Diazepam"], [])
    by_rule = {w.rule_id: w for w in warnings}
    assert by_rule["nsaid_anticoagulant"].items == ("Nurofen Plus (Ibuprofen)", "Warfarin")
    assert by_rule["opioid_benzodiazepine"].items == ("Nurofen Plus (Codeine)", "Diazepam")


def test_a_typed_combination_is_read_in_full_not_as_its_first_ingredient() -> None:
    ids = {w.rule_id for w in run(["paracetamol/codeine", "Zopiclone"], [])}
    assert "opioid_benzodiazepine" in ids


def test_drugs_typed_together_as_one_entry_are_checked_against_each_other() -> None:
    (warning,) = [w for w in run(["tramadol and sertraline"], []) if w.is_interaction]
    assert warning.rule_id == "tramadol_serotonergic"


def test_ingredients_of_one_fixed_product_are_not_checked_against_each_other() -> None:
    assert run(["Contrave"], []) == []
    assert run(["Suboxone"], []) == []


def test_an_unknown_part_of_a_combination_is_reported_as_not_checked() -> None:
    warnings = run(["Ibuprofen and Grandma's tonic", "Warfarin"], [])
    assert warnings[0].rule_id == "nsaid_anticoagulant"
    (unchecked,) = [w for w in warnings if not w.is_interaction]
    assert unchecked.title == "Grandma's tonic (in Ibuprofen and Grandma's tonic): not checked for interactions"
    assert unchecked.items == ("Ibuprofen and Grandma's tonic",)


def test_a_caution_for_several_medicines_is_shown_once_and_names_each_of_them() -> None:
    warnings = run(["Apixaban", "Alprazolam", "Sildenafil"], ["kratom"])
    cyp = [w for w in warnings if w.rule_id == "kratom_cyp3a4_substrate"]
    assert len(cyp) == 1
    expected = {("kratom", "Apixaban"), ("kratom", "Alprazolam"), ("kratom", "Sildenafil")}
    assert {p.labels for p in cyp[0].pairs} == expected
    titles = [w.title for w in warnings]
    assert len(titles) == len(set(titles))


def test_the_same_drug_in_two_medicines_warns_only_where_doubling_matters() -> None:
    assert [w.rule_id for w in run(["Co-codamol", "Panadol"], [])] == ["paracetamol_duplicate"]
    assert run(["Oxycodone", "OxyContin"], []) == []


def test_a_warning_narrowed_to_one_medicine_keeps_only_its_pairs() -> None:
    (warning,) = [w for w in run(["Apixaban", "Alprazolam"], ["kratom"]) if w.rule_id == "kratom_cyp3a4_substrate"]
    narrowed = warning.narrowed_to(["apixaban"])
    assert narrowed is not None
    assert narrowed.items == ("kratom", "Apixaban")
    assert warning.narrowed_to(["sertraline"]) is None
