# Sensitive facts move into encrypted fields; equality lookups go through blind indexes (docs/encryption.md).

import painwise.core.fields
from painwise.core.encrypting import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('safety', '0003_mention_events'),
    ]

    operations = [
        migrations.AddField(
            model_name='safetyevent',
            name='kind_index',
            field=painwise.core.fields.BlindIndexField(fold_case=False, of='kind', owner='user_id'),
        ),
        migrations.AlterField(
            model_name='safetyevent',
            name='kind',
            field=painwise.core.fields.EncryptedCharField(choices=[('crisis', 'Crisis screen'), ('mention', 'Crisis lines after a note'), ('red_flag', 'Red-flag check')], max_length=10),
        ),
        migrations.AlterField(
            model_name='safetyevent',
            name='source',
            field=painwise.core.fields.EncryptedCharField(choices=[('questionnaire', 'Questionnaire'), ('checkin', 'Check-in'), ('episode', 'Pain episode'), ('therapy_entry', 'Therapy entry'), ('checklist', 'Red-flag checklist'), ('api', 'API')], max_length=14),
        ),
        migrations.AlterField(
            model_name='safetyevent',
            name='urgency',
            field=painwise.core.fields.EncryptedCharField(choices=[('crisis', 'Crisis support now'), ('emergency', 'Emergency now'), ('same_day', 'See a doctor today'), ('days', 'See a doctor within days'), ('next_visit', 'Mention at next visit'), ('none', 'Nothing ticked')], max_length=10),
        ),
        encrypt_columns("safety", "SafetyEvent", ["kind", "source", "urgency"]),
    ]
