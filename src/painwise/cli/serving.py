"""`painwise serve --processes N`: N waitress processes answering on one listening socket.

One Python process serves about one core (the interpreter lock), so with many people at once a machine
with several cores needs several processes. This process opens the socket, loads the app (so the children
share its memory), closes its database connections and forks N children that each run waitress with
their own threads on the inherited socket; the kernel hands each new connection to one of them. It then
only watches them: a child that dies is started again, and Ctrl+C or SIGTERM stops them all (each
finishes the requests it has, for up to ``STOP_SECONDS``). The background worker thread runs in the first
child only, so queued tasks are not polled N times. Forking needs a POSIX system (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from painwise.core.cli import gettext

STOP_SECONDS = 20
RESTART_PAUSE = 1.0  # seconds between restarts of a child that keeps dying


class _Stop(Exception):  # noqa: N818 (a signal to stop, not an error)
    """Raised in the supervising process by SIGTERM or SIGINT."""


def listening_socket(host: str, port: int, *, backlog: int = 1024) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` and listening, to be shared by the serving processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=backlog)


def serve_forked(*, sock: socket.socket, processes: int, run_child: Callable[[int], None]) -> None:
    """Run ``run_child(index)`` in ``processes`` forked children until SIGTERM or SIGINT; restart any that dies.

    ``run_child`` serves until it returns (or raises); index 0 is the child that also runs the worker.
    """
    children: dict[int, int] = {}  # pid -> index

    def start(index: int) -> None:
        pid = os.fork()
        if pid == 0:
            _child(index, run_child)
        children[pid] = index

    def stop(signum: int, frame: Any) -> None:
        raise _Stop

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for index in range(processes):
            start(index)
        while True:
            pid, status = os.wait()
            if pid not in children:
                continue
            index = children.pop(pid)
            restart = gettext("painwise serve: process %(number)s (pid %(pid)s) stopped (%(how)s); starting it "
                              "again") % {"number": index + 1, "pid": pid, "how": _how(status)}
            print(restart, file=sys.stderr, flush=True)
            time.sleep(RESTART_PAUSE)
            start(index)
    except _Stop:
        pass
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _stop_children(children)
        sock.close()


def _child(index: int, run_child: Callable[[int], None]) -> None:
    """The body of a forked child: serve, then leave without running the parent's exit handlers."""
    code = 0
    try:
        for s in (signal.SIGTERM, signal.SIGINT):
            signal.signal(s, _exit_quietly)
        _leave_with(os.getppid())
        run_child(index)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # anything: report it, and never return into the parent's code
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_quietly(signum: int, frame: Any) -> None:
    raise SystemExit(0)  # waitress's loop catches it and stops its threads


def _leave_with(parent: int) -> None:
    """Stop this child when the supervising process is gone (killed without passing the word on)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="painwise-parent-watch", daemon=True).start()


def _stop_children(children: dict[int, int]) -> None:
    for pid in children:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while children and time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.1)
        else:
            children.pop(pid, None)
    for pid in children:
        _signal(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return gettext("signal %(number)s") % {"number": os.WTERMSIG(status)}
    return gettext("exit code %(code)s") % {"code": os.waitstatus_to_exitcode(status)}
