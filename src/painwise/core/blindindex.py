"""Blind indexes: a keyed HMAC-SHA256 of a value, per person, so encrypted columns can still be found by equality.

The value itself is stored encrypted (Fernet, random per row). Beside it a blind index column holds
HMAC-SHA256(index key, "<model>.<field>" NUL <owner id> NUL <value>), cut to 128 bits. Queries and unique
constraints compare these digests. The index key is its own file (mode 0600), apart from the Fernet keys,
so the digests cannot be recomputed from a database copy alone; see docs/encryption.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings

DIGEST_CHARS = 32  # hex characters kept: 128 bits


def index_key_file() -> Path:
    return Path(settings.FIELD_INDEX_KEY_FILE)


def write_key(path: Path, key: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(base64.urlsafe_b64encode(key) + b"\n")
    os.replace(tmp, path)


@cache
def index_key() -> bytes:
    """The 32-byte index key; the file is created with a fresh random key when missing."""
    path = index_key_file()
    if not path.exists():
        write_key(path, secrets.token_bytes(32))
    key = base64.urlsafe_b64decode(path.read_bytes().strip())
    if len(key) < 32:
        raise ValueError(f"the index key file {path.name} does not hold a 32-byte key")
    return key


def reset_index_key() -> None:
    """Forget the cached key (after rotation, or when tests point at another key file)."""
    index_key.cache_clear()


def new_index_key() -> bytes:
    return secrets.token_bytes(32)


def replace_index_key(key: bytes) -> None:
    """Write ``key`` as the index key; call only once every index was recomputed with it."""
    write_key(index_key_file(), key)
    reset_index_key()


def normalise(value: str, *, fold_case: bool) -> str:
    """The form that is indexed: unchanged, or Unicode-normalised, trimmed and case-folded."""
    if not fold_case:
        return value
    return unicodedata.normalize("NFKC", value).strip().casefold()


def digest(scope: str, owner: object, value: str, *, key: bytes | None = None) -> str:
    """The blind index of ``value`` for one owner (a user id) in one scope ("app.model.field")."""
    message = "\x00".join((scope, str(owner), value)).encode("utf-8")
    return hmac.new(key or index_key(), message, hashlib.sha256).hexdigest()[:DIGEST_CHARS]
