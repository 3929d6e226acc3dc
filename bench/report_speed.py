"""Speed and size of the clinician report PDF for a year of demo data (all default sections).

Builds the demo account (365 days, seed 7) in a fresh temporary data directory, warms up once (imports,
fonts), then times five full generations (query, statistics, chart, PDF) and prints the median and worst
wall time, the median CPU time (less sensitive to a busy machine), the size and the machine. Run:

    .venv/bin/python bench/report_speed.py [--output report.pdf]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import datetime as dt
import platform
import secrets
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", type=Path, help="Also write the PDF here.")
    args = parser.parse_args()
    os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from painwise.accounts.services import local_today
    from painwise.demo_account import create_demo_account
    from painwise.report.services import make_report, report_pdf

    create_demo_account(username="bench-demo", password=secrets.token_urlsafe(16), days=365, seed=7)
    user = get_user_model().objects.get(username="bench-demo")
    end = local_today(user)
    start = end - dt.timedelta(days=364)

    def generate() -> bytes:
        return report_pdf(user=user, report=make_report(user=user, start=start, end=end))

    generate()  # warm-up: matplotlib, fpdf2 and the font are loaded once per process
    times, cpu_times, pdf = [], [], b""
    for _ in range(5):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = generate()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    if args.output:
        args.output.write_bytes(pdf)
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"period: {start} to {end}")
    print(f"load average: {' '.join(f'{v:.1f}' for v in os.getloadavg())} (other work on the machine slows wall time)")
    print(f"PDF generation: median {statistics.median(times):.2f} s, worst {max(times):.2f} s wall; "
          f"median {statistics.median(cpu_times):.2f} s CPU (5 runs)")
    print(f"PDF size: {len(pdf) / 1024:.0f} KiB ({len(pdf)} bytes)")


if __name__ == "__main__":
    main()
