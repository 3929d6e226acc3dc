"""Core models: the key check that proves the key file belongs to this database."""

from __future__ import annotations

from django.db import models

from painwise.core.fields import BlindIndexField, EncryptedTextField


class KeyCheck(models.Model):
    """One row holding a known text encrypted with the field keys and indexed with the index key.

    If the key file is swapped for another one, this value no longer decrypts and start-up refuses,
    instead of writing new rows with a key that cannot read the old ones. Being an encrypted field,
    it is re-encrypted and verified by key rotation like every other.
    """

    value = EncryptedTextField()
    # The same known text through the blind-index key: proves the index key file belongs here too,
    # and is recomputed by `painwise keys rotate-index` like every other blind index.
    index_check = BlindIndexField(of="value", owner="value")  # no person owns this row: keyed by the text
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Field-key check"


class DataVersion(models.Model):
    """A person's data version (``painwise.core.datacache``): a random token replaced, in the same transaction,
    by every write to their diary. Not personal data: it says nothing but "changed"."""

    person_id = models.BigIntegerField(primary_key=True)  # no foreign key: a person's row is removed with them
    version = models.CharField(max_length=16)

    def __str__(self) -> str:
        return f"Data version of person {self.person_id}"
