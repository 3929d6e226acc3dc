"""Backup and restore of a whole instance: database, field-encryption keys and secret key, in one archive.

The archive is a gzipped tar file (mode 0600) holding ``manifest.json`` (format, version, database
engine, SHA-256 of every other member) and:

- ``database.sqlite3``: a consistent copy made with SQLite's online backup API (the app may keep
  running), or ``database.pgdump``: ``pg_dump --format=custom`` of the PostgreSQL database;
- ``field.keys``: the field-encryption key file, and ``field.index.key``: the blind-index key file;
- ``secret_key``: the signing key, when it lives in the data directory (not when it comes from
  PAINWISE_SECRET_KEY).

Restoring checks everything before it writes anything: the manifest, every checksum, an empty data
directory, the same database engine, and that the key file decrypts the key check stored in the
database. Restore works without Django set up, because importing the settings would already write
into the data directory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cryptography.fernet import MultiFernet

from painwise import __version__
from painwise.core.files import PRIVATE_FILE
from painwise.core.messages import Message, gettext_noop

FORMAT = "painwise-backup"
VERSION = 1
SQLITE_NAME = "painwise.sqlite3"
MEMBERS = {"database.sqlite3", "database.pgdump", "field.keys", "field.index.key", "secret_key"}
# Entries a data directory may hold and still count as empty (created by merely loading the settings).
HARMLESS = {"static"}


class BackupError(Exception):
    """Backup or restore refused; the message says why and what to do. ``sentence`` is it to translate
    (a gettext_noop template and its values; ``str(error)`` is the English)."""

    def __init__(self, template: str, **values: object) -> None:
        self.sentence = Message(template, values)
        super().__init__(str(self.sentence))


@dataclass(frozen=True)
class Target:
    """Where an instance lives: data directory, key file, and database URL (empty for SQLite)."""

    data_dir: Path
    key_file: Path
    database_url: str = ""
    index_key_file: Path | None = None

    @property
    def engine(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / SQLITE_NAME

    @property
    def secret_key_file(self) -> Path:
        return self.data_dir / "secret_key"


def target_from_environment() -> Target:
    """The instance the PAINWISE_* environment points at (without importing Django settings)."""
    from painwise import config

    data_dir = Path(os.environ.get("PAINWISE_DATA_DIR") or config._default_data_dir()).expanduser()
    key_file = Path(os.environ.get("PAINWISE_FIELD_KEY_FILE") or data_dir / "field.keys")
    index_key_file = Path(os.environ.get("PAINWISE_FIELD_INDEX_KEY_FILE") or data_dir / "field.index.key")
    url = config.env("DATABASE_URL")
    if url and urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BackupError(gettext_noop("Backup and restore support SQLite and PostgreSQL only."))
    return Target(data_dir=data_dir, key_file=key_file, database_url=url, index_key_file=index_key_file)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_command(program: str, url: str) -> tuple[list[str], dict[str, str]]:
    """Arguments and environment to run pg_dump/pg_restore against ``url`` (password via PGPASSWORD)."""
    if shutil.which(program) is None:
        raise BackupError(gettext_noop("%(program)s is not installed; install the PostgreSQL client tools (e.g. "
                                       "postgresql-client)."), program=program)
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    args = [program, "--host", parts.hostname or "localhost", "--port", str(parts.port or 5432),
            "--dbname", unquote(parts.path.lstrip("/"))]
    if parts.username:
        args += ["--username", unquote(parts.username)]
    return args, env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(gettext_noop("%(program)s failed: %(output)s"), program=what,
                          output=done.stderr.strip() or done.stdout.strip())


def _copy_sqlite(source: Path, dest: Path) -> None:
    if not source.exists():
        raise BackupError(gettext_noop("There is no database at %(path)s; nothing to back up. Run `painwise init` "
                                       "first."), path=source)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)  # the online backup API: a consistent copy even while the app writes
        if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(gettext_noop("The database %(path)s failed SQLite's integrity check; the backup was "
                                           "not written."), path=source)
    finally:
        dst.close()
        src.close()


@dataclass(frozen=True)
class BackupSummary:
    output: Path
    engine: str
    size: int
    secret_key_included: bool


def create_backup(output: Path, target: Target) -> BackupSummary:
    """Write the archive for ``target`` to ``output`` (mode 0600; refuses to overwrite a file)."""
    if output.exists():
        raise BackupError(gettext_noop("%(path)s already exists; choose another file name (nothing was "
                                       "overwritten)."), path=output)
    if not target.key_file.exists():
        raise BackupError(gettext_noop("The field-encryption key file %(path)s is missing; a backup without it "
                                       "could never be read. Restore it first."), path=target.key_file)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".painwise-backup-", dir=output.parent) as staging_name:
        staging = Path(staging_name)
        files: dict[str, Path] = {}
        if target.engine == "sqlite":
            files["database.sqlite3"] = staging / "database.sqlite3"
            _copy_sqlite(target.sqlite_path, files["database.sqlite3"])
        else:
            files["database.pgdump"] = staging / "database.pgdump"
            args, env = _pg_command("pg_dump", target.database_url)
            _run([*args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(files["database.pgdump"])],
                 env, "pg_dump")
        files["field.keys"] = target.key_file
        if target.index_key_file is not None and target.index_key_file.exists():
            files["field.index.key"] = target.index_key_file
        ring = _keyring(target.key_file)
        stored = (_sqlite_check_value(files["database.sqlite3"]) if target.engine == "sqlite"
                  else _pg_check_value(target.database_url))
        _check_value_decrypts(ring, stored, what=Message(gettext_noop("No backup written")))
        external_secret = os.environ.get("PAINWISE_SECRET_KEY") or os.environ.get("PAINWISE_SECRET_KEY_FILE")
        secret_included = target.secret_key_file.exists() and not external_secret
        if secret_included:
            files["secret_key"] = target.secret_key_file
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "painwise_version": __version__,
            "database": target.engine,
            "secret_key_included": secret_included,
            "files": {name: _sha256(path) for name, path in files.items()},
        }
        partial = output.with_name(f".{output.name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        try:
            with os.fdopen(fd, "wb") as raw_handle:
                with tarfile.open(fileobj=raw_handle, mode="w:gz") as archive:
                    data = json.dumps(manifest, indent=2).encode("utf-8")
                    info = tarfile.TarInfo("manifest.json")
                    info.size, info.mode, info.mtime = len(data), PRIVATE_FILE, int(dt.datetime.now().timestamp())
                    archive.addfile(info, io.BytesIO(data))
                    for name, path in files.items():
                        info = archive.gettarinfo(str(path), arcname=name)
                        info.mode, info.uid, info.gid, info.uname, info.gname = PRIVATE_FILE, 0, 0, "", ""
                        with open(path, "rb") as member:
                            archive.addfile(info, member)
                raw_handle.flush()
                os.fsync(raw_handle.fileno())
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(output=output, engine=target.engine, size=output.stat().st_size,
                         secret_key_included=secret_included)


# Restore ---------------------------------------------------------------------------------------------

def _not_a_backup(archive: Path, why: str, **values: object) -> BackupError:
    """``why`` is a gettext_noop template filled with ``values``, translated with the sentence around it."""
    return BackupError(gettext_noop("%(path)s is not a usable Painwise backup (%(why)s). Nothing was restored."),
                       path=archive, why=Message(why, values))


def read_archive(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``staging`` after checking it; returns the manifest."""
    if not archive.is_file():
        raise BackupError(gettext_noop("There is no backup file at %(path)s."), path=archive)
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if "manifest.json" not in members:
                raise _not_a_backup(archive, gettext_noop("no manifest.json inside"))
            manifest_file = tar.extractfile(members["manifest.json"])
            manifest = json.loads(manifest_file.read()) if manifest_file else None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _not_a_backup(archive, gettext_noop("its manifest is not a Painwise backup manifest"))
            if manifest.get("version") != VERSION:
                raise _not_a_backup(archive, gettext_noop("format version %(found)s, this Painwise reads %(version)s"),
                                    found=manifest.get("version"), version=VERSION)
            expected: dict[str, str] = manifest.get("files") or {}
            if not set(expected) <= MEMBERS or "field.keys" not in expected:
                raise _not_a_backup(archive, gettext_noop("its manifest lists unexpected files or no key file"))
            for name, digest in expected.items():
                member = members.get(name)
                source = tar.extractfile(member) if member is not None and member.isfile() else None
                if source is None:
                    raise _not_a_backup(archive, gettext_noop("%(name)s is missing"), name=name)
                path = staging / name
                with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE), "wb") as out:
                    shutil.copyfileobj(source, out)
                if _sha256(path) != digest:
                    raise _not_a_backup(archive, gettext_noop("the checksum of %(name)s does not match: the file is "
                                                              "damaged"), name=name)
    except (tarfile.TarError, EOFError, OSError, ValueError, json.JSONDecodeError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise _not_a_backup(archive, gettext_noop("it cannot be read: %(error)s"), error=exc) from None
    return manifest


def _check_target_empty(target: Target, manifest: dict[str, Any]) -> None:
    if target.data_dir.exists():
        entries = sorted(p.name for p in target.data_dir.iterdir()
                         if not (p.name in HARMLESS and p.is_dir() and not any(p.iterdir())))
        if entries:
            raise BackupError(gettext_noop(
                "The data directory %(path)s is not empty (it holds %(entries)s). Restore only into a new, empty "
                "directory, e.g. PAINWISE_DATA_DIR=/path/to/new/dir painwise restore FILE; nothing was changed."
            ), path=target.data_dir, entries=", ".join(entries))
    for key_file in (target.key_file, target.index_key_file):
        if key_file is not None and key_file.exists():
            raise BackupError(gettext_noop("A key file already exists at %(path)s; restore only into a new "
                                           "instance."), path=key_file)
    if manifest["database"] != target.engine:
        if manifest["database"] == "sqlite":
            template = gettext_noop("This backup holds a %(held)s database but this instance is configured for "
                                    "%(engine)s; unset PAINWISE_DATABASE_URL to restore it.")
        else:
            template = gettext_noop("This backup holds a %(held)s database but this instance is configured for "
                                    "%(engine)s; set PAINWISE_DATABASE_URL to restore it.")
        raise BackupError(template, held=manifest["database"], engine=target.engine)


def _keyring(key_file: Path) -> MultiFernet:
    from cryptography.fernet import Fernet

    from painwise.core.crypto import KeyFileError, parse_keys

    try:
        return MultiFernet([Fernet(k) for k in parse_keys(key_file.read_bytes(), key_file)])
    except KeyFileError as exc:
        raise BackupError(gettext_noop("The key file is unusable: %(error)s"), error=exc.sentence) from None


def _check_value_decrypts(ring: MultiFernet, stored: str | None, *, what: Message) -> None:
    """BackupError unless ``stored`` (the database's key check) decrypts with ``ring``."""
    from painwise.core.keycheck import CHECK_TEXT, decrypts

    if stored is None:
        raise BackupError(gettext_noop("%(what)s: the database holds no key check, so the keys cannot be "
                                       "verified."), what=what)
    if not decrypts(ring, stored, CHECK_TEXT):
        raise BackupError(gettext_noop("%(what)s: the key file does not decrypt the database (the key check "
                                       "fails)."), what=what)


def _sqlite_check_value(path: Path) -> str | None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT value FROM core_keycheck ORDER BY id LIMIT 1").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(gettext_noop("The database copy cannot be read: %(error)s"), error=exc) from None
    finally:
        connection.close()
    return row[0] if row else None


def _pg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("pgsql://", "postgresql://", 1), connect_timeout=10)


def _pg_table_count(url: str) -> int:
    with _pg_connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()
    return int(row[0])


def _pg_check_value(url: str) -> str | None:
    with _pg_connect(url) as connection:
        row = connection.execute("SELECT value FROM core_keycheck ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def _place(source: Path, dest: Path) -> None:
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.move(source, dest)
    os.chmod(dest, PRIVATE_FILE)


@dataclass(frozen=True)
class RestoreSummary:
    engine: str
    created_at: str
    secret_key_included: bool


def restore_backup(archive: Path, target: Target) -> RestoreSummary:
    """Restore ``archive`` into the empty instance ``target``, verifying the keys decrypt the data."""
    parent = target.data_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".painwise-restore-", dir=parent) as staging_name:
        staging = Path(staging_name)
        manifest = read_archive(archive, staging)
        _check_target_empty(target, manifest)
        ring = _keyring(staging / "field.keys")
        if target.engine == "sqlite":
            _check_value_decrypts(ring, _sqlite_check_value(staging / "database.sqlite3"),
                                  what=Message(gettext_noop("Nothing was restored")))
        else:
            if _pg_table_count(target.database_url):
                raise BackupError(gettext_noop("The PostgreSQL database in PAINWISE_DATABASE_URL is not empty; "
                                               "restore only into a new, empty database (createdb NAME). Nothing "
                                               "was changed."))
            args, env = _pg_command("pg_restore", target.database_url)
            _run([*args, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  str(staging / "database.pgdump")], env, "pg_restore")
            _check_value_decrypts(ring, _pg_check_value(target.database_url),
                                  what=Message(gettext_noop("The PostgreSQL database was restored but not the "
                                                            "keys; drop and recreate it")))
        target.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(target.data_dir, 0o700)
        if target.engine == "sqlite":
            _place(staging / "database.sqlite3", target.sqlite_path)
        _place(staging / "field.keys", target.key_file)
        if "field.index.key" in manifest["files"] and target.index_key_file is not None:
            _place(staging / "field.index.key", target.index_key_file)
        if manifest.get("secret_key_included") and not target.secret_key_file.exists():
            _place(staging / "secret_key", target.secret_key_file)
    return RestoreSummary(engine=target.engine, created_at=str(manifest.get("created_at", "?")),
                          secret_key_included=bool(manifest.get("secret_key_included")))
