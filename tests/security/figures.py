"""The security suite's figures, printed at the end of every run that includes it (also under xdist).

Loaded as a plugin by the root conftest.py, so the xdist controller (which collects nothing) has the hooks."""

from __future__ import annotations

import json
from typing import Any

import pytest

FIGURES: dict[str, int] = {}


def record(**figures: int) -> None:
    for name, value in figures.items():
        FIGURES[name] = FIGURES.get(name, 0) + value


def pytest_sessionfinish(session: Any) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the figures to the controller
        workeroutput["security_figures"] = json.dumps(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    record(**json.loads(getattr(node, "workeroutput", {}).get("security_figures", "{}")))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("security suite figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
