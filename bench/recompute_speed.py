"""How long the background worker takes to recompute "What helps me" for one person.

Makes a throw-away data directory with one demo person (``--years`` of simulated diary, default 3), then
times ``painwise.insights.services.refresh_insights`` (read the diary, decrypt, analyse every outcome, seal and
keep the results): what the worker's ``recompute_insights`` task does after a write. Also times a cached
read of the results (what the page does when they are current). Run:

    .venv/bin/python bench/recompute_speed.py [--years 3] [--repeat 5] [--database-url postgres://…/painwise_bench]

Prints wall and CPU time per run; the target is at most 1 s for a 3-year diary on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

CHILD = """
import django, os, statistics, time
django.setup()
from painwise.demo_account import create_demo_account
from painwise.insights.services import current_insights, refresh_insights
started = time.perf_counter()
summary = create_demo_account(username="recompute-person", password="Painwise-bench-x7!q2", days={days}, seed=7)
print(f"made in {{time.perf_counter() - started:.0f}} s: {{summary}}")
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="recompute-person")
refresh_insights(user=user)  # warm imports and content
walls, cpus = [], []
for _ in range({repeat}):
    wall, cpu = time.perf_counter(), time.process_time()
    kept = refresh_insights(user=user)
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
print(f"recompute ({{len(kept.insights.report.insights)}} insights): "
      f"wall median {{1000 * statistics.median(walls):.0f}} ms, max {{1000 * max(walls):.0f}} ms; "
      f"CPU median {{1000 * statistics.median(cpus):.0f}} ms")
reads = []
for _ in range(20):
    wall = time.perf_counter()
    current_insights(user=user)
    reads.append(time.perf_counter() - wall)
print(f"cached read of current results: wall median {{1000 * statistics.median(reads):.1f}} ms")
print(f"machine: {{os.cpu_count()}} cores, load average " + " ".join(f"{{x:.1f}}" for x in os.getloadavg()))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=3, help="years of simulated diary")
    parser.add_argument("--repeat", type=int, default=5, help="timed recomputations")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a database to create and drop")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="painwise-recompute-")
    env = {**os.environ, "PAINWISE_DATA_DIR": data_dir, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "DJANGO_SETTINGS_MODULE": "painwise.settings"}
    env.pop("PAINWISE_DATABASE_URL", None)
    admin = name = ""
    if args.database_url:
        import psycopg

        name = urllib.parse.urlsplit(args.database_url).path.lstrip("/")
        admin = urllib.parse.urlsplit(args.database_url)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["PAINWISE_DATABASE_URL"] = args.database_url
    try:
        init = [sys.executable, "-c", "from painwise.cli import main; main()", "init"]
        subprocess.run(init, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (this interpreter)
        code = CHILD.format(days=365 * args.years, repeat=args.repeat)
        subprocess.run([sys.executable, "-c", code], env=env, check=True)  # noqa: S603 (our own code)
    finally:
        if args.database_url:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
