"""Model fields whose contents are encrypted at rest (see painwise.core.crypto)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import validators
from django.db import models

from painwise.core import blindindex, crypto

if TYPE_CHECKING:
    from painwise.core.types import User

    # The column is text but the attribute holds any JSON value (django-stubs fixes TextField's to str).
    _JSONTextField = models.Field[Any, Any]
else:
    _JSONTextField = models.TextField


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Free text stored as Fernet ciphertext. Empty text stays empty (only its absence is visible)."""

    encrypted = True  # marks the column for key rotation and verification (see encrypted_fields)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedJSONField(_JSONTextField):
    """A JSON value (dict or list) stored as Fernet ciphertext of its JSON text."""


    encrypted = True

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
    """Names of the encrypted columns of ``model`` (used by key rotation and the raw-DB test).

    A column counts when its field class says ``encrypted = True``, so new encrypted field types are
    rotated and verified without a list to keep up to date.
    """
    return [f.attname for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


class EncryptedCharField(EncryptedTextField):
    """Short text (a name, a slug) stored as Fernet ciphertext: its length is checked on the plain value and
    forms show a one-line input, as for a CharField."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:
        if self.choices is None:
            kwargs = {"widget": forms.TextInput, **kwargs}
        return super().formfield(**kwargs)


class EncryptedFloatField(EncryptedTextField):
    """A number stored as Fernet ciphertext of its decimal text (a score that says too much in the clear)."""

    # A number, not the text its parent holds: the override is the point of the subclass.
    _pyi_private_set_type: float | int | None  # type: ignore[assignment]
    _pyi_private_get_type: float | None  # type: ignore[assignment]
    cast: Any = float

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return self.to_python(text)

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        return self.cast(float(value))  # int(float('17.0')) too: totals may come back as '17.0'


class EncryptedIntegerField(EncryptedFloatField):
    """A whole number stored as Fernet ciphertext."""

    _pyi_private_set_type: int | None
    _pyi_private_get_type: int | None
    cast = int


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """A keyed digest of another (encrypted) field of the same row, per owner: the column that queries and
    unique constraints use instead of the encrypted value. Filled on every save from the source field."""

    def __init__(self, *args: Any, of: str, owner: str = "user_id", fold_case: bool = False, **kwargs: Any) -> None:
        self.of, self.owner, self.fold_case = of, owner, fold_case
        kwargs.setdefault("max_length", blindindex.DIGEST_CHARS)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(of=self.of, owner=self.owner, fold_case=self.fold_case)
        for default in ("max_length", "editable", "default"):
            kwargs.pop(default, None)
        return name, path, args, kwargs

    @property
    def scope(self) -> str:
        return f"{self.model._meta.label_lower}.{self.of}"

    def digest_for(self, owner: User | int, value: Any, *, key: bytes | None = None) -> str:
        """The index of ``value`` for ``owner`` (a user or a user id)."""
        text = "" if value is None else str(value)
        owner_id = getattr(owner, "pk", owner)
        return blindindex.digest(self.scope, owner_id, blindindex.normalise(text, fold_case=self.fold_case), key=key)

    def digest_of(self, instance: models.Model, *, key: bytes | None = None) -> str:
        return self.digest_for(getattr(instance, self.owner), getattr(instance, self.of), key=key)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.digest_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def fill_blind_indexes(instance: models.Model) -> None:
    """Recompute the blind indexes of ``instance`` (before validating unique constraints that use them)."""
    for field in blind_index_fields(type(instance)):
        setattr(instance, field.attname, field.digest_of(instance))


def blind_lookup(model: type[models.Model], owner: User, **lookups: Any) -> dict[str, Any]:
    """Filter arguments that find rows by encrypted values through their blind indexes.

    ``blind_lookup(TherapyEntry, user, modality="kratom")`` gives ``{"modality_index": "<digest>"}``;
    ``modality__in=[...]`` gives ``modality_index__in``. Combine with ``user=user`` in the filter.
    """
    by_source = {f.of: f for f in blind_index_fields(model)}
    out: dict[str, Any] = {}
    for key, value in lookups.items():
        name, _, op = key.partition("__")
        field = by_source[name]
        if op == "in":
            out[f"{field.name}__in"] = [field.digest_for(owner, v) for v in value]
        elif op in ("", "exact"):
            out[field.name] = field.digest_for(owner, value)
        else:
            raise ValueError(f"a blind index supports only equality, not {op!r}")
    return out
