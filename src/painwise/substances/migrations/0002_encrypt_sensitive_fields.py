# Sensitive facts move into encrypted fields; equality lookups go through blind indexes (docs/encryption.md).

import django.core.validators
import painwise.core.fields
from painwise.core.encrypting import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('substances', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='withdrawalcheck',
            name='total',
            field=painwise.core.fields.EncryptedIntegerField(validators=[django.core.validators.MinValueValidator(0)]),
        ),
        encrypt_columns("substances", "WithdrawalCheck", ["total"]),
    ]
