import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from the data step: PostgreSQL alters no table with deferred checks pending."""

    dependencies = [("stations", "0007_place_existing_staff")]

    operations = [
        migrations.AlterField(
            model_name='bureau',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bureaus', to='stations.city', verbose_name='city bureau'),
        ),
        migrations.AddConstraint(
            model_name='staffprofile',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('bureau__isnull', True), ('city__isnull', True), ('station__isnull', False)), models.Q(('bureau__isnull', False), ('city__isnull', True), ('station__isnull', True)), models.Q(('bureau__isnull', True), ('city__isnull', False), ('station__isnull', True)), _connector='OR'), name='staff_at_one_level', violation_error_message='Choose exactly one of station, bureau and city bureau.'),
        ),
    ]
