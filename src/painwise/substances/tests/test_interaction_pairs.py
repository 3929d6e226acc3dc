"""The reference pairs: every must-warn pair warns at the expected severity, every must-not-warn pair is quiet.

The pairs live in interaction_pairs.yaml with the reference for each; they were written from the
literature, not from the rule file, so a rule that is missing or mis-graded fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from painwise.substances.interactions import SEVERITY_ORDER, Item, check_interactions

PAIRS: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "interaction_pairs.yaml").read_text(encoding="utf-8")
)


def label(pair: dict[str, Any]) -> str:
    return f"{pair['a']} + {pair['b']}"


def test_the_reference_list_is_large_enough_and_every_pair_has_a_source() -> None:
    assert len(PAIRS["must_warn"]) >= 40
    assert len(PAIRS["must_not_warn"]) >= 12
    assert all(pair["source"] and pair["why"] for pairs in PAIRS.values() for pair in pairs)


@pytest.mark.parametrize("pair", PAIRS["must_warn"], ids=label)
def test_a_must_warn_pair_warns_at_the_expected_severity(pair: dict[str, Any]) -> None:
    warnings = check_interactions([Item(pair["a"]), Item(pair["b"])])
    interactions = [w for w in warnings if w.is_interaction]
    assert interactions, "silently missed"
    strongest = min(interactions, key=lambda w: SEVERITY_ORDER[w.severity])
    assert strongest.severity == pair["expect"]
    assert all(w.is_interaction for w in warnings), "a name in the pair was not recognised"


@pytest.mark.parametrize("pair", PAIRS["must_not_warn"], ids=label)
def test_a_must_not_warn_pair_is_checked_and_quiet(pair: dict[str, Any]) -> None:
    assert check_interactions([Item(pair["a"]), Item(pair["b"])]) == []
