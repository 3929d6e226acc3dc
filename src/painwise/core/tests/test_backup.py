"""Backup archives checked before anything is restored (in-process; the full round trip is in test_durability)."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from painwise.core import crypto
from painwise.core.backup import BackupError, Target, create_backup, restore_backup
from painwise.core.blindindex import create_index_key_file
from painwise.core.keycheck import CHECK_TEXT


def _instance(root: Path) -> Target:
    """A minimal SQLite instance on disk: a key file and a database holding the key check."""
    target = Target(data_dir=root, key_file=root / "field.keys", index_key_file=root / "field.index.key")
    root.mkdir(parents=True)
    crypto.create_key_file(target.key_file)
    create_index_key_file(target.index_key_file)  # type: ignore[arg-type]
    key = target.key_file.read_bytes().strip()
    with sqlite3.connect(target.sqlite_path) as db:
        db.execute("CREATE TABLE core_keycheck (id INTEGER PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO core_keycheck (value) VALUES (?)",
                   [crypto.PREFIX + Fernet(key).encrypt(CHECK_TEXT.encode()).decode()])
    db.close()
    target.secret_key_file.write_text("s" * 64)
    return target


def _rewrite(archive: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of ``archive`` with its members passed through ``change(name, data) -> data``."""
    out = archive.with_name("changed.backup")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as dest:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            dest.addfile(member, io.BytesIO(data))
    return out


def test_a_backup_restores_into_an_empty_directory_with_private_files(tmp_path: Path) -> None:
    archive = tmp_path / "a.backup"
    create_backup(archive, _instance(tmp_path / "origin"))
    assert archive.stat().st_mode & 0o777 == 0o600
    target = Target(data_dir=tmp_path / "copy", key_file=tmp_path / "copy" / "field.keys",
                    index_key_file=tmp_path / "elsewhere" / "index.key")
    restore_backup(archive, target)
    for path in (target.sqlite_path, target.key_file, target.secret_key_file, target.index_key_file):
        assert path.stat().st_mode & 0o777 == 0o600  # type: ignore[union-attr]
    assert target.key_file.read_bytes() == (tmp_path / "origin" / "field.keys").read_bytes()
    assert target.index_key_file.read_bytes() == (tmp_path / "origin" / "field.index.key").read_bytes()  # type: ignore[union-attr]


def test_a_backup_is_refused_when_the_key_file_does_not_match_the_database(tmp_path: Path) -> None:
    origin = _instance(tmp_path / "origin")
    crypto.write_keys(origin.key_file, [Fernet.generate_key()])
    with pytest.raises(BackupError, match="key file does not decrypt the database"):
        create_backup(tmp_path / "a.backup", origin)
    assert not (tmp_path / "a.backup").exists()


def test_restore_refuses_a_non_empty_directory_and_changes_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "a.backup"
    create_backup(archive, _instance(tmp_path / "origin"))
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(BackupError, match=r"is not empty \(it holds notes.txt\)"):
        restore_backup(archive, Target(data_dir=busy, key_file=busy / "field.keys"))
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


def test_restore_refuses_a_tar_file_that_is_not_a_painwise_backup(tmp_path: Path) -> None:
    foreign = tmp_path / "photos.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("holiday.jpg")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"jpg"))
    target = Target(data_dir=tmp_path / "copy", key_file=tmp_path / "copy" / "field.keys")
    with pytest.raises(BackupError, match=r"no manifest\.json inside"):
        restore_backup(foreign, target)
    assert not target.data_dir.exists() or not any(target.data_dir.iterdir())


def test_restore_refuses_a_damaged_member_by_its_checksum(tmp_path: Path) -> None:
    archive = tmp_path / "a.backup"
    create_backup(archive, _instance(tmp_path / "origin"))
    damaged = _rewrite(archive, lambda name, data: data[:-1] + b"X" if name == "database.sqlite3" else data)
    target = Target(data_dir=tmp_path / "copy", key_file=tmp_path / "copy" / "field.keys")
    with pytest.raises(BackupError, match=r"checksum of database\.sqlite3 does not match"):
        restore_backup(damaged, target)
    assert not target.key_file.exists()


def test_restore_refuses_a_backup_whose_keys_do_not_decrypt_its_database(tmp_path: Path) -> None:
    archive = tmp_path / "a.backup"
    create_backup(archive, _instance(tmp_path / "origin"))
    other_key = Fernet.generate_key() + b"\n"

    def swap_key(name: str, data: bytes) -> bytes:
        if name == "field.keys":
            return other_key
        if name == "manifest.json":
            import hashlib

            manifest = json.loads(data)
            manifest["files"]["field.keys"] = hashlib.sha256(other_key).hexdigest()
            return json.dumps(manifest).encode()
        return data

    target = Target(data_dir=tmp_path / "copy", key_file=tmp_path / "copy" / "field.keys")
    with pytest.raises(BackupError, match="key check fails"):
        restore_backup(_rewrite(archive, swap_key), target)
    assert not target.sqlite_path.exists()


def test_restore_refuses_a_backup_of_another_database_engine(tmp_path: Path) -> None:
    archive = tmp_path / "a.backup"
    create_backup(archive, _instance(tmp_path / "origin"))
    target = Target(data_dir=tmp_path / "copy", key_file=tmp_path / "copy" / "field.keys",
                    database_url="postgres://postgres@127.0.0.1:5432/elsewhere")
    with pytest.raises(BackupError, match="holds a sqlite database but this instance is configured for postgresql"):
        restore_backup(archive, target)
