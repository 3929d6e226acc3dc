"""What starting Painwise loads: every database command and web worker pays for django.setup(), so the
heavy libraries of single features (statistics, PDF, charts) wait until a feature needs them, and the
commands that need no database do not set up Django at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("scipy", "fpdf", "matplotlib", "fontTools")


def loaded_after(code: str, tmp_path: Path) -> set[str]:
    """Top-level packages loaded by ``code`` in a fresh interpreter (with a throw-away data directory)."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "painwise.settings", "PAINWISE_DATA_DIR": str(tmp_path)}
    env.pop("PAINWISE_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,  # noqa: S603
                          check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_django_setup_leaves_the_statistics_pdf_and_chart_libraries_unloaded(tmp_path: Path) -> None:
    loaded = loaded_after("import django\ndjango.setup()", tmp_path)
    assert "painwise" in loaded
    assert loaded & set(HEAVY) == set()


def test_questionnaire_commands_start_without_django(tmp_path: Path) -> None:
    code = ("import sys\nfrom painwise.cli import cli\n"
            "try:\n    cli(['questionnaire', 'score', 'peg', '--answers', '5,6,4'])\nexcept SystemExit:\n    pass")
    loaded = loaded_after(code, tmp_path)
    assert "click" in loaded
    assert loaded & {"django", *HEAVY} == set()
