"""Real server processes: key rotation under concurrent writes, kill -9, backup and restore round trips.

Each test runs a throw-away instance (`painwise serve` in a child process on 127.0.0.1) on the engine
the suite runs on: SQLite, or a scratch PostgreSQL database when PAINWISE_DATABASE_URL is set.
Bounded: a few seconds of writes each (bench/durability.py runs the longer version and prints figures).
Marked slow because every child process starts Django (about a second of CPU each); CI runs them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from painwise.core.probes import Instance, Writers, scratch_postgres

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def instance(tmp_path: Path, label: str) -> Iterator[Instance]:
    url = os.environ.get("PAINWISE_DATABASE_URL", "")
    with scratch_postgres(url, label) if url else contextlib.nullcontext("") as database_url:
        probe = Instance(tmp_path / label, database_url)
        try:
            yield probe
        finally:
            probe.kill()


def test_rotating_keys_while_the_server_takes_writes_loses_nothing(tmp_path: Path) -> None:
    with instance(tmp_path, "rotation") as probe:
        probe.setup()
        probe.start()
        writers = Writers(probe).start()
        try:
            writers.wait_for(40, timeout=15)
            rotated = probe.run("keys", "rotate", "--batch-size", "10")
            pruned = probe.run("keys", "prune", "--grace", "1", "--batch-size", "10")
            written_during_rotation = len(writers.acknowledged)
        finally:
            writers.stop()
        assert writers.errors == []  # no write failed because of the rotation
        assert "Verified" in rotated.stdout
        assert "Removed 1 old keys" in pruned.stdout
        probe.stop()

        probe.start()  # a restart reads the key file afresh: everything must still decrypt
        notes = probe.exported_notes()
        assert writers.acknowledged <= set(notes)
        assert len(notes) >= written_during_rotation >= 40
        assert (probe.data_dir / "field.keys").read_bytes().count(b"\n") == 1


def test_acknowledged_writes_survive_kill_9_of_the_server(tmp_path: Path) -> None:
    rounds = 5
    with instance(tmp_path, "kill9") as probe:
        probe.setup()
        writers = Writers(probe).start()
        try:
            for _ in range(rounds):
                probe.start()
                before = len(writers.acknowledged)
                writers.wait_for(before + 5, timeout=10)
                probe.kill()  # SIGKILL while the writers keep sending
        finally:
            writers.stop()
        probe.start()
        present = set(probe.exported_notes())
        lost = writers.acknowledged - present
        assert not lost, f"{len(lost)} acknowledged writes lost after kill -9: {sorted(lost)[:5]}"
        assert len(writers.acknowledged) >= rounds * 5


def _assert_private(path: Path) -> None:
    assert path.stat().st_mode & 0o777 == 0o600, path


def test_backup_and_restore_round_trip_keeps_every_note_readable(tmp_path: Path) -> None:
    with instance(tmp_path, "origin") as origin:
        origin.setup()
        origin.start()
        checkin = {"day": "2026-11-20", "notes": "a private note", "mood": 4}
        assert origin.request("POST", "/api/v1/checkins", checkin)[0] == 201
        writers = Writers(origin, prefix="backed-up").start()
        writers.wait_for(20, timeout=15)
        archive = tmp_path / "painwise.backup"
        made = origin.run("backup", "--output", str(archive))  # while the server is writing
        writers.stop()
        assert "Backup written" in made.stdout
        _assert_private(archive)

        with instance(tmp_path, "restored") as copy:
            restored = copy.run("restore", str(archive))
            assert "the keys decrypt the data" in restored.stdout
            exported = copy.run("export", "--user", "probe").stdout
            assert "a private note" in exported
            assert sum(f'"backed-up-{n}"' in exported for n in range(1, 21)) >= 15
            again = copy.run("restore", str(archive), check=False)
            assert again.returncode == 1
            assert "not empty" in again.stderr


def test_restore_refuses_a_damaged_or_foreign_archive_and_writes_nothing(tmp_path: Path) -> None:
    with instance(tmp_path, "target") as target:
        not_a_backup = tmp_path / "notes.tar.gz"
        not_a_backup.write_bytes(b"just some text")
        done = target.run("restore", str(not_a_backup), check=False)
        assert done.returncode == 1
        assert "is not a usable Painwise backup" in done.stderr
        missing = target.run("restore", str(tmp_path / "nowhere.backup"), check=False)
        assert "There is no backup file" in missing.stderr
        assert not (target.data_dir / "field.keys").exists()
        assert not (target.data_dir / "painwise.sqlite3").exists()


def test_sqlite_database_files_are_private_and_init_tightens_the_data_directory(tmp_path: Path) -> None:
    if os.environ.get("PAINWISE_DATABASE_URL"):
        pytest.skip("SQLite files only exist on the SQLite run")
    probe = Instance(tmp_path / "perms")
    probe.setup()
    probe.start()
    try:
        assert probe.request("POST", "/api/v1/episodes", {"started_at": "2026-11-20T10:00:00+00:00",
                                                           "intensity": 5})[0] == 201
        for name in ("painwise.sqlite3", "painwise.sqlite3-wal", "painwise.sqlite3-shm", "field.keys", "secret_key"):
            _assert_private(probe.data_dir / name)
    finally:
        probe.stop()
    (probe.data_dir / "painwise.sqlite3").chmod(0o644)
    (probe.data_dir / "secret_key").chmod(0o644)
    probe.data_dir.chmod(0o755)
    done = probe.run("init")
    assert "files or folders private to their owner" in done.stdout
    assert probe.data_dir.stat().st_mode & 0o777 == 0o700
    _assert_private(probe.data_dir / "painwise.sqlite3")
    _assert_private(probe.data_dir / "secret_key")


def test_a_command_refuses_to_write_when_the_key_file_is_missing(tmp_path: Path) -> None:
    with instance(tmp_path, "lostkey") as probe:
        probe.setup()
        probe.run("checkin", "--user", "probe", "--day", "2026-11-20", "--notes", "only this key reads me")
        (probe.data_dir / "field.keys").unlink()
        done = probe.run("checkin", "--user", "probe", "--day", "2026-11-21", "--notes", "x", check=False)
        assert done.returncode == 1
        assert "field.keys is missing, but the database holds encrypted data" in done.stderr
        assert not (probe.data_dir / "field.keys").exists()
        served = probe.run("serve", "--port", str(probe.port), check=False)
        assert served.returncode == 1
        assert "Restore the file from your backup" in served.stderr
