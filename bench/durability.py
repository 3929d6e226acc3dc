"""Durability and key-rotation probes against a real `painwise serve`, with figures.

1. kill -9: a server receiving writes from two API clients is killed with SIGKILL ``--rounds`` times
   at random moments; after a restart every write the server acknowledged (HTTP 201) must be there.
2. Rotation under load: `painwise keys rotate` then `painwise keys prune` run while the clients write;
   after a restart every acknowledged write must decrypt.

Run (SQLite by default; PostgreSQL in a scratch database on the server of --postgres):

    .venv/bin/python bench/durability.py [--rounds 20] [--postgres postgres://postgres@127.0.0.1:5432/painwise]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [sys.path[0], os.environ.get("PYTHONPATH", "")]))

from painwise.core.probes import Instance, Writers, scratch_postgres


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{model}; {os.cpu_count()} logical cores; load {load:.1f}; Python {platform.python_version()}"


def kill_rounds(probe: Instance, rounds: int) -> None:
    probe.setup()
    writers = Writers(probe).start()
    started = time.monotonic()
    try:
        for _ in range(rounds):
            probe.start()
            time.sleep(random.uniform(0.2, 1.5))
            probe.kill()
    finally:
        writers.stop()
    probe.start()
    present = set(probe.exported_notes())
    probe.stop()
    lost = writers.acknowledged - present
    print(f"kill -9: {rounds} rounds in {time.monotonic() - started:.0f} s; acknowledged writes "
          f"{len(writers.acknowledged)}, cut off mid-request {writers.cut_off}, error answers {len(writers.errors)}, "
          f"rows after restart {len(present)}, "
          f"acknowledged writes lost {len(lost)}")


def rotation_under_load(probe: Instance) -> None:
    probe.setup()
    probe.start()
    writers = Writers(probe).start()
    try:
        writers.wait_for(200, timeout=60)
        before = len(writers.acknowledged)
        started = time.monotonic()
        probe.run("keys", "rotate", "--batch-size", "20")
        probe.run("keys", "prune", "--batch-size", "20")
        seconds = time.monotonic() - started
        during = len(writers.acknowledged) - before
    finally:
        writers.stop()
    probe.stop()
    probe.start()
    notes = probe.exported_notes()
    probe.stop()
    unreadable = writers.acknowledged - set(notes)
    print(f"rotation under load: error answers during rotation {len(writers.errors)} {sorted(set(writers.errors))}")
    print(f"rotation under load: rotate + prune took {seconds:.1f} s with {before} rows present and {during} "
          f"written meanwhile; rows read back after restart {len(notes)}, acknowledged writes missing or "
          f"unreadable {len(unreadable)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="kill -9 rounds")
    parser.add_argument("--postgres", default="", help="PostgreSQL server URL (a scratch database is made)")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(f"Database: {'PostgreSQL' if args.postgres else 'SQLite (WAL, synchronous=FULL)'}")
    with tempfile.TemporaryDirectory(prefix="painwise-durability-") as root:
        for label, probe_run in (("kill9", lambda p: kill_rounds(p, args.rounds)), ("rotation", rotation_under_load)):
            with scratch_postgres(args.postgres, label) if args.postgres else contextlib.nullcontext("") as url:
                probe = Instance(Path(root) / label, url)
                try:
                    probe_run(probe)
                finally:
                    probe.kill()


if __name__ == "__main__":
    main()
