# Sensitive facts move into encrypted fields; equality lookups go through blind indexes (docs/encryption.md).

import painwise.core.fields
from painwise.core.encrypting import encrypt_columns
from django.conf import settings
from django.db import migrations, models


def _rename_case_duplicates(apps, schema_editor):
    """Own-factor names become unique ignoring case: a later 'pain' beside 'Pain' becomes 'pain (2)'."""
    from painwise.core.blindindex import normalise

    factor_model = apps.get_model("therapies", "CustomFactor")
    seen: dict[tuple[int, str], int] = {}
    for factor in factor_model.objects.order_by("pk").iterator():
        key = (factor.user_id, normalise(factor.name, fold_case=True))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            factor.name = f"{factor.name} ({seen[key]})"
            factor.save(update_fields=["name", "name_index"])


class Migration(migrations.Migration):

    dependencies = [
        ('therapies', '0002_medication_drug_key_every_ingredient'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='customfactor',
            options={'ordering': ['pk']},
        ),
        migrations.AlterModelOptions(
            name='medication',
            options={'ordering': ['-active', 'pk']},
        ),
        migrations.RemoveConstraint(
            model_name='customfactor',
            name='unique_custom_factor_name',
        ),
        migrations.RemoveIndex(
            model_name='therapyentry',
            name='therapies_t_user_id_711d21_idx',
        ),
        migrations.AddField(
            model_name='customfactor',
            name='name_index',
            field=painwise.core.fields.BlindIndexField(fold_case=True, of='name', owner='user_id'),
        ),
        migrations.AddField(
            model_name='therapyentry',
            name='modality_index',
            field=painwise.core.fields.BlindIndexField(fold_case=False, of='modality', owner='user_id'),
        ),
        migrations.AlterField(
            model_name='customfactor',
            name='name',
            field=painwise.core.fields.EncryptedCharField(max_length=80),
        ),
        migrations.AlterField(
            model_name='medication',
            name='drug_key',
            field=painwise.core.fields.EncryptedCharField(blank=True, help_text="Drug-list keys of every recognised ingredient, joined by '+' ('codeine+paracetamol'); blank = nothing recognised.", max_length=255),
        ),
        migrations.AlterField(
            model_name='medication',
            name='name',
            field=painwise.core.fields.EncryptedCharField(max_length=120),
        ),
        migrations.AlterField(
            model_name='therapyentry',
            name='modality',
            field=painwise.core.fields.EncryptedCharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='therapyentry',
            name='unit',
            field=painwise.core.fields.EncryptedCharField(blank=True, max_length=16),
        ),
        encrypt_columns("therapies", "Medication", ["name", "drug_key"]),
        encrypt_columns("therapies", "CustomFactor", ["name"]),
        migrations.RunPython(_rename_case_duplicates, migrations.RunPython.noop),
        encrypt_columns("therapies", "TherapyEntry", ["modality", "unit"]),
    ]
