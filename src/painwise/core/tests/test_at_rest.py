"""Sensitive facts are not readable from the raw SQLite file, its WAL, or a pg_dump (docs/encryption.md).

Each test plants a distinctive value in every sensitive field (see at_rest.py) and searches the raw bytes.
A plain value (the username) is searched too, so a search that could never find anything fails.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Field
from django.db.models.fields.reverse_related import ForeignObjectRel

from painwise.accounts.services import create_user
from painwise.core import crypto
from painwise.core.fields import blind_index_fields, encrypted_fields
from painwise.core.tests import at_rest
from painwise.core.types import User


def _column(field: Field[Any, Any] | ForeignObjectRel) -> str:
    assert isinstance(field, Field), field  # sensitive values live in concrete columns, never in a relation
    assert field.column is not None
    return field.column


def _encrypted_columns() -> list[tuple[str, str]]:
    return [(m._meta.db_table, _column(m._meta.get_field(name)))
            for m in apps.get_models() for name in encrypted_fields(m)]


def _index_columns() -> list[tuple[str, str]]:
    return [(m._meta.db_table, _column(f)) for m in apps.get_models() for f in blind_index_fields(m)]


def _not_ciphertext(rows: list[tuple[object]]) -> list[object]:
    return [v for (v,) in rows if v not in (None, "") and not str(v).startswith(crypto.PREFIX)]


CIPHERTEXT = re.compile(re.escape(crypto.PREFIX.encode("ascii")) + rb"[A-Za-z0-9_=-]+")


def _found(blob: bytes, markers: list[str]) -> list[str]:
    """The markers that occur in ``blob``, exactly as stored, outside ciphertext (short slugs such as
    "ptsd" turn up by chance inside base64 text, which says nothing about what is readable)."""
    readable = CIPHERTEXT.sub(b" ", blob)
    return [m for m in markers if m.encode("utf-8") in readable]


def test_no_sensitive_marker_is_readable_in_the_sqlite_file_or_its_wal(tmp_path: Path) -> None:
    out = tmp_path / "copies"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PAINWISE_DATABASE_URL"}
    env.update(PAINWISE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="painwise.settings")
    command = [sys.executable, "-m", "painwise.core.tests.at_rest", str(out)]
    subprocess.run(command, env=env, check=True, timeout=600, capture_output=True)  # noqa: S603 (our own module)
    markers = (out / "markers.txt").read_text(encoding="utf-8").split()
    database, wal = out / "painwise.sqlite3", out / "painwise.sqlite3-wal"
    assert wal.stat().st_size > 0, "the WAL should still hold the planted rows"
    blob = database.read_bytes() + wal.read_bytes()

    assert _found(blob, [at_rest.CONTROL_USERNAME]) == [at_rest.CONTROL_USERNAME]
    assert len(markers) >= 30
    assert _found(blob, markers) == []

    with sqlite3.connect(database) as raw:
        for table, column in _encrypted_columns():
            rows = raw.execute(f'SELECT "{column}" FROM "{table}"').fetchall()  # noqa: S608 (model names)
            assert _not_ciphertext(rows) == [], f"{table}.{column}"
        for table, column in _index_columns():
            values = [v for (v,) in raw.execute(f'SELECT "{column}" FROM "{table}"')]  # noqa: S608
            assert values, f"{table}.{column} is empty: nothing was planted there"
            assert all(re.fullmatch(r"[0-9a-f]{32}", v) for v in values), f"{table}.{column}"


@pytest.mark.django_db(transaction=True)
def test_no_sensitive_marker_is_readable_in_a_pg_dump(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL (PAINWISE_DATABASE_URL)")
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed to check what a database dump reveals")
    user = create_user(username=at_rest.CONTROL_USERNAME, password="a-long-enough-password-1")
    markers = at_rest.plant(user)
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    dump = subprocess.run(  # noqa: S603 (arguments from the test database settings)
        [shutil.which("pg_dump") or "pg_dump", "--no-owner", "-h", str(db.get("HOST") or "127.0.0.1"),
         "-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or "postgres"), str(db["NAME"])],
        env=env, check=True, timeout=300, capture_output=True,
    ).stdout

    assert _found(dump, [at_rest.CONTROL_USERNAME]) == [at_rest.CONTROL_USERNAME]
    assert len(markers) >= 30
    assert _found(dump, markers) == []


@pytest.mark.django_db
def test_every_encrypted_column_holds_only_ciphertext_and_every_index_a_digest(alice: User) -> None:
    at_rest.plant(alice)
    with connection.cursor() as cursor:
        for table, column in _encrypted_columns():
            cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 (model names)
            assert _not_ciphertext(cursor.fetchall()) == [], f"{table}.{column}"
        for table, column in _index_columns():
            cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608
            assert all(re.fullmatch(r"[0-9a-f]{32}", v) for (v,) in cursor.fetchall()), f"{table}.{column}"
