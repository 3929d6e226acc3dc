"""Field keys: hot reload, safe rotation (rotate, verify, prune), and refusing a missing or wrong key file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection
from django.db.models import Model
from pytest_django.fixtures import Settings

from painwise.cli import cli
from painwise.core import crypto
from painwise.core.blindindex import create_index_key_file
from painwise.core.fields import encrypted_fields
from painwise.core.keycheck import CHECK_TEXT, ensure_keys
from painwise.core.models import KeyCheck
from painwise.core.rotation import PruneRefusedError, encrypted_models, prune, rotate, verify
from painwise.diary.models import CheckIn, PainEpisode
from painwise.testing import make_checkin, make_entry, make_user


@pytest.fixture
def key_file(own_key_files: Path) -> Path:
    return own_key_files / "field.keys"


def _stored(model: type[Model], pk: int, name: str) -> str:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (constants)
        return str(cursor.fetchone()[0])


def test_every_encrypted_column_of_every_model_is_found_for_rotation() -> None:
    # Every field whose class is one of the encrypted types must be rotated; nothing is listed by hand.
    expected = {
        (model._meta.label, f.attname)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if type(f).__name__.startswith("Encrypted")
    }
    found = {(model._meta.label, name) for model, names in encrypted_models() for name in names}
    assert expected <= found
    assert ("diary.CheckIn", "notes") in found
    assert ("core.KeyCheck", "value") in found
    assert encrypted_fields(KeyCheck) == ["value"]


def test_key_file_writes_are_atomic_private_and_never_overwrite(key_file: Path) -> None:
    first = key_file.read_bytes()
    assert not crypto.create_key_file(key_file)  # an existing key is never replaced
    assert key_file.read_bytes() == first
    crypto.add_new_key()
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(crypto.read_keys()) == 2
    assert not [p for p in key_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_process_uses_a_key_added_by_another_process_at_once(key_file: Path) -> None:
    crypto.encrypt("warm the cache")
    new_key = Fernet.generate_key()
    crypto.write_keys(key_file, [new_key, *crypto.read_keys()])  # as `painwise keys rotate` elsewhere would
    token = crypto.encrypt("after rotation")
    assert Fernet(new_key).decrypt(token.removeprefix(crypto.PREFIX).encode()) == b"after rotation"


@pytest.mark.django_db
def test_rotation_keeps_old_keys_until_prune_and_everything_stays_readable(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    checkin = make_checkin(alice, notes="before rotation")
    make_entry(alice, modality="heat_cold", notes="also secret")
    old_keys = crypto.read_keys()

    result = rotate(batch_size=1)

    keys = crypto.read_keys()
    assert len(keys) == 2
    assert keys[1:] == old_keys
    assert result.reencrypted.rows >= 2
    assert result.verification.ok
    assert CheckIn.objects.get(pk=checkin.pk).notes == "before rotation"

    pruning = prune(grace_seconds=0)
    assert pruning.removed == 1
    assert crypto.read_keys() == keys[:1]
    assert CheckIn.objects.get(pk=checkin.pk).notes == "before rotation"


@pytest.mark.django_db
def test_prune_reencrypts_rows_written_with_the_old_key_during_rotation(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    old_key = crypto.read_keys()[0]
    rotate()
    # A write by a process that still encrypted with the old key while the rotation ran.
    late = make_checkin(alice, notes="written mid-rotation")
    old_token = crypto.PREFIX + Fernet(old_key).encrypt(b"written mid-rotation").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE diary_checkin SET notes = %s WHERE id = %s", [old_token, late.pk])
    assert not verify().ok

    prune(grace_seconds=0)

    assert len(crypto.read_keys()) == 1
    assert verify().ok
    assert CheckIn.objects.get(pk=late.pk).notes == "written mid-rotation"


@pytest.mark.django_db
def test_prune_refuses_and_removes_nothing_when_a_value_cannot_be_decrypted(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    checkin = make_checkin(alice, notes="fine")
    rotate()
    stranger = crypto.PREFIX + Fernet(Fernet.generate_key()).encrypt(b"from elsewhere").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE diary_checkin SET notes = %s WHERE id = %s", [stranger, checkin.pk])
    with pytest.raises(PruneRefusedError, match=f"diary.CheckIn #{checkin.pk} notes"):
        prune(grace_seconds=0)
    assert len(crypto.read_keys()) == 2


@pytest.mark.django_db
def test_rotation_encrypts_plaintext_left_from_before_a_field_was_encrypted(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    episode = PainEpisode.objects.create(user=alice, started_at="2026-11-20T10:00:00Z", intensity=5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE diary_painepisode SET helped = %s WHERE id = %s", ["plain legacy text", episode.pk])
    rotate()
    assert _stored(PainEpisode, episode.pk, "helped").startswith(crypto.PREFIX)
    assert PainEpisode.objects.get(pk=episode.pk).helped == "plain legacy text"


@pytest.mark.django_db
def test_keys_commands_rotate_verify_and_prune(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    make_checkin(alice, notes="cli rotation")
    runner = CliRunner()
    rotated = runner.invoke(cli, ["keys", "rotate", "--batch-size", "1"])
    assert rotated.exit_code == 0, rotated.output
    assert "keys prune" in rotated.output
    assert len(crypto.read_keys()) == 2
    verified = runner.invoke(cli, ["keys", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "decrypt with the primary key" in verified.output
    pruned = runner.invoke(cli, ["keys", "prune", "--grace", "0"])
    assert pruned.exit_code == 0, pruned.output
    assert "Removed 1 old keys" in pruned.output
    assert len(crypto.read_keys()) == 1


# Start-up check: a key only for a fresh instance ------------------------------------------------------

@pytest.mark.django_db
def test_a_fresh_instance_gets_keys_and_a_key_check(settings: Settings, tmp_path: Path) -> None:
    settings.FIELD_KEY_FILE = tmp_path / "field.keys"
    settings.FIELD_INDEX_KEY_FILE = tmp_path / "field.index.key"
    assert "created" in ensure_keys()
    assert settings.FIELD_KEY_FILE.exists()
    assert settings.FIELD_INDEX_KEY_FILE.exists()
    assert KeyCheck.objects.get().value == CHECK_TEXT
    assert KeyCheck.objects.get().index_check


@pytest.mark.django_db
def test_a_missing_or_foreign_index_key_file_refuses(key_file: Path, settings: Settings) -> None:
    make_checkin(make_user("alice"), notes="indexed")
    ensure_keys()
    settings.FIELD_INDEX_KEY_FILE.unlink()
    with pytest.raises(crypto.KeyFileError, match=r"blind-index key file .* is missing"):
        ensure_keys()
    assert not settings.FIELD_INDEX_KEY_FILE.exists()
    create_index_key_file(settings.FIELD_INDEX_KEY_FILE)  # a different key
    with pytest.raises(crypto.KeyFileError, match="does not belong to this database"):
        ensure_keys()


@pytest.mark.django_db
def test_a_missing_key_file_with_encrypted_data_refuses_and_creates_no_key(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    make_checkin(alice, notes="only readable with the lost key")
    ensure_keys()
    key_file.unlink()
    with pytest.raises(crypto.KeyFileError, match=r"field.keys is missing.*Restore the file from your backup"):
        ensure_keys()
    assert not key_file.exists()


@pytest.mark.django_db
def test_a_missing_key_file_refuses_even_before_a_key_check_was_stored(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    make_checkin(alice, notes="data from before key checks existed")
    key_file.unlink()
    with pytest.raises(crypto.KeyFileError, match="missing"):
        ensure_keys()
    assert not key_file.exists()


@pytest.mark.django_db
def test_another_key_file_refuses_and_names_the_file(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    make_checkin(alice, notes="secret")
    ensure_keys()
    crypto.write_keys(key_file, [Fernet.generate_key()])
    with pytest.raises(crypto.KeyFileError, match=f"{key_file.name} does not belong to this database"):
        ensure_keys()


@pytest.mark.django_db
def test_another_key_file_is_caught_by_the_data_when_no_key_check_exists_yet(key_file: Path) -> None:
    alice = make_user("alice")  # made after the switch: all its values use this key file
    make_checkin(alice, notes="secret")
    crypto.write_keys(key_file, [Fernet.generate_key()])
    with pytest.raises(crypto.KeyFileError, match="does not belong"):
        ensure_keys()
    assert not KeyCheck.objects.exists()


@pytest.mark.django_db
def test_a_damaged_key_file_refuses_with_a_clear_message(key_file: Path) -> None:
    key_file.write_bytes(b"not a key\n")
    with pytest.raises(crypto.KeyFileError, match="damaged"):
        ensure_keys()
    key_file.write_bytes(b"\n")
    with pytest.raises(crypto.KeyFileError, match="empty"):
        crypto.read_keys()


def test_encrypting_without_a_key_file_never_creates_one(settings: Settings, tmp_path: Path) -> None:
    settings.FIELD_KEY_FILE = tmp_path / "field.keys"
    with pytest.raises(crypto.KeyFileError, match="painwise init"):
        crypto.encrypt("x")
    assert not os.path.exists(settings.FIELD_KEY_FILE)


def test_each_test_worker_seals_with_key_files_of_its_own(settings: Settings) -> None:
    # A key rotated by a test in one worker once changed under a test running in the other (its rows, written
    # with the old index key, were then not found): the workers must never share the suite's key files.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    folders = {Path(settings.FIELD_KEY_FILE).parent, Path(settings.FIELD_INDEX_KEY_FILE).parent}
    assert folders == {Path(settings.DATA_DIR)}
    assert worker is None or Path(settings.DATA_DIR).name == worker
