# The indexes and constraints on the blind indexes, once every row has one. A migration of its own:
# PostgreSQL refuses to build an index in the transaction that just rewrote the table's rows.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('therapies', '0003_encrypt_sensitive_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='therapyentry',
            index=models.Index(fields=['user', 'modality_index'], name='therapies_t_user_id_cc6ba6_idx'),
        ),
        migrations.AddConstraint(
            model_name='customfactor',
            constraint=models.UniqueConstraint(fields=('user', 'name_index'), name='unique_custom_factor_name_folded'),
        ),
    ]
