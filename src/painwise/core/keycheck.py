"""Start-up check that the field-encryption key file belongs to the database.

A key is created only for a truly fresh instance: no key check stored and no encrypted value in any
table. When the database holds encrypted data, a missing, damaged or different key file stops
start-up with a message that names the file and says to restore it from the backup, because a new
key would make every new row unreadable together with the old ones.
"""

from __future__ import annotations

from cryptography.fernet import InvalidToken, MultiFernet
from django.apps import apps
from django.db import connection
from django.utils.translation import gettext_noop

from painwise.core import blindindex, crypto
from painwise.core.fields import blind_index_fields
from painwise.core.rotation import encrypted_models, raw

CHECK_TEXT = "painwise field-key check v1"
CHECK_TABLE = "core_keycheck"


def _stored_check() -> str | None:
    from painwise.core.models import KeyCheck

    return KeyCheck.objects.order_by("pk").values_list(raw("value"), flat=True).first()


def first_encrypted_value() -> str | None:
    """Any stored encrypted value (ciphertext), or None when the database holds none."""
    for model, names in encrypted_models():
        for name in names:
            value: str | None = (
                model._base_manager.annotate(pw_stored=raw(name)).filter(pw_stored__startswith=crypto.PREFIX)
                .values_list("pw_stored", flat=True).first()
            )
            if value:
                return value
    return None


def _mismatch(path: object) -> crypto.KeyFileError:
    return crypto.KeyFileError(gettext_noop(
        "The field-encryption key file %(path)s does not belong to this database: the data stored in it "
        "cannot be decrypted with any key in that file. Restore the key file that was backed up with "
        "this database (or point PAINWISE_FIELD_KEY_FILE at it). Nothing was changed."
    ), path=path)


def decrypts(ring: MultiFernet, stored: str, expected: str | None = None) -> bool:
    try:
        plain = ring.decrypt(stored.removeprefix(crypto.PREFIX).encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeDecodeError):
        return False
    return expected is None or plain == expected


def any_blind_index() -> bool:
    """Whether any row holds a blind index (so the index key that made it is needed)."""
    for model in apps.get_models():
        for field in blind_index_fields(model):
            if model._base_manager.exclude(**{field.attname: ""}).exists():
                return True
    return False


def _ensure_index_key(stored: str | None) -> None:
    path = blindindex.index_key_file()
    if path.exists():
        return
    if stored is not None or any_blind_index():
        raise crypto.KeyFileError(gettext_noop(
            "The blind-index key file %(path)s is missing, but the database holds data indexed with it. "
            "Restore the file from your backup (mode 0600). If it is lost for good, `painwise keys "
            "rotate-index` recomputes every index with a new key."
        ), path=path)
    blindindex.create_index_key_file(path)


def _check_index_key() -> None:
    """The key check's blind index must match the index key file (set it when it was never set)."""
    from painwise.core.models import KeyCheck

    check = KeyCheck.objects.order_by("pk").first()
    if check is None:
        return
    expected = KeyCheck._meta.get_field("index_check").digest_of(check)
    if not check.index_check:
        KeyCheck.objects.filter(pk=check.pk).update(index_check=expected)
    elif check.index_check != expected:
        raise crypto.KeyFileError(gettext_noop(
            "The blind-index key file %(path)s does not belong to this database. Restore "
            "the one that was backed up with it; if it is lost for good, `painwise keys rotate-index` "
            "recomputes every index with a new key."
        ), path=blindindex.index_key_file())


def ensure_keys(*, index: bool = True) -> str:
    """Check (and on a fresh instance create) the key files and the key check; returns what was done
    (English, marked with gettext_noop: the caller translates it).

    Needs a migrated database. Raises ``crypto.KeyFileError`` with a message for the person when a
    key file is missing, damaged or belongs to other data. ``index=False`` leaves the blind-index key
    alone (for `painwise keys rotate-index`, which replaces it).
    """
    from painwise.core.models import KeyCheck

    path = crypto.key_file()
    stored = _stored_check()
    if index:
        _ensure_index_key(stored)
    sample = stored if stored is not None else first_encrypted_value()
    if not path.exists():
        if sample is not None:
            raise crypto.KeyFileError(gettext_noop(
                "The field-encryption key file %(path)s is missing, but the database holds encrypted data. "
                "Painwise will not create a new key, because it could never read that data. Restore the "
                "file from your backup (mode 0600), or set PAINWISE_FIELD_KEY_FILE to where it is."
            ), path=path)
        crypto.create_key_file(path)
        outcome = gettext_noop("created a new field-encryption key (fresh instance)")
    else:
        outcome = gettext_noop("field-encryption key file matches the database")
    ring = crypto.keyring()  # KeyFileError when the file is empty or damaged
    if sample is not None and not decrypts(ring, sample, CHECK_TEXT if stored is not None else None):
        raise _mismatch(path)
    if stored is None and index:
        KeyCheck.objects.create(value=CHECK_TEXT)
    if index:
        _check_index_key()
    return outcome


def ensure_keys_if_migrated(*, index: bool = True) -> str | None:
    """``ensure_keys`` when the database has been migrated (None before the first migration)."""
    if CHECK_TABLE not in connection.introspection.table_names():
        return None
    return ensure_keys(index=index)


def prepare_before_migrate() -> str | None:
    """Before migrations run (some of them encrypt and index existing rows): check or create the keys.

    A migrated instance is checked in full; a database with no tables at all is fresh and gets its
    keys; an instance from before the key check may lack only the index key, which came later.
    """
    tables = connection.introspection.table_names()
    if CHECK_TABLE in tables:
        ensure_keys()
    elif not tables:
        created = crypto.create_key_file(crypto.key_file())
        blindindex.create_index_key_file(blindindex.index_key_file())
        return gettext_noop("created new keys (fresh instance)") if created else None
    else:
        blindindex.create_index_key_file(blindindex.index_key_file())
    return None
