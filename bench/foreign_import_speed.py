"""Time of importing a year of another app's data: Manage My Pain (CSV and .xlsx) and Google Fit sleep.

It writes a synthetic year (three Manage My Pain pain records a day, with locations, characteristics,
factors and medications, as a CSV and as an Excel workbook; one Google Fit sleep session with stages
a night, in a Takeout zip), then imports each into a fresh account the way `painwise import` does
(read, preview with the suggested mapping, store all or nothing) and prints the seconds each step took
and the process's peak memory. Run:

    .venv/bin/python bench/foreign_import_speed.py [--days 365]

It uses a throw-away data directory with SQLite, or PAINWISE_DATABASE_URL when that is set (the bench
accounts are left there).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

LOCATIONS = ["Lower back", "Left knee", "Neck", "Right hip", "Lower back, Left knee"]
FEELS = ["Aching", "Burning", "Aching, Stabbing", "Dull"]
WORSE = ["Sitting", "Stress", "Lifting", "Housework", ""]
BETTER = ["Walking", "Heat", "Meditation", "Rest", "Walking, Rest"]
MEDS = ["Ibuprofen", "Paracetamol", "", ""]
STAGES = [("sleep.light", 150), ("sleep.awake", 20), ("sleep.deep", 120), ("sleep.rem", 90), ("sleep.light", 100)]


def mmp_rows(days: int, last: dt.date) -> list[list[object]]:
    rows: list[list[object]] = [["Date", "Severity", "Body Locations", "Characteristics", "Aggravating Factors",
                                 "Alleviating Factors", "Medications", "Notes"]]
    for offset in range(days, 0, -1):
        day = last - dt.timedelta(days=offset - 1)
        for n, hour in enumerate((8, 14, 20)):
            i = offset * 3 + n
            rows.append([dt.datetime.combine(day, dt.time(hour, i % 60)), 2 + (i * 7) % 8, LOCATIONS[i % 5],
                         FEELS[i % 4], WORSE[i % 5], BETTER[i % 5], MEDS[i % 4], "a note" if i % 6 == 0 else ""])
    return rows


def mmp_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([v.strftime("%Y-%m-%d %H:%M") if isinstance(v, dt.datetime) else v for v in row])
    return out.getvalue().encode()


def fit_zip(days: int, last: dt.date) -> bytes:
    from painwise.exchange.tests.foreign_files import zipped

    members = {}
    for offset in range(days, 0, -1):
        end = dt.datetime.combine(last - dt.timedelta(days=offset - 1), dt.time(6, 30), tzinfo=dt.UTC)
        start = end - dt.timedelta(hours=8)
        segments, moment = [], start
        for stage, minutes in STAGES:
            segments.append({"fitnessActivity": stage, "startTime": moment.isoformat(),
                             "endTime": (moment + dt.timedelta(minutes=minutes)).isoformat()})
            moment += dt.timedelta(minutes=minutes)
        session = {"fitnessActivity": "sleep", "startTime": start.isoformat(), "endTime": end.isoformat(),
                   "segment": segments}
        members[f"Takeout/Fit/All Sessions/{start:%Y-%m-%dT%H_%M_%S}Z_SLEEP.json"] = json.dumps(session).encode()
    return zipped(members)


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--migrate-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from painwise.accounts.services import create_user
    from painwise.core.cli import migrate
    from painwise.exchange.foreign import services as foreign
    from painwise.exchange.tests.foreign_files import xlsx

    if args.migrate_only:
        migrate()
        for name in args.migrate_only.split(","):
            create_user(username=name, password=secrets.token_urlsafe(16))
        return
    stamp = int(time.time())
    names = [f"bench-{kind}-{stamp}" for kind in ("csv", "xlsx", "fit")]
    subprocess.run([sys.executable, __file__, "--migrate-only", ",".join(names)], check=True)  # noqa: S603
    users = {kind: get_user_model().objects.get(username=name) for kind, name in zip(("csv", "xlsx", "fit"), names,
                                                                                       strict=True)}
    last = dt.date.today() - dt.timedelta(days=1)
    rows = mmp_rows(args.days, last)
    files = {"csv": mmp_csv(rows), "xlsx": xlsx(rows), "fit": fit_zip(args.days, last)}
    print(f"machine: {platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"{django.db.connection.vendor}")
    for kind, data in files.items():
        user = users[kind]
        started = time.perf_counter()
        if kind == "fit":
            nights = foreign.read_sleep(user=user, stream=io.BytesIO(data), fmt="google-fit")
            read = time.perf_counter()
            summary: object = foreign.apply_sleep(user=user, nights=nights)
            what = f"{len(nights)} nights"
        else:
            preview = foreign.preview_managemypain(user=user, stream=io.BytesIO(data), mapping={})
            read = time.perf_counter()
            summary = foreign.store_preview(user=user, preview=preview)
            what = preview.describe()
        done = time.perf_counter()
        label = {"csv": "Manage My Pain CSV", "xlsx": "Manage My Pain .xlsx", "fit": "Google Fit Takeout zip"}[kind]
        print(f"{label} ({len(data) / 1024:.0f} KB, {what}): read and preview {read - started:.2f} s, "
              f"store {done - read:.2f} s; {summary}")
    print(f"peak memory (whole process): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
