"""Data-migration steps that encrypt columns which used to be plain, and decrypt them again on the way back.

Used by the migrations that moved sensitive facts (therapy kinds, medication and own-factor names, conditions,
questionnaire instruments and totals, safety-event kinds) into encrypted fields with blind indexes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations

from painwise.core.fields import BlindIndexField, EncryptedJSONField

Step = Callable[[Any, Any], None]


def _rewrite_encrypted(app_label: str, model_name: str, fields: Sequence[str]) -> Step:
    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        indexes = [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        # Loading reads the old plain text as is; saving encrypts it and fills the blind indexes.
        for obj in model._default_manager.all().iterator():
            obj.save(update_fields=[*fields, *indexes])
    return forward


def _plain(field: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, EncryptedJSONField):
        return json.dumps(value)
    return str(value)


def _write_plain(app_label: str, model_name: str, fields: Sequence[str]) -> Step:
    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        qn = schema_editor.quote_name
        columns = [model._meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{qn(f.column)} = %s" for f in columns)
        sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(model._meta.pk.column)} = %s"  # noqa: S608
        with schema_editor.connection.cursor() as cursor:
            for obj in model._default_manager.all().iterator():
                cursor.execute(sql, [*(_plain(f, getattr(obj, f.attname)) for f in columns), obj.pk])
    return backward


def encrypt_columns(app_label: str, model_name: str, fields: Sequence[str]) -> migrations.RunPython:
    """A migration step: encrypt ``fields`` of every row (and fill its blind indexes); backwards, write
    the plain values back so the previous schema can take them."""
    return migrations.RunPython(
        _rewrite_encrypted(app_label, model_name, fields), _write_plain(app_label, model_name, fields)
    )
