"""How long `painwise` takes to start for commands that need no database, against `python -c pass`.

Each command runs in a fresh process several times; the median and the fastest wall-clock seconds are
printed, with the interpreter's own start-up (`python -c pass`) and Django's set-up (what every command
that opens the database pays on top) for comparison. The target is under 0.5 s for `painwise --help` and
the database-free commands. Run:

    .venv/bin/python bench/cli_start.py [--runs 7]

It uses a throw-away data directory, so nothing of yours is read or created, and a throw-away bytecode
cache (PYTHONPYCACHEPREFIX) warmed by one run of each command first, as an installed copy has its bytecode:
with PYTHONDONTWRITEBYTECODE set, every start would compile Painwise's source again.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRIAL = "day,period,condition,pain_average\n" + "".join(
    f"2026-01-{day:02d},{(day - 1) // 4 + 1},{'A' if (day - 1) // 2 % 2 == 0 else 'B'},{4 + day % 3}\n"
    for day in range(1, 25)
)


def painwise_command() -> list[str]:
    """The installed console script next to this interpreter, else the module's entry point."""
    script = Path(sys.executable).with_name("painwise")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from painwise.cli import main; main()"]


def timings(argv: list[str], *, runs: int, env: dict[str, str], stdin: str = "") -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="painwise-bench-")
    env = {**os.environ, "PAINWISE_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "painwise.settings",
           "PYTHONPYCACHEPREFIX": str(Path(data_dir) / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    painwise = painwise_command()
    cases: list[tuple[str, list[str], str]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], ""),
        ("painwise --help", [*painwise, "--help"], ""),
        ("painwise --version", [*painwise, "--version"], ""),
        ("painwise questionnaire list", [*painwise, "questionnaire", "list"], ""),
        ("painwise questionnaire score peg --answers 5,6,4", [*painwise, "questionnaire", "score", "peg",
                                                             "--answers", "5,6,4"], ""),
        ("painwise experiment analyse --from-file -", [*painwise, "experiment", "analyse", "--from-file", "-"], TRIAL),
        ("django.setup() alone (database commands)", [sys.executable, "-c", "import django; django.setup()"], ""),
    ]
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
          f"{args.runs} runs each; load average {os.getloadavg()[0]:.2f}")
    print(f"{'command':<52} {'median s':>9} {'fastest s':>10}")
    try:
        for label, argv, stdin in cases:
            timings(argv, runs=1, env=env, stdin=stdin)  # warm the bytecode cache
            seconds = timings(argv, runs=args.runs, env=env, stdin=stdin)
            print(f"{label:<52} {statistics.median(seconds):>9.3f} {min(seconds):>10.3f}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
