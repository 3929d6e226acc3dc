# The indexes and constraints on the blind indexes, once every row has one. A migration of its own:
# PostgreSQL refuses to build an index in the transaction that just rewrote the table's rows.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('instruments', '0002_encrypt_sensitive_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='questionnaireresponse',
            index=models.Index(fields=['user', 'instrument_index', 'status', 'completed_at'], name='instruments_user_id_d0c8ef_idx'),
        ),
        migrations.AddConstraint(
            model_name='schedule',
            constraint=models.UniqueConstraint(fields=('user', 'instrument_index'), name='one_schedule_per_instrument_index'),
        ),
    ]
