"""How long "What helps me" takes to open for a year and for three years of diary, against trivial pages
of the same server (issue 15: under 1 s).

It makes a throw-away data directory (SQLite), runs ``painwise init``, creates two people with simulated
diaries (365 and 3 x 365 days, painwise.demo_account), starts ``painwise serve`` on a loopback port and, for
each person, times: the very first open of /insights/ (nothing computed yet: a long diary gets the "being
worked out" page at once, and the time until its poll says the worker's results are ready is printed too),
later opens (results kept),
an open right after logging a check-in (the kept results are shown while the background worker
recomputes), and an open once the worker is done. The sign-in page and a static file are timed in the same
server as yardsticks. Run:

    .venv/bin/python bench/what_helps_open.py [--repeat 10]

It prints wall-clock milliseconds (median and slowest of --repeat for repeated opens) and each as a ratio
to the sign-in page. Only 127.0.0.1 is contacted.
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
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # the sibling benchmark's server and client helpers
    SIGN_IN,
    STATIC,
    Person,
    Recorder,
    free_port,
    machine,
    make_people,
    painwise_command,
    start_server,
)

DIARIES = {"bench-1": "1 year of diary", "bench-2": "3 years of diary"}  # make_people(long_every=2)


def timed(person: Person, path: str, *, anonymous: bool = False) -> float:
    started = time.perf_counter()
    page = person.request("", path, anonymous=anonymous)
    seconds = time.perf_counter() - started
    if not page:
        raise SystemExit(f"{path} did not answer")
    return seconds


def repeated(person: Person, path: str, repeat: int, *, anonymous: bool = False) -> list[float]:
    return [timed(person, path, anonymous=anonymous) for _ in range(repeat)]


def row(label: str, seconds: list[float], yardstick: float) -> str:
    median = statistics.median(seconds)
    return (f"{label:66} {median * 1000:8.0f} {max(seconds) * 1000:8.0f} {median / yardstick:10.1f}"
            f"{'' if len(seconds) > 1 else '  (once)'}")


def ready_after(person: Person, started: float) -> float:
    """Seconds from ``started`` until the page's poll (/insights/status/, as htmx asks it) says the first
    results are ready, polling every second like the page (every 3 s) but finer."""
    while True:
        request = urllib.request.Request(person.base + "/insights/status/",  # noqa: S310 (http://127.0.0.1)
                                         headers={"HX-Request": "true"})
        with person.opener.open(request, timeout=120) as response:
            if response.status == 200:
                return time.perf_counter() - started
        time.sleep(1.0)


def log_a_checkin(person: Person) -> None:
    person.request("", "/checkin/", expect=(302,))
    today = person.location
    values = [(k, v) for k, v in person.form(person.request("", today)) if k not in ("pain_average", "pain_worst")]
    values += [("pain_average", "4"), ("pain_worst", "6")]
    person.request("", today, data=values, expect=(302,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="opens per repeated measurement")
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to let the worker recompute")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="painwise-helps-")
    env = {**os.environ, "PAINWISE_DATA_DIR": data_dir, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.pop("PAINWISE_DATABASE_URL", None)
    server = None
    try:
        subprocess.run(painwise_command("init"), env=env, check=True,  # noqa: S603 (this interpreter)
                       stdout=subprocess.DEVNULL)
        made = make_people(env, len(DIARIES), long_every=2)
        port = free_port()
        server = start_server(env, port, threads=4)
        base = f"http://127.0.0.1:{port}"
        print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {machine()}")
        print(f"SQLite; people with their diaries made in {made:.0f} s")
        yard = Person(base, "bench-1", Recorder())
        for _ in range(3):
            timed(yard, SIGN_IN, anonymous=True)
        sign_in = repeated(yard, SIGN_IN, args.repeat * 3, anonymous=True)
        static = repeated(yard, STATIC, args.repeat * 3, anonymous=True)
        sign_in_median = statistics.median(sign_in)
        print(f"\n{'page':66} {'median ms':>8} {'max ms':>8} {'/sign-in':>10}")
        print(row("static file", static, sign_in_median))
        print(row("sign-in page (the yardstick)", sign_in, sign_in_median))
        for username, label in DIARIES.items():
            person = Person(base, username, Recorder())
            person.sign_in()
            started = time.perf_counter()
            first = person.request("", "/insights/")
            answered = time.perf_counter() - started
            what = "results" if "being worked out" not in first else "'being worked out' page"
            print(row(f"{label}: first open, nothing kept ({what})", [answered], sign_in_median))
            if what != "results":
                print(row(f"{label}: ... results ready (worker, polled)", [ready_after(person, started)],
                          sign_in_median))
            print(row(f"{label}: later opens", repeated(person, "/insights/", args.repeat), sign_in_median))
            log_a_checkin(person)
            print(row(f"{label}: open right after logging", [timed(person, "/insights/")], sign_in_median))
            time.sleep(args.settle)
            print(row(f"{label}: opens after the worker recomputed", repeated(person, "/insights/", args.repeat),
                      sign_in_median))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
