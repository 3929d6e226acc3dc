"""Field encryption at rest: a MultiFernet keyring kept in its own file, apart from SECRET_KEY.

The key file holds one Fernet key per line, newest (the primary) first, mode 0600; blank lines and
lines starting with ``#`` are ignored. Encrypting uses the primary key; decrypting tries each key.

Every process re-reads the file as soon as it changes (one ``stat`` per use, compared by device,
inode, size and modification time), so a key added by `painwise keys rotate` in another process is
used at once. The file is only ever replaced atomically (temporary file, fsync, rename) under a lock,
and never created implicitly: a missing key file is an error, because a new key cannot read old data
(`painwise.core.keycheck` decides when an instance is fresh enough to get its first key).

Each process remembers the plaintext of the last values it decrypted (``PLAIN_CACHE_SIZE``), by
ciphertext and keyring: the same rows are read on page after page (a month of entries, twelve weeks of
kratom doses on the home page), and a Fernet decryption costs about 25 microseconds. A ciphertext is
unique to its value (random IV), and a changed key file is a new keyring, so a remembered plaintext is
exactly what decrypting again would give; the key file is still checked on every call.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from painwise.core.messages import Message, gettext_noop

PREFIX = "pwenc1:"
PLAIN_CACHE_SIZE = 20_000  # values, per process (about 8 MB at most)


class DecryptionError(Exception):
    """Stored ciphertext could not be decrypted with any key in the key file."""


class KeyFileError(Exception):
    """The key file is missing, damaged or does not belong to the data; the message says what to do.
    ``sentence`` is it to translate (a gettext_noop template and its values; ``str(error)`` is the English),
    translated where it is printed (Django may not be set up where the error is raised)."""

    def __init__(self, template: str, **values: object) -> None:
        self.sentence = Message(template, values)
        super().__init__(str(self.sentence))


def key_file() -> Path:
    return Path(settings.FIELD_KEY_FILE)


def missing_error(path: Path) -> KeyFileError:
    return KeyFileError(gettext_noop(
        "The field-encryption key file %(path)s is missing. If this instance already holds data, restore "
        "that file from your backup (mode 0600) or point PAINWISE_FIELD_KEY_FILE at it; without it the "
        "encrypted notes cannot be read. On a new instance, run `painwise init` to create it."
    ), path=path)


def parse_keys(data: bytes, path: Path) -> list[bytes]:
    """The keys in a key file's contents, primary first; KeyFileError when empty or damaged."""
    keys = [line.strip() for line in data.splitlines() if line.strip() and not line.startswith(b"#")]
    if not keys:
        raise KeyFileError(
            gettext_noop("The field-encryption key file %(path)s is empty. Restore it from your backup."), path=path)
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise KeyFileError(gettext_noop(
                "The field-encryption key file %(path)s is damaged (key %(number)s is not a valid Fernet key). "
                "Restore it from your backup."
            ), path=path, number=number) from None
    return keys


@dataclass(frozen=True, eq=False)  # hashed by identity: the decryption cache's key
class _Keyring:
    signature: tuple[int, int, int, int]
    keys: tuple[bytes, ...]
    ring: MultiFernet
    primary: Fernet


_cache: dict[str, _Keyring] = {}
_cache_lock = threading.Lock()


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _current() -> _Keyring:
    """The keyring of the key file as it is on disk now (re-read only when the file changed).

    Called for every value decrypted (hundreds on a list page): the fast path is one stat of the file's
    name as configured, without building a Path."""
    name = str(settings.FIELD_KEY_FILE)
    try:
        signature = _signature(os.stat(name))
    except FileNotFoundError:
        raise missing_error(Path(name)) from None
    cached = _cache.get(name)
    if cached is not None and cached.signature == signature:
        return cached
    path = Path(name)
    with _cache_lock:
        try:
            with open(path, "rb") as handle:
                # Size and time of the very file read, so a concurrent replacement is noticed next time.
                signature = _signature(os.fstat(handle.fileno()))
                data = handle.read()
        except FileNotFoundError:
            raise missing_error(path) from None
        keys = parse_keys(data, path)
        fernets = [Fernet(k) for k in keys]
        loaded = _Keyring(signature, tuple(keys), MultiFernet(fernets), fernets[0])
        _cache[name] = loaded
        return loaded


def keyring() -> MultiFernet:
    return _current().ring


def read_keys() -> list[bytes]:
    """The keys in the key file, primary first (KeyFileError when missing or damaged)."""
    return list(_current().keys)


def reset_keyring() -> None:
    """Forget the cached keyrings (tests that point at another key file call this)."""
    with _cache_lock:
        _cache.clear()
    _decrypted.cache_clear()


def encrypt(plaintext: str) -> str:
    """Ciphertext for ``plaintext`` as text, tagged so it is recognisable in the database."""
    return PREFIX + keyring().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """Plaintext of a value produced by ``encrypt``; untagged legacy text is returned unchanged."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _decrypted(_current(), stored)
    except InvalidToken as exc:
        raise DecryptionError("a stored value cannot be decrypted with the keys in the key file") from exc


@functools.lru_cache(maxsize=PLAIN_CACHE_SIZE)
def _decrypted(keys: _Keyring, stored: str) -> str:
    """``stored`` decrypted with ``keys`` (remembered: see the module's docstring; errors are not)."""
    return keys.ring.decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")


def is_on_primary(stored: str) -> bool:
    """Whether a stored value is encrypted and decrypts with the primary key alone."""
    if not stored.startswith(PREFIX):
        return False
    try:
        _current().primary.decrypt(stored[len(PREFIX):].encode("ascii"))
    except InvalidToken:
        return False
    return True


def reencrypt(stored: str) -> str:
    """``stored`` encrypted with the primary key (plaintext legacy values get encrypted too)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    try:
        token = keyring().rotate(stored[len(PREFIX):].encode("ascii"))
    except InvalidToken as exc:
        raise DecryptionError("a stored value cannot be decrypted with the keys in the key file") from exc
    return PREFIX + token.decode("ascii")


# Writing the key file -------------------------------------------------------------------------------

def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(path: Path, keys: list[bytes]) -> Path:
    """A fully written, fsynced temporary file (mode 0600) next to ``path``."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    with os.fdopen(fd, "wb") as handle:
        handle.write(b"\n".join(keys) + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return Path(name)


def write_keys(path: Path, keys: list[bytes]) -> None:
    """Replace the key file atomically: temporary file, fsync, rename, fsync of the folder."""
    tmp = _write_temp(path, keys)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def create_key_file(path: Path, key: bytes | None = None) -> bool:
    """Create a key file with one fresh key (or ``key``) unless one exists (never overwrites); True when created."""
    tmp = _write_temp(path, [key or Fernet.generate_key()])
    try:
        os.link(tmp, path)  # fails when the file exists, so two processes never both create one
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return True


@contextlib.contextmanager
def key_file_lock() -> Iterator[None]:
    """Serialise changes to the key file between processes (two rotations must not lose a key)."""
    path = key_file()
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def add_new_key() -> list[bytes]:
    """Prepend a fresh primary key, keeping the old ones so every row stays readable; returns all keys."""
    with key_file_lock():
        keys = [Fernet.generate_key(), *read_keys()]
        write_keys(key_file(), keys)
    return keys


def keep_only_primary_key() -> int:
    """Drop every key but the primary; returns how many were dropped. Only after a verified re-encryption."""
    with key_file_lock():
        keys = read_keys()
        if len(keys) > 1:
            write_keys(key_file(), keys[:1])
    return len(keys) - 1
