"""Field encryption at rest: a MultiFernet keyring kept in its own file, apart from SECRET_KEY.

The key file holds one Fernet key per line, newest first, mode 0600. Encrypting uses the newest key;
decrypting tries each. Rotation (`rotate_keys`) prepends a new key, re-encrypts every encrypted
column, then drops the old keys.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "pwenc1:"


class DecryptionError(Exception):
    """Stored ciphertext could not be decrypted with any key in the key file."""


def key_file() -> Path:
    return Path(settings.FIELD_KEY_FILE)


def _write_keys(path: Path, keys: list[bytes]) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(b"\n".join(keys) + b"\n")
    os.replace(tmp, path)


def read_keys() -> list[bytes]:
    """The keys in the key file, newest first; creates the file with one fresh key when missing."""
    path = key_file()
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_keys(path, [Fernet.generate_key()])
    keys = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
    if not keys:
        raise DecryptionError(f"the key file {path.name} is empty")
    return keys


@cache
def keyring() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in read_keys()])


def reset_keyring() -> None:
    """Forget the cached keyring (after rotation, or when tests point at another key file)."""
    keyring.cache_clear()


def encrypt(plaintext: str) -> str:
    """Ciphertext for ``plaintext`` as text, tagged so it is recognisable in the database."""
    return PREFIX + keyring().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """Plaintext of a value produced by ``encrypt``; untagged legacy text is returned unchanged."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return keyring().decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("a stored value cannot be decrypted with the keys in the key file") from exc


def add_new_key() -> list[bytes]:
    """Prepend a fresh key (keeping the old ones so existing rows stay readable); returns all keys."""
    keys = [Fernet.generate_key(), *read_keys()]
    _write_keys(key_file(), keys)
    reset_keyring()
    return keys


def keep_only_newest_key() -> None:
    """Drop every key but the newest; call only after every row was re-encrypted with it."""
    _write_keys(key_file(), read_keys()[:1])
    reset_keyring()
