"""Probes that run a real Painwise server in a child process (tests and bench/ use them).

``Instance`` is a throw-away instance (its own data directory and, for PostgreSQL, its own scratch
database) that can be initialised, served with `painwise serve`, stopped cleanly or killed with
SIGKILL, and written to through the API by ``Writers``: threads that create pain episodes with a
numbered note and remember every write the server acknowledged (answered 201).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PASSWORD = "probe-password-2026"  # noqa: S105 (throw-away probe accounts only)
_CLI = "from painwise.cli import main; main()"
_SETUP = (  # one process for init, the account and its token: each Django start costs about a second
    "from painwise.cli import cli\n"
    "cli.main(['init'], standalone_mode=False)\n"
    "from painwise.accounts.services import create_api_token, create_user\n"
    "user = create_user(username='probe', password='" + PASSWORD + "')\n"
    "print('TOKEN', create_api_token(user=user, name='probe', scope='read-write')[1])\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def scratch_postgres(url: str, label: str) -> Iterator[str]:
    """A new empty database on the server of ``url`` for the duration of the block; its URL."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'painwise'}_{label}_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Instance:
    """A Painwise instance in ``root`` (SQLite unless ``database_url``), driven through child processes."""

    def __init__(self, root: Path, database_url: str = "") -> None:
        self.root = root
        self.data_dir = root / "data"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PAINWISE_") and k != "DJANGO_SETTINGS_MODULE"}
        env.update(PAINWISE_DATA_DIR=str(self.data_dir), DJANGO_SETTINGS_MODULE="painwise.settings",
                   PAINWISE_DATABASE_URL=database_url, PYTHONPATH=os.environ.get("PYTHONPATH", ""),
                   # The probes hammer one address on purpose; rate limits are tested elsewhere.
                   PAINWISE_RATE_LIMIT_TOKEN_FAILED="100000/m/ip",  # noqa: S106 (a rate, not a secret)
                   PAINWISE_RATE_LIMIT_EXPORT="100000/h/user")
        self.env = env
        self.port = free_port()
        self.server: subprocess.Popen[bytes] | None = None
        self.token = ""

    def run(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `painwise ARGS` against this instance; its output (raises on failure when ``check``)."""
        done = subprocess.run([sys.executable, "-c", _CLI, *args], env=self.env, input=stdin,  # noqa: S603
                              capture_output=True, text=True, timeout=120, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"painwise {' '.join(args)} failed: {done.stdout}{done.stderr}")
        return done

    def setup(self) -> None:
        """Initialise the instance and create the account ``probe`` with an API token."""
        done = subprocess.run([sys.executable, "-c", _SETUP], env=self.env, capture_output=True,  # noqa: S603
                              text=True, timeout=120, check=False)
        tokens = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("TOKEN ")]
        if done.returncode != 0 or not tokens:
            raise RuntimeError(f"setting up the probe instance failed: {done.stdout}{done.stderr}")
        self.token = tokens[0]

    def start(self, timeout: float = 120) -> None:  # generous: start-up takes ~30 s on a loaded 2-core machine
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        self.server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", _CLI, "serve", "--port", str(self.port), "--threads", "4"],
            env=self.env, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"the server exited: {(self.root / 'server.log').read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start in time")

    def stop(self) -> None:
        """Stop the server the polite way (SIGTERM) and wait for it."""
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def kill(self) -> None:
        """Kill the server with SIGKILL, as a power cut or the OOM killer would end it."""
        if self.server is not None:
            os.kill(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=30)
            self.server = None

    def request(self, method: str, path: str, body: Any = None, timeout: float = 10) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def exported_notes(self) -> list[str]:
        """Every episode note, read back through the running server's export (so decrypted by it)."""
        status, body = self.request("GET", "/api/v1/export?format=json", timeout=60)
        if status != 200:
            raise RuntimeError(f"export answered {status}: {body[:500]!r}")
        return [episode["notes"] for episode in json.loads(body)["episodes"]]


class Writers:
    """Threads that keep creating episodes through the API and record every acknowledged write."""

    def __init__(self, instance: Instance, *, threads: int = 2, prefix: str = "note") -> None:
        self.instance = instance
        self.prefix = prefix
        self.acknowledged: set[str] = set()
        self.refused = 0  # the server was down: nothing was sent
        self.cut_off = 0  # sent, but the connection dropped before an answer (server killed mid-request)
        self.errors: list[int] = []  # answered, but not with 201 (HTTP status codes)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._counter = 0
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(threads)]

    def _next(self) -> str:
        with self._lock:
            self._counter += 1
            return f"{self.prefix}-{self._counter}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            note = self._next()
            body = {"started_at": "2026-11-20T10:00:00+00:00", "intensity": 5, "notes": note,
                    "helped": f"helped {note}", "triggers": ["probe"]}
            refused = False
            try:
                status, _ = self.instance.request("POST", "/api/v1/episodes", body)
            except (OSError, http.client.HTTPException) as exc:  # killed before or while answering
                status, refused = 0, isinstance(getattr(exc, "reason", exc), ConnectionRefusedError)
            with self._lock:
                if status == 201:
                    self.acknowledged.add(note)
                elif refused:
                    self.refused += 1
                elif status == 0:
                    self.cut_off += 1
                else:
                    self.errors.append(status)
            if status != 201:
                time.sleep(0.02)

    def start(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.02)
