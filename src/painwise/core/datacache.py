"""What is drawn or computed from a person's diary, kept until their data changes (charts, What-helps results).

Every person has a **data version**: a random token in the shared cache (the database cache table, so every
server process and the worker see the same one). A value is stored under a key holding the person's id and
their current version, so it can only ever be read back for that person and for the data it was made from.
Any write to a row a person owns (``post_save``/``post_delete`` on every owned model, found by
``painwise.core.ownership``) replaces the token at once and again after the commit, so a page read during
the write's transaction cannot keep a value made from the old rows. Bulk writes that send no signals
(imports) call ``data_changed`` themselves, or wrap their work in ``writing_many``.

Values hold therapy and medication names, so they are pickled and encrypted with the field key before they
reach the cache table. They are removed for a person on account deletion (``forget_person``) and for
everybody on key rotation (``forget_everybody``).
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


def _version_key(user_id: int) -> str:
    return f"{PREFIX}{user_id}:version"


def version_of(user_id: int) -> str:
    """The person's current data version (made on first use)."""
    version = cache.get(_version_key(user_id))
    if version is None:
        version = get_random_string(16)
        if not cache.add(_version_key(user_id), version, timeout=None):
            version = cache.get(_version_key(user_id)) or version
    return str(version)


def _new_version(user_id: int) -> None:
    cache.set(_version_key(user_id), get_random_string(16), timeout=None)


def data_changed(user_id: int, *, many: bool = False) -> None:
    """A person's rows changed: drop what was derived from them now and after the commit, then tell the
    ``after_data_change`` hooks (after the commit, so a worker they start sees the new rows), and with
    ``many`` (an import) the ``after_many_changes`` hooks too."""
    _new_version(user_id)

    def after_commit() -> None:
        _new_version(user_id)
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
    """Remove everything cached for a person (account deletion)."""
    _delete_prefix(f"{PREFIX}{user_id}:")


def forget_everybody() -> None:
    """Remove every person's cached values (key rotation: they were encrypted with the old key)."""
    _delete_prefix(PREFIX)
