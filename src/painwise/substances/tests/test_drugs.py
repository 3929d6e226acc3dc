"""Finding drugs by what people type: generic names, brands, any case, strengths attached, combinations."""

from __future__ import annotations

import pytest

from painwise.substances.drugs import expand_classes, match_drug, read_name, reading_of_keys, search_drugs


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("oxycodone", "oxycodone"),
        ("OxyContin", "oxycodone"),
        ("XANAX", "alprazolam"),
        ("Lyrica 75 mg", "pregabalin"),
        ("seroquel xr", "quetiapine"),
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


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("paracetamol/codeine", {"paracetamol", "codeine"}),
        ("ibuprofen and codeine", {"ibuprofen", "codeine"}),
        ("Acetaminophen w/ codeine 300/30", {"paracetamol", "codeine"}),
        ("tramadol + sertraline", {"tramadol", "sertraline"}),
        ("oxycodone & naloxone", {"oxycodone", "naloxone"}),
        ("Co-codamol 30/500", {"codeine", "paracetamol"}),
        ("Tylenol #3", {"codeine", "paracetamol"}),
        ("Tylenol with Codeine #3", {"codeine", "paracetamol"}),
        ("Nurofen Plus 200mg/12.8mg", {"ibuprofen", "codeine"}),
        ("Percocet 5/325", {"oxycodone", "paracetamol"}),
        ("Norco", {"hydrocodone", "paracetamol"}),
        ("Solpadeine", {"codeine", "paracetamol", "caffeine"}),
        ("Excedrin Migraine", {"paracetamol", "aspirin", "caffeine"}),
        ("Contrave", {"naltrexone", "bupropion"}),
        ("Co-dydramol", {"dihydrocodeine", "paracetamol"}),
    ],
)
def test_a_combination_is_read_for_every_ingredient(typed: str, keys: set[str]) -> None:
    reading = read_name(typed)
    assert set(reading.keys) == keys
    assert reading.unknown_parts == ()


def test_a_combination_with_an_unknown_part_names_that_part_as_typed() -> None:
    reading = read_name("Ibuprofen and Grandma's tonic")
    assert reading.keys == ("ibuprofen",)
    assert reading.unknown_parts == ("Grandma's tonic",)


def test_strengths_forms_salts_and_schedules_are_never_reported_as_unknown_parts() -> None:
    assert read_name("Co-codamol 30/500 mg effervescent tablets").unknown_parts == ()
    reading = read_name("oxycodone hydrochloride 10 mg twice daily")
    assert (reading.keys, reading.unknown_parts) == (("oxycodone",), ())


def test_other_words_next_to_a_brand_are_not_silently_ignored() -> None:
    # "Tylenol Cold" has more in it than paracetamol; Painwise cannot know what.
    reading = read_name("Tylenol Cold")
    assert (reading.keys, reading.unknown_parts) == (("paracetamol",), ("Cold",))


def test_a_name_with_nothing_recognised_is_one_unknown_part() -> None:
    reading = read_name("Grandma's tonic and honey")
    assert reading.ingredients == ()
    assert reading.unknown_parts == ("Grandma's tonic and honey",)


def test_a_single_drug_lookup_refuses_a_combination() -> None:
    assert match_drug("Co-codamol") is None
    assert match_drug("co-codamol") is None


def test_poppers_and_st_johns_wort_are_recognised_however_written() -> None:
    assert read_name("poppers").keys == ("amyl_nitrite",)
    assert read_name("St. John's Wort").keys == read_name("st johns wort").keys == ("st_johns_wort",)


def test_ingredients_of_a_product_remember_the_product() -> None:
    reading = read_name("Vicodin")
    assert {drug.product for drug in reading.ingredients} == {"vicodin"}
    assert {drug.product for drug in read_name("hydrocodone/paracetamol").ingredients} == {""}


def test_stored_keys_give_back_every_ingredient() -> None:
    reading = reading_of_keys("codeine+paracetamol")
    assert reading is not None
    assert reading.keys == ("codeine", "paracetamol")
    product = reading_of_keys("co_codamol")
    assert product is not None
    assert product.text == "Co-codamol"
    assert reading_of_keys("nonsense") is None


def test_search_shows_a_combination_product_with_its_ingredients() -> None:
    (hit,) = [h for h in search_drugs("co-coda") if h.key == "co_codamol"]
    assert hit.ingredients == ("Codeine", "Paracetamol")
    assert "opioid" in hit.classes
