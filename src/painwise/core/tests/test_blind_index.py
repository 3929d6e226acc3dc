"""Blind indexes: encrypted values found by equality, per person, unique ignoring case, and rotatable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from painwise.core import blindindex
from painwise.core.fields import blind_lookup
from painwise.core.reindex import rotate_index_key
from painwise.core.rotation import prune, rotate
from painwise.core.tests import at_rest
from painwise.core.types import User
from painwise.instruments.models import QuestionnaireResponse
from painwise.testing import make_entry, make_user
from painwise.therapies.models import CustomFactor, TherapyEntry
from painwise.therapies.services import create_factor

pytestmark = pytest.mark.django_db


def test_an_own_factor_name_differing_only_in_case_is_refused_with_a_message(alice: User) -> None:
    create_factor(user=alice, name="Gluten-free day", kind="yes_no")
    with pytest.raises(ValidationError) as refused:
        create_factor(user=alice, name="  GLUTEN-FREE DAY ", kind="count")
    assert "name" in refused.value.message_dict
    assert CustomFactor.objects.filter(user=alice).count() == 1


def test_the_database_itself_refuses_a_second_factor_name_differing_only_in_case(alice: User) -> None:
    CustomFactor.objects.create(user=alice, name="Caffeine")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomFactor.objects.create(user=alice, name="cAFFEINE")


def test_two_people_may_track_factors_with_the_same_name(alice: User, bob: User) -> None:
    create_factor(user=alice, name="Caffeine", kind="yes_no")
    create_factor(user=bob, name="caffeine", kind="yes_no")
    assert CustomFactor.objects.count() == 2


def test_the_same_therapy_has_a_different_index_for_each_person(alice: User, bob: User) -> None:
    mine, theirs = make_entry(alice, modality="meditation"), make_entry(bob, modality="meditation")
    assert mine.modality_index != theirs.modality_index
    found = TherapyEntry.objects.filter(user=alice, **blind_lookup(TherapyEntry, alice, modality="meditation"))
    assert list(found) == [mine]


def test_changing_an_entrys_therapy_moves_it_to_the_new_index(alice: User) -> None:
    entry = make_entry(alice, modality="meditation")
    entry.modality = "exercise"
    entry.save()
    assert TherapyEntry.objects.filter(user=alice, **blind_lookup(TherapyEntry, alice, modality="exercise")).exists()
    assert not TherapyEntry.objects.filter(
        user=alice, **blind_lookup(TherapyEntry, alice, modality="meditation")).exists()


@pytest.fixture
def own_keys(own_key_files: Path) -> Path:
    return own_key_files


def test_every_sensitive_value_survives_key_rotation_and_is_still_found(own_keys: Path) -> None:
    person = make_user("rotating")
    at_rest.plant(person)
    assert rotate().reencrypted.rows > 0
    prune(grace_seconds=0)
    kratom = TherapyEntry.objects.get(user=person, **blind_lookup(TherapyEntry, person, modality="kratom"))
    assert kratom.modality == "kratom"
    pcl5 = QuestionnaireResponse.objects.get(user=person, **blind_lookup(QuestionnaireResponse, person,
                                                                         instrument="pcl5"))
    assert pcl5.total is not None
    assert sorted(f.name for f in CustomFactor.objects.filter(user=person)) == [at_rest.FACTOR_NAME]


def test_rotating_the_index_key_changes_every_digest_and_lookups_still_work(own_keys: Path) -> None:
    person = make_user("reindexed")
    at_rest.plant(person)
    before = TherapyEntry.objects.get(user=person, **blind_lookup(TherapyEntry, person, modality="dilator"))
    old_key = (own_keys / "field.index.key").read_bytes()

    assert rotate_index_key() > 0

    assert (own_keys / "field.index.key").read_bytes() != old_key
    assert not (own_keys / "field.index.key.new").exists()
    after = TherapyEntry.objects.get(user=person, **blind_lookup(TherapyEntry, person, modality="dilator"))
    assert after.pk == before.pk
    assert after.modality_index != before.modality_index
    with pytest.raises(ValidationError):
        create_factor(user=person, name=at_rest.FACTOR_NAME.upper(), kind="yes_no")


def test_the_index_key_file_is_private_to_its_owner(own_keys: Path) -> None:
    blindindex.index_key()
    assert (own_keys / "field.index.key").stat().st_mode & 0o777 == 0o600


def test_an_encrypted_name_is_still_limited_by_its_plain_length(alice: User) -> None:
    with pytest.raises(ValidationError) as refused:
        create_factor(user=alice, name="x" * 81, kind="yes_no")
    assert "name" in refused.value.message_dict
    assert not CustomFactor.objects.filter(user=alice).exists()


def test_forms_show_an_encrypted_name_as_a_one_line_input(alice_client: Client) -> None:
    page = alice_client.get("/factors/").content.decode()
    assert 'type="text" name="name" maxlength="80"' in page
    assert "<textarea name=\"name\"" not in page
