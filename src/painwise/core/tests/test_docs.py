"""Docs generated from code must match the code (datasette-style docs test)."""

from __future__ import annotations

from pathlib import Path

from painwise.cli.reference import cli_markdown
from painwise.config import SETTINGS, settings_markdown

ROOT = Path(__file__).resolve().parents[4]


def test_configuration_reference_is_current() -> None:
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == settings_markdown(), (
        "docs/configuration.md is stale: run `painwise docs`")


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_markdown(), (
        "docs/cli.md is stale: run `painwise docs`")


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.env in readme or "docs/configuration.md" in readme, setting.env
