"""The substance content files: every entry sourced and fresh, and broken files fail loudly at load time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from painwise.core.content import ContentError, SourcedEntry, stale_entries, validate
from painwise.substances import drugs, interactions, legal, withdrawal
from painwise.substances.drugs import DrugCatalog
from painwise.substances.interactions import InteractionTable, UnknownRuleTargetError


def sourced_entries() -> list[SourcedEntry]:
    catalog = drugs.catalog()
    table = interactions.table()
    checks = withdrawal.content()
    return [
        *catalog.classes,
        *catalog.drugs,
        *catalog.products,
        *catalog.ceilings,
        *table.rules,
        *legal.table().jurisdictions,
        checks.check,
        *checks.signals,
        checks.support,
    ]


def test_every_substance_content_entry_cites_a_source_and_is_freshly_reviewed() -> None:
    entries = sourced_entries()
    assert len(entries) > 150
    assert all(entry.sources for entry in entries)
    assert stale_entries(entries) == []


def test_an_entry_reviewed_too_long_ago_is_reported_as_stale() -> None:
    rule = interactions.table().rules[0]
    old = rule.model_copy(update={"review_date": dt.date(2020, 1, 1)})
    assert stale_entries([old], today=dt.date(2026, 11, 21)) == [old]


def raw(name: str) -> dict:  # type: ignore[type-arg]
    path = Path(drugs.__file__).resolve().parent.parent / "content" / name
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_a_drug_without_a_source_is_refused() -> None:
    data = raw("drugs.yaml")
    data["drugs"][0]["sources"] = []
    with pytest.raises(ContentError, match="sources"):
        validate(data, DrugCatalog, origin="drugs.yaml")


def test_a_drug_in_an_unknown_class_is_refused() -> None:
    data = raw("drugs.yaml")
    data["drugs"][0]["classes"] = ["opiod"]
    with pytest.raises(ContentError, match="opiod"):
        validate(data, DrugCatalog, origin="drugs.yaml")


def test_a_brand_name_pointing_at_two_drugs_is_refused() -> None:
    data = raw("drugs.yaml")
    data["drugs"][1]["brands"].append(data["drugs"][0]["name"])
    with pytest.raises(ContentError, match="duplicate drug name"):
        validate(data, DrugCatalog, origin="drugs.yaml")


def test_a_product_with_an_ingredient_not_on_the_list_is_refused() -> None:
    data = raw("drugs.yaml")
    data["products"][0]["ingredients"] = ["codeine", "paracetamool"]
    with pytest.raises(ContentError, match="paracetamool"):
        validate(data, DrugCatalog, origin="drugs.yaml")


def test_a_product_brand_that_is_also_a_drug_brand_is_refused() -> None:
    data = raw("drugs.yaml")
    data["products"][0]["brands"].append("Tylenol")
    with pytest.raises(ContentError, match="duplicate drug name"):
        validate(data, DrugCatalog, origin="drugs.yaml")


def test_every_product_has_at_least_two_ingredients() -> None:
    assert all(len(product.ingredients) >= 2 for product in drugs.catalog().products)


def test_a_rule_naming_an_unknown_class_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    data = raw("interactions.yaml")
    data["rules"][0]["b"] = {"classes": ["benzodiazapine"]}
    broken = validate(data, InteractionTable, origin="interactions.yaml")
    interactions.table.cache_clear()
    monkeypatch.setattr(interactions, "load", lambda *_args: broken)
    try:
        with pytest.raises(UnknownRuleTargetError, match="benzodiazapine"):
            interactions.table()
    finally:
        interactions.table.cache_clear()


def test_a_rule_superseding_a_rule_that_does_not_exist_is_refused() -> None:
    data = raw("interactions.yaml")
    data["rules"][0]["supersedes"] = ["no_such_rule"]
    with pytest.raises(ContentError, match="no_such_rule"):
        validate(data, InteractionTable, origin="interactions.yaml")


def test_every_amount_ceiling_explains_itself_as_a_typing_guard_not_a_safe_dose() -> None:
    for ceiling in drugs.catalog().ceilings:
        assert "typing error" in ceiling.note


def test_kratom_and_alcohol_ceilings_never_allow_more_than_the_therapy_catalog() -> None:
    from painwise.therapies.catalog import catalog as therapy_catalog

    for ceiling in drugs.catalog().ceilings:
        units = therapy_catalog()[ceiling.substance].amount.units
        assert ceiling.unit in units, ceiling.form
        assert ceiling.maximum <= units[ceiling.unit], ceiling.form
