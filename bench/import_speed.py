"""Speed of `painwise import` on simulated diaries, and how long it keeps other people from writing.

For each size (MB of Painwise JSON) it writes a demo diary long enough to reach that size (the demo
patient of painwise.simulation, see docs/simulator.md), exports it, imports it into a fresh account and
prints seconds and entries per second, for the demo diary as it is and with kratom logged three times a
day (the case the substance safety checks watch). While the largest file is imported, a second connection writes a
check-in for another person every 20 ms and the longest of those writes is printed: that is how long
an import can make someone else wait. Run:

    .venv/bin/python bench/import_speed.py [--sizes 0.1 0.5 1 3]

It uses a throw-away data directory with SQLite, or PAINWISE_DATABASE_URL when that is set (the
database is migrated and its bench accounts are removed afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import threading
import time

os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, connections  # noqa: E402

from painwise.accounts.services import create_user  # noqa: E402
from painwise.demo_account import create_demo_account  # noqa: E402
from painwise.diary.models import CheckIn  # noqa: E402
from painwise.exchange.services import export_user, import_into  # noqa: E402
from painwise.therapies.models import TherapyEntry  # noqa: E402

PASSWORD = "bench-painwise-2026"  # noqa: S105 (a throw-away account in a throw-away database)
BYTES_PER_DAY_GUESS = 2000


def daily_kratom(content: bytes) -> bytes:
    """The diary with kratom logged three times every day (the heavy use the substance checks watch)."""
    diary = json.loads(content)
    template = {"modality": "kratom", "amount": 2.0, "unit": "g",
                "details": {"form": "leaf_powder", "reason": "pain", "strain_label": "Red Bali"}}
    diary["entries"] = [e for e in diary["entries"] if e["modality"] != "kratom"] + [
        {**template, "taken_at": f"{c['day']}T{hour}:15:00-06:00", "day": c["day"]}
        for c in diary["checkins"] for hour in ("08", "13", "19")
    ]
    return json.dumps(diary, ensure_ascii=False, indent=2).encode("utf-8")


def diary_file(megabytes: float, *, kratom: bool) -> tuple[bytes, int]:
    """A demo diary's Painwise JSON of about ``megabytes`` MB, and its number of therapy entries."""
    days = max(7, round(megabytes * 1024 * 1024 / BYTES_PER_DAY_GUESS))
    for attempt in range(3):
        name = f"bench-source-{megabytes}-{kratom}-{attempt}"
        create_demo_account(username=name, password=PASSWORD, days=days)
        content = export_user(user=get_user_model().objects.get(username=name), fmt="json").content
        if kratom:
            content = daily_kratom(content)
        ratio = megabytes * 1024 * 1024 / len(content)
        if 0.93 < ratio < 1.07:
            break
        days = max(7, round(days * ratio))
    return content, content.count(b'"modality"')


class OtherWriter(threading.Thread):
    """Another person's writes during the import (own connection): the longest single write, in seconds."""

    def __init__(self, user: object) -> None:
        super().__init__(daemon=True)
        self.user = user
        self.stop = threading.Event()
        self.longest = 0.0
        self.writes = 0
        self.failed = 0

    def run(self) -> None:
        day = dt.date(2000, 1, 1)
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    CheckIn.objects.create(user=self.user, day=day, pain_average=3)
                    self.writes += 1
                except OperationalError:  # "database is locked" after SQLite's 20 s busy timeout
                    self.failed += 1
                self.longest = max(self.longest, time.perf_counter() - started)
                day += dt.timedelta(days=1)
                time.sleep(0.02)
        finally:
            connections.close_all()


def bench_one(megabytes: float, *, kratom: bool, watch: bool) -> None:
    content, entries = diary_file(megabytes, kratom=kratom)
    tag = f"{megabytes}-{kratom}"
    target = create_user(username=f"bench-target-{tag}", password=PASSWORD)
    writer = OtherWriter(create_user(username=f"bench-other-{tag}", password=PASSWORD)) if watch else None
    if writer:
        writer.start()
    started = time.perf_counter()
    summary = import_into(user=target, data=content)
    seconds = time.perf_counter() - started
    waited = ""
    if writer:
        writer.stop.set()
        writer.join()
        failed = f", {writer.failed} failed: database is locked" if writer.failed else ""
        waited = f"   other person's longest write {writer.longest * 1000:.0f} ms ({writer.writes} writes{failed})"
    label = "demo + kratom 3x/day" if kratom else "demo diary"
    records = sum(summary.counts.values())
    print(f"{label:20s} {len(content) / 1048576:5.2f} MB  {records:6d} records  {entries:6d} entries  "
          f"{seconds:6.2f} s  {entries / seconds:6.0f} entries/s  "
          f"transaction {summary.transaction_seconds:5.2f} s{waited}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1, 3], help="file sizes in MB")
    parser.add_argument("--kinds", nargs="+", choices=["demo", "kratom"], default=["demo", "kratom"],
                        help="the demo diary as it is, and with kratom logged three times a day")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {connection.vendor}")
    try:
        for kind in args.kinds:
            for megabytes in args.sizes:
                bench_one(megabytes, kratom=kind == "kratom", watch=megabytes == max(args.sizes))
    finally:
        remove_bench_accounts()


def remove_bench_accounts() -> None:
    # Entries first: they protect the medications and factors that the account deletion cascades to.
    bench_people = get_user_model().objects.filter(username__startswith="bench-")
    TherapyEntry.objects.filter(user__in=bench_people).delete()
    bench_people.delete()


if __name__ == "__main__":
    main()
