"""Two app processes and two workers against one database behave as one service.

Real subprocesses (`painwise serve` on two loopback ports, `painwise worker` twice) share one data
directory and database: SQLite in the data directory by default, or a fresh PostgreSQL database when the
suite runs on PostgreSQL (PAINWISE_DATABASE_URL). A session cookie from one process works on the other,
failed sign-ins count across both (when the cache is shared), and the hourly housekeeping runs once.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

# ruff: noqa: S603 (the commands run here are this project's own CLI, with fixed arguments)
from django.conf import settings

from painwise.testing import PASSWORD

pytestmark = pytest.mark.slow
PAINWISE = [sys.executable, "-c", "from painwise.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _database() -> Iterator[str]:
    """'' for SQLite in the data directory, or the URL of a throw-away PostgreSQL database."""
    base = os.environ.get("PAINWISE_DATABASE_URL", "")
    if not base:
        yield ""
        return
    import psycopg

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'painwise'}_procs_{secrets.token_hex(4)}"
    admin = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username,
             "password": parts.password, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as conn:  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(**admin) as conn:  # type: ignore[arg-type]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def service_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with _database() as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAINWISE_")}
        env.update(PAINWISE_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=os.pathsep.join(sys.path),
                   PAINWISE_DATABASE_URL=url, DJANGO_SETTINGS_MODULE="painwise.settings")
        if not url:
            del env["PAINWISE_DATABASE_URL"]
        subprocess.run([*PAINWISE, "init"], env=env, check=True, capture_output=True, timeout=120)
        subprocess.run([*PAINWISE, "user", "create", "alice", "--password", PASSWORD, "--country", "US"],
                       env=env, check=True, capture_output=True, timeout=120)
        yield env


@contextlib.contextmanager
def _running(env: dict[str, str], *args: str) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([*PAINWISE, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _server(env: dict[str, str], *extra: str) -> Iterator[str]:
    port = _free_port()
    with _running(env, "serve", "--port", str(port), *extra) as process:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/accounts/login/", timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or its first page is slow
                if process.poll() is not None or time.monotonic() > deadline:
                    told = process.stderr.read().decode() if process.stderr else ""
                    raise AssertionError(f"server did not start: {told}") from None
                time.sleep(0.2)
        yield base


# Behind a reverse proxy every process sees the same Host; allauth keys its per-account limit by it.
HOST = {"Host": "localhost"}


def _sign_in(session: requests.Session, base: str, password: str) -> requests.Response:
    session.headers.update(HOST)
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "the sign-in form carries a CSRF token"
    return session.post(f"{base}/accounts/login/", timeout=10, allow_redirects=False,
                        data={"login": "alice", "password": password, "csrfmiddlewaretoken": token.group(1)},
                        headers={"Referer": "http://localhost/accounts/login/"})


def _query(env: dict[str, str], code: str) -> str:
    script = f"import django; django.setup()\n{code}"
    return subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def test_a_session_from_one_process_works_on_the_other(service_env: dict[str, str]) -> None:
    with _server(service_env, "--no-worker") as first, _server(service_env, "--no-worker") as second:
        session = requests.Session()
        assert _sign_in(session, first, PASSWORD).status_code == 302

        me = session.get(f"{second}/api/v1/me", timeout=10)

        assert me.status_code == 200
        assert me.json()["username"] == "alice"


@pytest.mark.skipif(
    "LocMemCache" in settings.CACHES["default"]["BACKEND"],
    reason="sign-in rate limits live in a per-process memory cache until the shared database cache lands",
)
def test_failed_sign_ins_count_across_both_processes(service_env: dict[str, str]) -> None:
    with _server(service_env, "--no-worker") as first, _server(service_env, "--no-worker") as second:
        for base in (first, first, first, second, second):  # five failures: allauth's limit per account
            assert _sign_in(requests.Session(), base, "wrong password 123").status_code == 200

        refused = _sign_in(requests.Session(), second, PASSWORD)

        assert refused.status_code != 302, "the right password must wait once the limit is reached on either"


def test_two_workers_and_a_server_thread_run_the_hourly_housekeeping_once(service_env: dict[str, str]) -> None:
    with (
        _server(service_env) as _serving,  # serve's own worker thread polls too
        _running(service_env, "worker", "--interval", "0.2"),
        _running(service_env, "worker", "--interval", "0.2"),
    ):
        time.sleep(4)
    runs = _query(service_env, (
        "from django_tasks_db.models import DBTaskResult\n"
        "print(list(DBTaskResult.objects.filter(task_path='painwise.jobs.tasks.prune_expired')"
        ".values_list('status', flat=True)))"
    ))
    assert runs == "['SUCCESSFUL']"




def _children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _cpu_ns(pid: int) -> int:
    """CPU time used so far by every thread of ``pid`` (Linux schedstat), in nanoseconds."""
    return sum(int(path.read_text().split()[0]) for path in Path(f"/proc/{pid}/task").glob("*/schedstat"))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(os, "fork"),
                    reason="forks server processes and reads them from /proc (Linux)")
def test_serve_with_two_processes_saves_every_write_sent_to_both_at_once(service_env: dict[str, str]) -> None:
    import concurrent.futures

    port = _free_port()
    with _running(service_env, "serve", "--port", str(port), "--processes", "2", "--no-worker") as process:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 or not _answers(f"{base}/accounts/login/"):
            assert process.poll() is None, "serve --processes 2 stopped"
            assert time.monotonic() < deadline, "serve --processes 2 did not start within a minute"
            time.sleep(0.2)
        servers = _children(process.pid)
        before = {pid: _cpu_ns(pid) for pid in servers}
        session = requests.Session()
        assert _sign_in(session, base, PASSWORD).status_code == 302
        token = session.cookies["csrftoken"] or ""

        def write(number: int) -> int:
            body: dict[str, str | int] = {"modality": "meditation", "duration_minutes": 1 + number % 30}
            return session.post(f"{base}/api/v1/entries", json=body, timeout=60,
                                headers={"X-CSRFToken": token, "Referer": f"{base}/"}).status_code

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(write, range(60)))
        listed = session.get(f"{base}/api/v1/entries?limit=100", timeout=30).json()

        assert statuses == [201] * 60
        assert listed["count"] == 60
        assert sorted(e["duration_minutes"] for e in listed["items"]) == sorted(1 + n % 30 for n in range(60))
        assert all(_cpu_ns(pid) - before[pid] > 5_000_000 for pid in servers), "both processes served requests"


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=30).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False
