"""Medications saved before combinations were read in full get every ingredient stored by the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("therapies", "0001_initial")]
AFTER = [("therapies", "0002_medication_drug_key_every_ingredient")]


@pytest.mark.django_db(transaction=True)
def test_a_combination_stored_as_its_first_ingredient_is_reread_in_full() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="before")
    medication = old.get_model("therapies", "Medication")
    combination = medication.objects.create(user=user, name="paracetamol/codeine", drug_key="paracetamol")
    unknown = medication.objects.create(user=user, name="my night pill", drug_key="zolpidem")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("therapies", "Medication")
    assert new.objects.get(pk=combination.pk).drug_key == "paracetamol+codeine"
    assert new.objects.get(pk=unknown.pk).drug_key == "zolpidem"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
