from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from painwise.core import crypto
from painwise.core.types import User
from painwise.testing import make_checkin, make_entry


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (table names are constants here)
        return repr(cursor.fetchall())


@pytest.mark.django_db
def test_sensitive_text_is_not_readable_in_the_raw_database(alice: User) -> None:
    make_checkin(alice, notes="painful intercourse after the flare", pain_average=6)
    make_entry(alice, modality="kratom", amount=2.5, unit="g",
               details={"form": "capsule", "strain_label": "Red Bali", "reason": "withdrawal_relief"},
               notes="took it to sleep")
    raw = _raw_rows("diary_checkin") + _raw_rows("therapies_therapyentry")
    for secret in ("painful intercourse", "Red Bali", "withdrawal_relief", "took it to sleep"):
        assert secret not in raw
    assert crypto.PREFIX in raw


@pytest.mark.django_db
def test_numeric_scores_stay_plain_so_they_can_be_queried(alice: User) -> None:
    make_checkin(alice, pain_average=7)
    from painwise.diary.models import CheckIn

    assert CheckIn.objects.filter(user=alice, pain_average__gte=7).count() == 1


@pytest.mark.django_db
def test_encrypted_text_reads_back_unchanged(alice: User) -> None:
    checkin = make_checkin(alice, notes="ünïcode ✓ and a second line\nhere")
    from painwise.diary.models import CheckIn

    assert CheckIn.objects.get(pk=checkin.pk).notes == "ünïcode ✓ and a second line\nhere"


def test_key_file_is_private_to_its_owner(tmp_path: Path) -> None:
    assert crypto.create_key_file(tmp_path / "field.keys")
    assert (tmp_path / "field.keys").stat().st_mode & 0o777 == 0o600
