"""Memory and time of importing sleep from a large synthetic Apple Health export (export.xml, or zipped).

It writes a synthetic export.xml of about --mb megabytes (steps and heart-rate records like a real
phone and watch make, with a watch's sleep stages and a phone's time in bed every night), then imports
its sleep into a fresh account the way `painwise import --format apple-health` does, and prints the
file size, the nights found, the seconds taken and the process's peak resident memory (VmHWM,
which includes Python and Django, printed before the import as the baseline). The account is made in
a separate process, as `painwise import --user NAME` finds it already there: hashing its password
(Argon2, 100 MB of working memory by design) is sign-up's cost, not the import's. Run:

    .venv/bin/python bench/import_memory.py [--mb 200] [--zip]

It uses a throw-away data directory with SQLite, or PAINWISE_DATABASE_URL when that is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
import zoneinfo
from pathlib import Path

from painwise.exchange.foreign import apple_health  # pure Python: no Django

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-11-01 09:00:00 +0000"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
"""
STAMP = "%Y-%m-%d %H:%M:%S +0000"
SLEEP = ('<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{src}" sourceVersion="10.1" '
         'creationDate="{end}" startDate="{start}" endDate="{end}" value="HKCategoryValueSleepAnalysis{value}"/>\n')
STEPS = ('<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" sourceVersion="17.1" unit="count" '
         'creationDate="{t}" startDate="{t}" endDate="{t}" value="{n}">\n'
         '  <MetadataEntry key="HKMetadataKeySyncVersion" value="1"/>\n</Record>\n')
HEART = ('<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" sourceVersion="10.1" unit="count/min" '
         'creationDate="{t}" startDate="{t}" endDate="{t}" value="{n}"/>\n')


def _night(day: dt.date) -> str:
    bed = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(22, 45))
    out = [SLEEP.format(src="Phone", start=bed.strftime(STAMP), end=(bed + dt.timedelta(hours=8)).strftime(STAMP),
                        value="InBed")]
    start = bed + dt.timedelta(minutes=15)
    stages = ((90, "AsleepCore"), (60, "AsleepDeep"), (10, "Awake"), (120, "AsleepCore"), (90, "AsleepREM"))
    for minutes, value in stages:
        end = start + dt.timedelta(minutes=minutes)
        out.append(SLEEP.format(src="Watch", start=start.strftime(STAMP), end=end.strftime(STAMP), value=value))
        start = end
    return "".join(out)


def write_export(path: Path, megabytes: float, last: dt.date) -> int:
    """Write the synthetic export; returns the number of nights in it."""
    target = int(megabytes * 1024**2)
    day = last - dt.timedelta(days=3650)
    nights = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        while out.tell() < target and day <= last:
            out.write(_night(day))
            nights += 1
            moment = dt.datetime.combine(day, dt.time(7))
            filler = []
            for minute in range(0, 16 * 60, 2):
                t = (moment + dt.timedelta(minutes=minute)).strftime(STAMP)
                filler.append(HEART.format(t=t, n=60 + minute % 40))
                if minute % 10 == 0:
                    filler.append(STEPS.format(t=t, n=minute % 300))
            out.write("".join(filler))
            day += dt.timedelta(days=1)
        out.write("</HealthData>\n")
    return nights


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux VmHWM: unlike ru_maxrss it does not carry over
    from the parent into a started child)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def parse_only(path: Path) -> None:
    """Read the export's nights with the pure-Python reader and print its time and peak memory."""
    started = time.perf_counter()
    with path.open("rb") as stream:
        nights = apple_health.read_nights(stream, zone=zoneinfo.ZoneInfo("UTC"), today=dt.date.today())
    print(f"reader alone (no Django): {len(nights)} nights in {time.perf_counter() - started:.1f} s, "
          f"peak memory {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of export.xml in MB (default 200)")
    parser.add_argument("--zip", action="store_true", help="import export.zip (export.xml deflated inside it)")
    parser.add_argument("--migrate-only", help=argparse.SUPPRESS)
    parser.add_argument("--parse-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_only:
        parse_only(Path(args.parse_only))
        return
    os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from painwise.accounts.services import create_user
    from painwise.core.cli import migrate
    from painwise.exchange.foreign import services as foreign

    if args.migrate_only:
        migrate()  # and the field-encryption keys of a fresh data directory
        create_user(username=args.migrate_only, password=secrets.token_urlsafe(16))
        return
    # Migrating a fresh database and signing up (an Argon2 hash) take more memory than importing; they run
    # in their own process so the peak printed here is the import's (plus Python and Django).
    username = f"bench-memory-{int(time.time())}"
    subprocess.run([sys.executable, __file__, "--migrate-only", username], check=True)  # noqa: S603 (this script)
    user = get_user_model().objects.get(username=username)
    with tempfile.TemporaryDirectory() as folder:
        xml = Path(folder) / "export.xml"
        written = write_export(xml, args.mb, dt.date.today() - dt.timedelta(days=1))
        path = xml
        xml_mb = xml.stat().st_size / 1024**2
        if args.zip:
            path = Path(folder) / "export.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(xml, "apple_health_export/export.xml")
            xml.unlink()
        print(f"machine: {platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}, "
              f"{django.db.connection.vendor}")
        print(f"file: {path.name} {path.stat().st_size / 1024**2:.0f} MB ({xml_mb:.0f} MB of XML), {written} nights")
        # The reader alone, in a process without Django: the streaming parser's own footprint.
        subprocess.run([sys.executable, __file__, "--parse-only", str(path)], check=True)  # noqa: S603
        baseline = peak_mb()
        print(f"peak memory before import (Python and Django; no migrations, no password hash): {baseline:.0f} MB")
        started = time.perf_counter()
        with path.open("rb") as stream:
            nights = foreign.read_sleep(user=user, stream=stream, fmt="apple-health")
        parsed = time.perf_counter()
        summary = foreign.apply_sleep(user=user, nights=nights)
        done = time.perf_counter()
        print(f"parse: {parsed - started:.1f} s ({xml_mb / (parsed - started):.0f} MB of XML/s); "
              f"store: {done - parsed:.1f} s; {summary}")
        print(f"peak memory (whole process): {peak_mb():.0f} MB")
    user.delete()


if __name__ == "__main__":
    main()
