"""What is drawn or computed from a person's diary, kept until their data changes (charts, What-helps results).

Every person has a **data version**: a random token in a small table of its own (``core.DataVersion``, in
the same database as the diary, so every server process and the worker see the same one). A value is stored
under a key holding the person's id and their current version, so it can only ever be read back for that
person and for the data it was made from. Any write to a row a person owns (``post_save``/``post_delete`` on
every owned model, found by ``painwise.core.ownership``) replaces the token with one UPSERT **inside the
write's own transaction**. Bulk writes that send no signals (imports) call ``data_changed`` themselves, or
wrap their work in ``writing_many``.

Why one write in the transaction is enough (no second write after the commit). A reader reads the version
first, then the rows. The new token and the new rows are committed together, so no other connection can see
one without the other: on PostgreSQL (READ COMMITTED: each statement sees everything committed before it
started, and a later statement never sees less) and on SQLite (WAL: each statement outside a transaction
reads the newest commit, a later one never an older commit; inside a transaction both reads see one
snapshot). So a reader that got the new token reads the new rows; a reader that got the old token (before
the commit) may compute from old rows, but stores under the old token, which no page reads once the commit
is visible. The writer's own connection sees its new token and new rows together; a value it stores before
committing goes to the cache table on that same connection and is rolled back with the write if the write
fails, and a rolled-back token is never used again (tokens are random, not counted). A person with no row
yet has the version ``new`` (never a token: tokens are 16 characters), so reading a version never writes.
The token cannot be pushed out of the table as it could from the size-limited cache table.

Values hold therapy and medication names, so they are pickled and encrypted with the field key before they
reach the cache table. They are removed for a person on account deletion (``forget_person``, which also
removes their version row) and for everybody on key rotation (``forget_everybody``).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from cryptography.fernet import InvalidToken
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import get_random_string

from painwise.core import crypto
from painwise.core.hooks import registry

logger = logging.getLogger(__name__)
T = TypeVar("T")
PREFIX = "painwise:person:"
# Kept a week at most; a new version makes older values unreachable long before.
TIMEOUT = 7 * 24 * 3600
# Owned rows that nothing cached is drawn from: writing them (every sign-in, every API call) must not
# throw a person's charts away.
NOT_DIARY_DATA = frozenset({
    "account.EmailAddress", "account.EmailConfirmation", "accounts.ApiToken", "audit.AuditEntry",
    "mfa.Authenticator",
})
_MISSING = object()
_quiet = threading.local()


NO_VERSION_YET = "new"  # a person whose diary was never written to since versions began


def _version_table() -> tuple[str, str]:
    """(database alias, quoted table name) of the data versions."""
    from painwise.core.models import DataVersion

    db = router.db_for_write(DataVersion)
    return db, connections[db].ops.quote_name(DataVersion._meta.db_table)


def version_of(user_id: int) -> str:
    """The person's current data version, as this connection sees it (one SELECT, never a write)."""
    db, table = _version_table()
    with connections[db].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE person_id = %s", [user_id])  # noqa: S608 (table name)
        row = cursor.fetchone()
    return str(row[0]) if row else NO_VERSION_YET


def _new_version(user_id: int) -> None:
    """Replace the person's version in the current transaction: one statement, on SQLite and PostgreSQL."""
    db, table = _version_table()
    with connections[db].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (person_id, version) VALUES (%s, %s) "  # noqa: S608 (table name)
                       "ON CONFLICT (person_id) DO UPDATE SET version = excluded.version",
                       [user_id, get_random_string(16)])


def data_changed(user_id: int, *, many: bool = False) -> None:
    """A person's rows changed: replace their data version now, in the write's transaction (see the module's
    docstring for why that is enough), then after the commit tell the ``after_data_change`` hooks (so a
    worker they start sees the new rows), and with ``many`` (an import) the ``after_many_changes`` hooks too."""
    _new_version(user_id)

    def after_commit() -> None:
        hooks = [*registry.after_data_change, *(registry.after_many_changes if many else [])]
        for callback in hooks:
            try:
                callback(user_id)
            except Exception:  # a hook must never undo or fail a saved write
                logger.exception("after_data_change hook %r failed for user %s", callback, user_id)

    transaction.on_commit(after_commit)


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    depth = getattr(_quiet, "depth", 0)
    _quiet.depth = depth + 1
    try:
        yield
    finally:
        _quiet.depth = depth


@contextlib.contextmanager
def writing_many(user_id: int) -> Iterator[None]:
    """Many writes for one person (an import): one version change at the end, not one per row."""
    try:
        with _signals_ignored():
            yield
    finally:
        data_changed(user_id, many=True)


@contextlib.contextmanager
def deleting_person(user_id: int) -> Iterator[None]:
    """Account deletion: no version change per deleted row; everything cached for them removed at the end
    and again after the commit."""
    with _signals_ignored():
        yield
    forget_person(user_id)
    transaction.on_commit(lambda: forget_person(user_id))


def _owner_id(instance: Any) -> int | None:
    """The id of the person owning ``instance``: its ``user_id``, or its owned parent's."""
    if hasattr(instance, "user_id"):
        return instance.user_id  # type: ignore[no-any-return]
    from painwise.core.ownership import owned_models

    owned = owned_models(include_auto_created=True)
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model in owned:
            try:
                parent = getattr(instance, field.name)
            except field.related_model.DoesNotExist:
                continue
            if parent is not None:
                return _owner_id(parent)
    return None


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(_quiet, "depth", 0) or kwargs.get("raw"):
        return
    user_id = _owner_id(instance)
    if user_id is not None:
        data_changed(user_id)


def connect_signals() -> None:
    """Watch every owned model (called once from CoreConfig.ready, after every app is loaded)."""
    from painwise.core.ownership import owned_models

    for model in owned_models(include_auto_created=False):
        if model._meta.label in NOT_DIARY_DATA:
            continue
        uid = f"painwise-datacache-{model._meta.label}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid)


# ------------------------------------------------------------------------------------- values


def _seal(value: Any) -> bytes:
    return crypto.keyring().encrypt(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unseal(token: Any) -> Any:
    try:
        return pickle.loads(crypto.keyring().decrypt(token))  # noqa: S301 (authenticated by Fernet)
    except (InvalidToken, TypeError, pickle.UnpicklingError, AttributeError, EOFError, ImportError):
        return _MISSING


def cached(user_id: int, name: str, compute: Callable[[], T]) -> T:
    """The value ``name`` of a person for their current data, computed by ``compute`` when not cached."""
    key = f"{PREFIX}{user_id}:{version_of(user_id)}:{name}"
    stored = cache.get(key)
    if stored is not None:
        value = _unseal(stored)
        if value is not _MISSING:
            return value  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, _seal(value), TIMEOUT)
    return value


def keep(user_id: int, name: str, value: Any, *, timeout: int = TIMEOUT) -> None:
    """Store ``value`` for a person whatever their data version (the caller records what it was made of)."""
    cache.set(f"{PREFIX}{user_id}:{name}", _seal(value), timeout)


def kept(user_id: int, name: str) -> Any:
    """A value stored with ``keep``, or None."""
    stored = cache.get(f"{PREFIX}{user_id}:{name}")
    if stored is None:
        return None
    value = _unseal(stored)
    return None if value is _MISSING else value


def kept_exists(user_id: int, name: str) -> bool:
    return cache.has_key(f"{PREFIX}{user_id}:{name}")


def add_flag(user_id: int, name: str, *, timeout: int) -> bool:
    """Set a person's flag unless it is set already; whether this call set it (one queued job, say)."""
    return bool(cache.add(f"{PREFIX}{user_id}:{name}", True, timeout))


def set_flag(user_id: int, name: str, *, timeout: int) -> None:
    cache.set(f"{PREFIX}{user_id}:{name}", True, timeout)


def flag_set(user_id: int, name: str) -> bool:
    return cache.get(f"{PREFIX}{user_id}:{name}") is not None


def clear_flag(user_id: int, name: str) -> None:
    cache.delete(f"{PREFIX}{user_id}:{name}")


# ------------------------------------------------------------------------------------ forgetting


def _delete_prefix(prefix: str) -> None:
    backend = caches["default"]
    if not isinstance(backend, DatabaseCache):
        cache.clear()  # another backend cannot delete by prefix: forget everything rather than too little
        return
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(backend._table)  # type: ignore[attr-defined]  # set in __init__, not in the stubs
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", [backend.make_key(prefix) + "%"])  # noqa: S608


def forget_person(user_id: int) -> None:
    """Remove everything cached for a person, and their data version (account deletion)."""
    _delete_prefix(f"{PREFIX}{user_id}:")
    db, table = _version_table()
    with connections[db].cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE person_id = %s", [user_id])  # noqa: S608 (table name)


def forget_everybody() -> None:
    """Remove every person's cached values (key rotation: they were encrypted with the old key)."""
    _delete_prefix(PREFIX)
