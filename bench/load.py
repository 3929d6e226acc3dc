"""Painwise under load: many people using the web app at once, and the CPU each page costs.

It makes a throw-away data directory, runs ``painwise init``, creates N people with their own simulated
diaries (the demo patient of painwise.simulation with a different seed each; a year each, three years for
every fifth person), starts ``painwise serve`` on a loopback port, signs everybody in and runs a closed loop:
each person does one thing (home, check-in form and save, therapy log form and save, history, the history
chart, "What helps me", questionnaires, API lists and writes), waits a think time, and does the next, for a
bounded time. A static file and the sign-in page are measured in the same run as yardsticks. Run:

    .venv/bin/python bench/load.py [--people 20] [--duration 60] [--think 1.0]
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/painwise_load
    .venv/bin/python bench/load.py --single [--repeat 30]

It prints, per route: requests, p50/p95/max latency, and the same p50 as a ratio to the static file and
to the sign-in page. The server's CPU time is read from /proc (Linux) and printed per request over the
whole run; ``--single`` (one person, one request at a time, many repetitions per route) gives CPU per
request of each route, and its ratios to the static file and the sign-in page. A PostgreSQL database named
in --database-url is created first and dropped afterwards (it must not exist). Only 127.0.0.1 is contacted;
nothing but the standard library is used on the client side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html.parser
import http.cookiejar
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSWORD = "bench-load-painwise-2026"  # noqa: S105 (throw-away accounts in a throw-away database)
STATIC = "/static/painwise/app.css"
SIGN_IN = "/accounts/login/"
TICK = os.sysconf("SC_CLK_TCK")
SIGN_INS_PER_MINUTE = 25  # allauth allows 30 sign-ins a minute from one address


# ----------------------------------------------------------------------------------------------- setup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def painwise_command(*args: str) -> list[str]:
    """``painwise ARGS`` run with this interpreter (so PYTHONPATH picks the working copy)."""
    return [sys.executable, "-c", "from painwise.cli import main; main()", *args]


def create_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_people(env: dict[str, str], people: int, long_every: int) -> float:
    """Create bench-1 … bench-N with their diaries (in a child process, so Django's settings use ``env``)."""
    code = f"""
import django, time
django.setup()
from painwise.demo_account import create_demo_account
for i in range(1, {people} + 1):
    days = 3 * 365 if {long_every} and i % {long_every} == 0 else 365
    create_demo_account(username=f"bench-{{i}}", password={PASSWORD!r}, days=days, seed=1000 + i)
"""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code],  # noqa: S603 (our own code, this interpreter)
                   env={**env, "DJANGO_SETTINGS_MODULE": "painwise.settings"}, check=True)
    return time.perf_counter() - started


def start_server(env: dict[str, str], port: int, threads: int, *, worker: bool = True, processes: int = 1,
                 ) -> subprocess.Popen[bytes]:
    several = ("--processes", str(processes)) if processes > 1 else ()  # (an older painwise has no such option)
    command = painwise_command("serve", "--port", str(port), "--threads", str(threads), *several,
                               "--worker" if worker else "--no-worker")
    # The server's log goes to a file: a pipe nobody reads fills up (64 KB of warnings) and then blocks the
    # thread that logs, and with it every thread waiting for the logging lock (a hung run).
    log = Path(env["PAINWISE_DATA_DIR"]) / f"serve-{port}.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, env=env,  # noqa: S603 (painwise serve, this interpreter)
                                  stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit("painwise serve stopped: " + log.read_text(errors="replace"))
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{STATIC}", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("painwise serve did not answer within 120 s")


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (the server processes of ``painwise serve --processes N``)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _process_cpu(pid: int) -> float:
    """CPU time of one process so far: every thread's run time in nanoseconds (schedstat), else 10 ms ticks."""
    try:
        return sum(int(p.read_text().split()[0]) for p in Path(f"/proc/{pid}/task").glob("*/schedstat")) / 1e9
    except (OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK


def cpu_seconds(pid: int, tree: list[int] | None = None) -> float:
    """CPU time used so far by the server: ``pid`` and the processes of ``tree`` (Linux /proc)."""
    total = 0.0
    for process in tree or [pid]:
        try:
            total += _process_cpu(process)
        except OSError:
            continue  # a process that ended
    return total


# ---------------------------------------------------------------------------------------------- client


class FormReader(html.parser.HTMLParser):
    """The fields of the largest <form method=post> with their current values (what a browser would send)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.values: list[tuple[str, str]] = []
        self.in_form = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.chosen = False
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.in_form:
            self.in_form, self.values = True, []
            self.forms.append(self.values)
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.values.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select, self.first_option, self.chosen = a.get("name"), None, False
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a and not self.chosen:
                self.values.append((self.select, a.get("value", "")))
                self.chosen = True
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.values.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self.textarea:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea:
            name, text = self.values[-1]
            self.values[-1] = (name, text.removeprefix("\n"))  # as browsers do
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.chosen and self.first_option is not None:
                self.values.append((self.select, self.first_option))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    # --single: the server's CPU read around each request (one at a time), and what each route used.
    server_cpu: Any = None
    cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, route: str, seconds: float, ok: bool, cpu: float | None = None) -> None:
        with self.lock:
            self.samples[route].append(seconds)
            if cpu is not None:
                self.cpu[route].append(cpu)
            if not ok:
                self.errors[route] += 1


class Person:
    def __init__(self, base: str, username: str, recorder: Recorder) -> None:
        self.base, self.username, self.recorder = base, username, recorder
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.anonymous = urllib.request.build_opener(NoRedirect())
        self.rng = random.Random(username)
        self.location = ""

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def request(self, route: str, path: str, *, data: Any = None, json_body: Any = None,
                expect: tuple[int, ...] = (200,), anonymous: bool = False) -> str:
        headers = {"Accept-Encoding": "identity"}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers |= {"Content-Type": "application/json", "X-CSRFToken": self.csrf()}
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers |= {"Content-Type": "application/x-www-form-urlencoded"}
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 (http://127.0.0.1)
        opener = self.anonymous if anonymous else self.opener
        cpu_before = self.recorder.server_cpu() if self.recorder.server_cpu else None
        started = time.perf_counter()
        try:
            with opener.open(req, timeout=120) as response:
                text: str = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as exc:
            self.location = exc.headers.get("Location", "")
            text, status = str(exc.read().decode("utf-8", "replace")), exc.code
        except OSError:
            text, status = "", 0
        if route:
            wall = time.perf_counter() - started
            cpu = None if cpu_before is None else self.recorder.server_cpu() - cpu_before
            self.recorder.add(route, wall, status in expect, cpu)
        return text

    def form(self, page: str) -> list[tuple[str, str]]:
        reader = FormReader()
        reader.feed(page)
        return max(reader.forms, key=len, default=[])

    def sign_in(self) -> None:
        values = dict(self.form(self.request("", SIGN_IN)))
        values |= {"login": self.username, "password": PASSWORD}
        self.request("", SIGN_IN, data=values, expect=(302,))
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"could not sign in as {self.username}")

    # What a person does, with weights that roughly follow a day of use.
    def home(self) -> None:
        self.request("home", "/")

    def checkin(self) -> None:
        self.request("check-in redirect", "/checkin/", expect=(302,))  # to today's check-in
        today = self.location
        page = self.request("check-in form", today)
        values = [(k, v) for k, v in self.form(page) if k not in SCORE_NAMES]
        scores = {name: self.rng.randint(0, 10) for name in SCORE_NAMES}
        scores["pain_worst"] = max(scores["pain_worst"], scores["pain_average"])  # else the form asks again (422)
        values += [(name, str(score)) for name, score in scores.items()]
        self.request("check-in save", today, data=values, expect=(302,))

    def therapy(self) -> None:
        page = self.request("therapy log form", "/log/exercise/")
        values = dict(self.form(page)) | {"duration_minutes": str(self.rng.randint(5, 60)), "effect": "1"}
        self.request("therapy log save", "/log/exercise/", data=values, expect=(302,))

    def history(self) -> None:
        self.request("history", "/history/")

    def history_chart(self) -> None:
        self.request("history chart", "/history/chart.svg")

    def helps(self) -> None:
        self.request("what helps me", "/insights/")

    def questionnaires(self) -> None:
        self.request("questionnaires", "/questionnaires/")

    def api_checkins(self) -> None:
        since = (dt.date.today() - dt.timedelta(days=30)).isoformat()
        self.request("API check-in list", f"/api/v1/checkins?since={since}")

    def api_entries(self) -> None:
        since = (dt.date.today() - dt.timedelta(days=30)).isoformat()
        self.request("API entry list", f"/api/v1/entries?since={since}")

    def api_write(self) -> None:
        body = {"modality": "meditation", "duration_minutes": self.rng.randint(5, 30), "details": {"kind": "breathing"}}
        self.request("API entry create", "/api/v1/entries", json_body=body, expect=(201,))

    def static(self) -> None:
        self.request("static file", STATIC)

    def sign_in_page(self) -> None:
        self.request("sign-in page", SIGN_IN, anonymous=True)


SCORE_NAMES = ("pain_now", "pain_average", "pain_worst", "peg_enjoyment", "peg_activity", "stress", "mood",
               "fatigue", "muscle_tension", "sleep_quality")
MIX: tuple[tuple[str, int], ...] = (
    ("home", 20), ("checkin", 10), ("therapy", 8), ("history", 10), ("history_chart", 8), ("helps", 6),
    ("questionnaires", 4), ("api_checkins", 6), ("api_entries", 6), ("api_write", 4), ("static", 8),
    ("sign_in_page", 5),
)
SINGLE_ROUTES = ("static", "sign_in_page", "home", "checkin", "therapy", "history", "history_chart", "helps",
                 "questionnaires", "api_checkins", "api_entries", "api_write")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def machine() -> str:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load} (1/5/15 min)"


# ------------------------------------------------------------------------------------------------ runs


def run_load(base: str, pid: int, usernames: list[str], duration: float, think: float) -> None:
    recorder = Recorder()
    people = [Person(base, name, recorder) for name in usernames]
    for number, person in enumerate(people):
        if number and number % SIGN_INS_PER_MINUTE == 0:
            print(f"signed in {number} people; waiting a minute (sign-in is limited to 30 a minute from one address)",
                  flush=True)
            time.sleep(61)
        person.sign_in()
    names, weights = zip(*MIX, strict=True)
    stop = time.perf_counter() + duration

    def loop(person: Person) -> None:
        time.sleep(person.rng.uniform(0, think))  # do not all start at once
        while time.perf_counter() < stop:
            getattr(person, person.rng.choices(names, weights)[0])()
            time.sleep(person.rng.uniform(0.5 * think, 1.5 * think))

    tree = process_tree(pid)
    cpu_before, started = cpu_seconds(pid, tree), time.perf_counter()
    load_before = machine()
    threads = [threading.Thread(target=loop, args=(p,), daemon=True) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid, tree) - cpu_before
    total = sum(len(v) for v in recorder.samples.values())
    static_p50 = statistics.median(recorder.samples["static file"])
    sign_p50 = statistics.median(recorder.samples["sign-in page"])
    print(f"\n{len(people)} people, think time {think:g} s, {wall:.0f} s; machine at start: {load_before}; "
          f"at end: {machine()}")
    print(f"{'route':22} {'n':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>6} "
          f"{'p50/static':>10} {'p50/sign-in':>11}")
    for route in sorted(recorder.samples, key=lambda r: -statistics.median(recorder.samples[r])):
        s = recorder.samples[route]
        p50 = statistics.median(s)
        print(f"{route:22} {len(s):5d} {recorder.errors[route]:4d} {p50 * 1000:8.0f} {percentile(s, 0.95) * 1000:8.0f} "
              f"{max(s) * 1000:8.0f} {len(s) / wall:6.2f} {p50 / static_p50:10.1f} {p50 / sign_p50:11.1f}")
    print(f"all routes: {total} requests, {total / wall:.1f} req/s, server CPU {cpu:.1f} s "
          f"({100 * cpu / wall:.0f}% of one core), {1000 * cpu / total:.1f} ms CPU per request (all routes; "
          "per-route CPU: --single)")


def run_single(base: str, pid: int, username: str, repeat: int) -> None:
    recorder = Recorder()
    person = Person(base, username, recorder)
    person.sign_in()
    tree = process_tree(pid)
    recorder.server_cpu = lambda: cpu_seconds(pid, tree)
    latency: dict[str, float] = {}
    cpu: dict[str, float] = {}
    errors: dict[str, int] = {}
    for action in SINGLE_ROUTES:
        for _ in range(2):  # warm caches and imports
            getattr(person, action)()
        recorder.samples.clear()
        recorder.errors.clear()
        recorder.cpu.clear()
        # The cheap yardsticks get more repetitions.
        for _ in range(repeat * (10 if action in ("static", "sign_in_page") else 1)):
            getattr(person, action)()
        for route, values in recorder.samples.items():
            # Read around each request: a form-and-save action's two requests each get their own.
            cpu[route] = statistics.mean(recorder.cpu[route])
            latency[route] = statistics.median(values)
            errors[route] = recorder.errors[route]
    print(f"\nOne person, {repeat} requests per route, one at a time; machine: {machine()}")
    print(f"{'route':22} {'err':>4} {'p50 ms':>8} {'CPU ms/req':>10} {'CPU/static':>10} {'CPU/sign-in':>11}")
    static, sign_in = max(cpu["static file"], 1e-6), cpu["sign-in page"]
    for route in sorted(latency, key=lambda r: -cpu[r]):
        print(f"{route:22} {errors[route]:4d} {latency[route] * 1000:8.0f} {cpu[route] * 1000:10.1f} "
              f"{cpu[route] / static:10.1f} {cpu[route] / sign_in:11.1f}")
    print("(server CPU: every thread's run time from /proc/<pid>/task/*/schedstat, read before and after each "
          "request, averaged per route)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=20, help="people using the app at once (e.g. 20 or 100)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (bounded at 600)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between actions, seconds")
    parser.add_argument("--long-every", type=int, default=5, help="every n-th person has three years of diary")
    parser.add_argument("--threads", type=int, default=4, help="server worker threads (painwise serve --threads)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (painwise serve --processes)")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a database to create and drop")
    parser.add_argument("--single", action="store_true", help="one person: CPU per request of each route")
    parser.add_argument("--repeat", type=int, default=30, help="requests per route in --single mode")
    parser.add_argument("--no-worker", dest="worker", action="store_false",
                        help="serve without the background worker: 'What helps me' shows its kept results as "
                             "being updated (and computes them itself once a queued run is ten minutes late)")
    parser.add_argument("--data-dir", default="",
                        help="keep the people here (and the database of --database-url) for later runs: made "
                             "on the first run, reused after (the runs' own writes stay); never deleted")
    parser.add_argument("--prepare-only", action="store_true", help="with --data-dir: make the people, then stop")
    args = parser.parse_args()
    duration = min(args.duration, 600)
    people = 1 if args.single else max(1, min(args.people, 500))

    keep = bool(args.data_dir)
    if args.prepare_only and not keep:
        parser.error("--prepare-only needs --data-dir")
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="painwise-load-")
    made = Path(data_dir) / "bench-people.json"
    env = {**os.environ, "PAINWISE_DATA_DIR": data_dir, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.pop("PAINWISE_DATABASE_URL", None)
    if args.database_url:
        env["PAINWISE_DATABASE_URL"] = args.database_url
    reuse = keep and made.exists()
    if reuse:
        kept = json.loads(made.read_text())
        if kept["people"] < people or kept["database_url"] != args.database_url:
            raise SystemExit(f"{data_dir} holds {kept['people']} people on {kept['database_url'] or 'SQLite'}")
    server = None
    try:
        database = "PostgreSQL" if args.database_url else "SQLite"
        if reuse:
            print(f"Painwise load benchmark on {database}: {people} people kept in the data directory")
        else:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            if args.database_url:
                create_database(args.database_url)
            subprocess.run(painwise_command("init"), env=env, check=True,  # noqa: S603 (this interpreter)
                           stdout=subprocess.DEVNULL)
            seconds = make_people(env, people, args.long_every)
            if keep:
                made.write_text(json.dumps({"people": people, "database_url": args.database_url}))
            print(f"Painwise load benchmark on {database}: {people} people made in {seconds:.0f} s")
        if args.prepare_only:
            return
        print(f"server: painwise serve --processes {args.processes} --threads {args.threads} "
              + ("with its worker thread" if args.worker else "--no-worker"))
        port = free_port()
        server = start_server(env, port, args.threads, worker=args.worker, processes=args.processes)
        base = f"http://127.0.0.1:{port}"
        if args.single:
            run_single(base, server.pid, "bench-1", args.repeat)
        else:
            run_load(base, server.pid, [f"bench-{i}" for i in range(1, people + 1)], duration, args.think)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not keep:
            if args.database_url:
                drop_database(args.database_url)
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
