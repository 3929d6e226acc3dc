"""Model fields whose contents are encrypted at rest (see painwise.core.crypto)."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from painwise.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Free text stored as Fernet ciphertext. Empty text stays empty (only its absence is visible)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """A JSON value (dict or list) stored as Fernet ciphertext of its JSON text."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.get_default()
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(crypto.decrypt(value)) if value else self.get_default()
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, sort_keys=True, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """Names of the encrypted columns of ``model`` (used by key rotation and the raw-DB test)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField | EncryptedJSONField)
    ]
