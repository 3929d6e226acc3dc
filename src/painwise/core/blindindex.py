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
from pathlib import Path

from django.conf import settings

from painwise.core import crypto
from painwise.core.messages import gettext_noop

DIGEST_CHARS = 32  # hex characters kept: 128 bits


def index_key_file() -> Path:
    return Path(settings.FIELD_INDEX_KEY_FILE)


def write_key(path: Path, key: bytes) -> None:
    """Replace the index key file atomically (temporary file, fsync, rename; mode 0600)."""
    crypto.write_keys(path, [base64.urlsafe_b64encode(key)])


def create_index_key_file(path: Path) -> bool:
    """Create an index key file with a fresh key unless one exists (never overwrites); True when created."""
    return crypto.create_key_file(path, base64.urlsafe_b64encode(secrets.token_bytes(32)))


_cache: dict[Path, tuple[tuple[int, int, int, int], bytes]] = {}


def index_key() -> bytes:
    """The 32-byte index key, re-read whenever the file changes (another process may have rotated it).

    Never created here: a missing file raises KeyFileError (painwise.core.keycheck creates it only for a
    fresh instance), because a new key would silently stop every lookup of existing rows.
    """
    path = index_key_file()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise crypto.KeyFileError(gettext_noop(
            "The blind-index key file %(path)s is missing. Restore it from your backup (mode 0600); "
            "on a new instance run `painwise init`."
        ), path=path) from None
    signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    cached = _cache.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    key = base64.urlsafe_b64decode(path.read_bytes().strip())
    if len(key) < 32:
        raise crypto.KeyFileError(
            gettext_noop("The index key file %(path)s does not hold a 32-byte key; restore it from a backup."),
            path=path)
    _cache[path] = (signature, key)
    return key


def reset_index_key() -> None:
    """Forget the cached key (tests that point at another key file call this)."""
    _cache.clear()


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
