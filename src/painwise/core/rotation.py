"""Key rotation in three safe steps, each of which can run while the app is serving.

1. ``rotate``: add a new primary key to the key file (the old keys stay, so every row stays readable;
   every process picks the new file up at once), then re-encrypt every encrypted column of every
   model with it, in small batches, and verify.
2. ``verify``: check that every stored value decrypts with the primary key alone.
3. ``prune``: re-encrypt whatever is still on an old key (rows written while step 1 ran), verify,
   and only when nothing is left on an old key, drop the old keys from the file.

Encrypted columns are found from the models (``painwise.core.fields.encrypted_fields``), never from a
hand-written list. Values are rewritten as ciphertext (``MultiFernet.rotate``) without going through
the model, row by row under a lock (SELECT ... FOR UPDATE on PostgreSQL, the write lock of an
immediate transaction on SQLite), so a concurrent edit is never overwritten with an older value.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from painwise.core import crypto
from painwise.core.datacache import forget_everybody
from painwise.core.fields import encrypted_fields

DEFAULT_BATCH = 200
DEFAULT_GRACE_SECONDS = 5.0


def encrypted_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model with encrypted columns, with the names of those columns."""
    found = []
    for model in apps.get_models():
        names = encrypted_fields(model)
        if names:
            found.append((model, names))
    return found


def raw(name: str) -> ExpressionWrapper[Any]:
    """The stored (still encrypted) text of column ``name``, bypassing the field's decryption."""
    return ExpressionWrapper(F(name), output_field=models.TextField())


def raw_rows(model: type[models.Model], names: list[str], *, batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    """(pk, stored values...) of every row, in primary-key order, ``batch_size`` rows at a time."""
    manager = model._base_manager
    last: Any = None
    while True:
        rows = manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.values_list("pk", *(raw(n) for n in names))[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


@dataclass
class Reencrypted:
    rows: int = 0
    values: int = 0


@dataclass
class Verification:
    rows: int = 0
    values: int = 0
    not_on_primary: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.not_on_primary == 0


def _reencrypt_batch(model: type[models.Model], names: list[str], after: Any, batch_size: int) -> tuple[Any, int, int]:
    """Re-encrypt one batch after primary key ``after``; returns (last pk or None, rows, values)."""
    manager = model._base_manager
    with transaction.atomic():
        rows = manager.order_by("pk").select_for_update()
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(rows.values_list("pk", *(raw(n) for n in names))[:batch_size])
        changed_rows = changed_values = 0
        for pk, *stored in batch:
            updates = {}
            for name, value in zip(names, stored, strict=True):
                if value and not crypto.is_on_primary(value):
                    with contextlib.suppress(crypto.DecryptionError):  # left for verify() to report
                        updates[name] = Value(crypto.reencrypt(value), output_field=models.TextField())
            if updates:
                manager.filter(pk=pk).update(**updates)
                changed_rows += 1
                changed_values += len(updates)
    return (batch[-1][0] if batch else None), changed_rows, changed_values


def reencrypt_all(*, batch_size: int = DEFAULT_BATCH) -> Reencrypted:
    """Re-encrypt with the primary key every stored value that is not on it yet (plaintext included)."""
    result = Reencrypted()
    for model, names in encrypted_models():
        last: Any = None
        while True:
            last, rows, values = _reencrypt_batch(model, names, last, batch_size)
            result.rows += rows
            result.values += values
            if last is None:
                break
    return result


def verify(*, batch_size: int = 1000) -> Verification:
    """Check that every stored encrypted value decrypts with the primary key alone."""
    result = Verification()
    for model, names in encrypted_models():
        for batch in raw_rows(model, names, batch_size=batch_size):
            for pk, *stored in batch:
                result.rows += 1
                for name, value in zip(names, stored, strict=True):
                    if not value:
                        continue
                    result.values += 1
                    if not crypto.is_on_primary(value):
                        result.not_on_primary += 1
                        if len(result.examples) < 5:
                            result.examples.append(f"{model._meta.label} #{pk} {name}")
    return result


@dataclass
class Rotation:
    keys: int
    reencrypted: Reencrypted
    verification: Verification


def rotate(*, batch_size: int = DEFAULT_BATCH) -> Rotation:
    """Add a new primary key, re-encrypt everything with it and verify; old keys stay in the file."""
    keys = crypto.add_new_key()
    reencrypted = reencrypt_all(batch_size=batch_size)
    forget_everybody()  # cached charts and insights were sealed with the old key
    return Rotation(keys=len(keys), reencrypted=reencrypted, verification=verify())


class PruneRefusedError(Exception):
    """Some values could still not be moved to the primary key; no key was removed."""


@dataclass
class Pruning:
    removed: int
    reencrypted: Reencrypted
    verification: Verification


def prune(*, batch_size: int = DEFAULT_BATCH, grace_seconds: float = DEFAULT_GRACE_SECONDS) -> Pruning:
    """Drop the old keys once every stored value is verified to decrypt with the primary key.

    Waits until ``grace_seconds`` have passed since the key file last changed, so that a write which
    encrypted a value just before the new key appeared has committed before the final check.
    """
    age = time.time() - os.stat(crypto.key_file()).st_mtime
    if age < grace_seconds:
        time.sleep(grace_seconds - age)
    reencrypted = reencrypt_all(batch_size=batch_size)
    forget_everybody()
    verification = verify()
    if not verification.ok:
        raise PruneRefusedError(
            f"{verification.not_on_primary} stored values still do not decrypt with the primary key "
            f"(e.g. {', '.join(verification.examples)}); no key was removed. Run `painwise keys prune` again."
        )
    return Pruning(removed=crypto.keep_only_primary_key(), reencrypted=reencrypted, verification=verification)
