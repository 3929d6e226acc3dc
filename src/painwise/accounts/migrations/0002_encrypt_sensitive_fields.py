# Sensitive facts move into encrypted fields; equality lookups go through blind indexes (docs/encryption.md).

import painwise.accounts.models
import painwise.core.fields
from painwise.core.encrypting import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='profile',
            name='conditions',
            field=painwise.core.fields.EncryptedJSONField(blank=True, default=list, validators=[painwise.accounts.models._validate_conditions]),
        ),
        encrypt_columns("accounts", "Profile", ["conditions"]),
    ]
