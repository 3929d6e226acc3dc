"""Finding drugs by what people type: generic names, brand names, any case, with strengths attached."""

from __future__ import annotations

import pytest

from painwise.substances.drugs import expand_classes, match_drug, search_drugs


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("oxycodone", "oxycodone"),
        ("OxyContin", "oxycodone"),
        ("XANAX", "alprazolam"),
        ("Lyrica 75 mg", "pregabalin"),
        ("seroquel xr", "quetiapine"),
        ("Tylenol with Codeine #3", "codeine"),
        ("acetaminophen", "paracetamol"),
        ("  Effexor  ", "venlafaxine"),
        ("7-OH", "kratom"),
    ],
)
def test_typed_names_and_brands_match_the_listed_drug(typed: str, key: str) -> None:
    match = match_drug(typed)
    assert match is not None
    assert match.key == key


def test_a_name_not_on_the_list_does_not_match() -> None:
    assert match_drug("Grandma's tonic") is None
    assert match_drug("") is None


def test_a_match_carries_parent_classes_so_an_opioid_counts_as_sedating() -> None:
    match = match_drug("oxycodone")
    assert match is not None
    assert {"opioid", "cns_depressant", "cyp3a4_substrate"} <= match.classes


def test_class_expansion_adds_ancestors() -> None:
    assert expand_classes(["ssri"]) == frozenset({"ssri", "serotonergic"})


def test_search_finds_brand_prefixes_first() -> None:
    names = [m.name for m in search_drugs("oxy")]
    assert names[:2] == ["Oxycodone", "Oxymorphone"]


def test_search_by_class_word_lists_the_whole_class() -> None:
    names = {m.name for m in search_drugs("benzodiazepine")}
    assert {"Alprazolam", "Diazepam", "Clonazepam", "Lorazepam"} <= names


def test_search_for_nothing_returns_nothing() -> None:
    assert search_drugs("   ") == []
