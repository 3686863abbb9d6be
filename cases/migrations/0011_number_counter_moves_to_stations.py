"""The number counter becomes the organisation's (stations.NumberCounter): incidents, cases and
disputes all draw from it. Only Django's idea of which app owns it changes; the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_timeline_message_and_params"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NumberCounter")],
            database_operations=[],
        ),
    ]
