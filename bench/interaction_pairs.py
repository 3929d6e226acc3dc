"""How many reference pairs the interaction checker gets right.

Reads the must-warn and must-not-warn pairs in src/painwise/substances/tests/interaction_pairs.yaml
(each with the reference it comes from) and prints, for the current rule and drug files:
must-warn pairs caught at the expected severity, must-warn pairs caught at any severity, must-warn
pairs missed with no warning at all (silent), and must-not-warn pairs left quiet. Run:

    .venv/bin/python bench/interaction_pairs.py [--verbose]
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path
from typing import Any

import yaml

from painwise.substances.interactions import SEVERITY_ORDER, InteractionWarning, Item, check_interactions

ROOT = Path(__file__).resolve().parent.parent
PAIRS_FILE = ROOT / "src" / "painwise" / "substances" / "tests" / "interaction_pairs.yaml"


def strongest(warnings: list[InteractionWarning]) -> str | None:
    """The most severe interaction warning's severity, or None when nothing interacted."""
    found = [w.severity for w in warnings if w.is_interaction]
    return min(found, key=SEVERITY_ORDER.__getitem__) if found else None


def check(pair: dict[str, Any]) -> list[InteractionWarning]:
    return check_interactions([Item(pair["a"]), Item(pair["b"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every pair that is not right")
    verbose = parser.parse_args().verbose
    pairs = yaml.safe_load(PAIRS_FILE.read_text(encoding="utf-8"))
    must_warn, must_not_warn = pairs["must_warn"], pairs["must_not_warn"]
    exact = any_severity = silent = quiet = 0
    for pair in must_warn:
        warnings = check(pair)
        severity = strongest(warnings)
        exact += severity == pair["expect"]
        any_severity += severity is not None
        silent += not warnings
        if verbose and severity != pair["expect"]:
            print(f"  wrong: {pair['a']} + {pair['b']}: expected {pair['expect']}, got {severity or 'nothing'}")
    for pair in must_not_warn:
        warnings = check(pair)
        quiet += not warnings
        if verbose and warnings:
            print(f"  not quiet: {pair['a']} + {pair['b']}: {[w.title for w in warnings]}")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")
    print(f"must-warn pairs caught at the expected severity: {exact} of {len(must_warn)}")
    print(f"must-warn pairs caught at any severity:          {any_severity} of {len(must_warn)}")
    print(f"must-warn pairs missed with no warning at all:   {silent} of {len(must_warn)}")
    print(f"must-not-warn pairs left quiet (and checked):    {quiet} of {len(must_not_warn)}")


if __name__ == "__main__":
    main()
