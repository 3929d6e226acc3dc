# Sensitive facts move into encrypted fields; equality lookups go through blind indexes (docs/encryption.md).

import painwise.core.fields
from django.conf import settings
from painwise.core.encrypting import encrypt_columns
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('instruments', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='schedule',
            options={'ordering': ['next_due', 'pk']},
        ),
        migrations.RemoveConstraint(
            model_name='schedule',
            name='one_schedule_per_instrument',
        ),
        migrations.RemoveIndex(
            model_name='questionnaireresponse',
            name='instruments_user_id_f28d1f_idx',
        ),
        migrations.AddField(
            model_name='questionnaireresponse',
            name='instrument_index',
            field=painwise.core.fields.BlindIndexField(fold_case=False, of='instrument', owner='user_id'),
        ),
        migrations.AddField(
            model_name='schedule',
            name='instrument_index',
            field=painwise.core.fields.BlindIndexField(fold_case=False, of='instrument', owner='user_id'),
        ),
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='band',
            field=painwise.core.fields.EncryptedCharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='instrument',
            field=painwise.core.fields.EncryptedCharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='no_total_reason',
            field=painwise.core.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='subscales',
            field=painwise.core.fields.EncryptedJSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='total',
            field=painwise.core.fields.EncryptedFloatField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='schedule',
            name='instrument',
            field=painwise.core.fields.EncryptedCharField(max_length=40),
        ),
        encrypt_columns("instruments", "QuestionnaireResponse", ["instrument", "total", "band", "subscales", "no_total_reason"]),
        encrypt_columns("instruments", "Schedule", ["instrument"]),
    ]
