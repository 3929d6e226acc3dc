"""Rotating the blind-index key: recompute every blind index with a new key, then make it the key."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from painwise.core import blindindex
from painwise.core.fields import blind_index_fields


def rotate_index_key() -> int:
    """Recompute every blind index with a fresh key in one transaction; returns how many rows changed.

    The new key is first written beside the old one (``field.index.key.new``), so that if the process
    dies after the commit but before the swap, the key the rows now need is not lost: rename it over
    the old file by hand. After the commit the new key replaces the old one.
    """
    new_key = blindindex.new_index_key()
    staged = blindindex.index_key_file().with_name(blindindex.index_key_file().name + ".new")
    blindindex.write_key(staged, new_key)
    rewritten = 0
    with transaction.atomic():
        for model in apps.get_models():
            fields = blind_index_fields(model)
            if not fields:
                continue
            for obj in model._default_manager.all().iterator():
                digests = {f.attname: f.digest_of(obj, key=new_key) for f in fields}
                model._default_manager.filter(pk=obj.pk).update(**digests)
                rewritten += 1
    blindindex.replace_index_key(new_key)
    staged.unlink(missing_ok=True)
    return rewritten
