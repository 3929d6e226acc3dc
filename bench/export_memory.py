"""Peak memory of exporting a 3-year demo diary as Painwise JSON and CSV: whole file versus streamed.

It makes a demo account with ``--days`` of diary (the demo patient of painwise.simulation), then for
JSON and CSV measures with tracemalloc (Python allocations only, so the figures do not include Python
and Django themselves) the peak while the export is built whole in memory (``export_user``, what
backups, reports and the import round-trip use) and, when this version has it, while the streamed
export (``stream_user``, what the web download, the API and ``painwise export --output`` use) is read
piece by piece and each piece dropped, as a web server sends it. It also prints the size of the file,
the seconds taken (slower than usual under tracemalloc) and a digest of the bytes with the
``exported_at`` time blanked: the whole and the streamed file of one run must show the same digest
(two runs differ, as the demo records carry the time they were made). Run:

    .venv/bin/python bench/export_memory.py [--days 1095]

It uses a throw-away data directory with SQLite, or PAINWISE_DATABASE_URL when that is set (the
bench account is removed afterwards).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import re
import tempfile
import time
import tracemalloc
from collections.abc import Callable

os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from painwise.accounts.services import delete_account  # noqa: E402
from painwise.core.cli import migrate  # noqa: E402
from painwise.demo_account import create_demo_account  # noqa: E402
from painwise.exchange import services  # noqa: E402

PASSWORD = "bench-painwise-2026"  # noqa: S105 (a throw-away account in a throw-away database)
# The first time in the file is when it was exported (JSON's exported_at, the CSV format row's).
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def blanked(head: bytes) -> bytes:
    """The file's first bytes with the export time blanked (it differs between two runs)."""
    return STAMP.sub(b"", head, count=1)


def measured(run: Callable[[], tuple[int, str]]) -> tuple[float, float, int, str]:
    """(peak MB, seconds, bytes, digest) of one export, Python allocations traced while it runs."""
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    size, digest = run()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024**2
    tracemalloc.stop()
    return peak, seconds, size, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=1095, help="days of demo diary (default 1095, three years)")
    args = parser.parse_args()
    migrate()
    name = f"bench-export-{int(time.time())}"
    create_demo_account(username=name, password=PASSWORD, days=args.days)
    user = get_user_model().objects.get(username=name)
    print(f"machine: {platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"{django.db.connection.vendor}; {args.days} days of demo diary")
    stream_user = getattr(services, "stream_user", None)
    for fmt in ("json", "csv"):
        def whole(fmt: str = fmt) -> tuple[int, str]:
            content = services.export_user(user=user, fmt=fmt).content
            return len(content), hashlib.sha256(blanked(content)).hexdigest()[:16]

        def streamed(fmt: str = fmt) -> tuple[int, str]:
            assert stream_user is not None
            size, digest = 0, hashlib.sha256()
            head: bytes | None = b""
            for chunk in stream_user(user=user, fmt=fmt).chunks:
                size += len(chunk)
                if head is None:
                    digest.update(chunk)
                    continue
                head += chunk
                if len(head) >= 4096:  # the time is in the first lines: blank it before hashing
                    digest.update(blanked(head))
                    head = None
            if head is not None:
                digest.update(blanked(head))
            return size, digest.hexdigest()[:16]

        runs = [("whole file", whole)] + ([("streamed", streamed)] if stream_user else [])
        for label, run in runs:
            peak, seconds, size, digest = measured(run)
            print(f"{fmt:4} {label:10}: peak {peak:6.1f} MB, {size / 1024**2:5.2f} MB file, {seconds:5.1f} s, "
                  f"sha256 without the time {digest}")
    delete_account(user=user)


if __name__ == "__main__":
    main()
