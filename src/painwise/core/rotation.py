"""Key rotation: add a new key, re-encrypt every encrypted column with it, retire the old keys."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from painwise.core import crypto
from painwise.core.fields import encrypted_fields


def rotate_keys() -> int:
    """Re-encrypt all rows that have encrypted fields; returns how many rows were rewritten.

    The new key is written first (old keys kept, so reads never fail mid-way); the rows are
    rewritten in one transaction; only after it commits are the old keys dropped.
    """
    crypto.add_new_key()
    rewritten = 0
    with transaction.atomic():
        for model in apps.get_models():
            names = encrypted_fields(model)
            if not names:
                continue
            for obj in model._default_manager.all().iterator():
                # Saving re-encrypts with the newest key (decrypt on load, encrypt on save).
                model._default_manager.filter(pk=obj.pk).update(**{n: getattr(obj, n) for n in names})
                rewritten += 1
    crypto.keep_only_newest_key()
    return rewritten
