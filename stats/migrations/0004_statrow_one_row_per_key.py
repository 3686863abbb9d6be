"""One rollup row per key (frequency, day, metric, station, community or 0, subgroup).

The rollup has always written a key once; should a database hold a doubled key
anyway, adding the constraint fails here: the rows are derived, so empty the table
and run `manage.py rollup_stats --rebuild`. The constraint's index, led by the old
index's columns, replaces it.
"""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stations', '0002_roles'),
        ('stats', '0003_bucket_index_by_metric'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='statrow',
            name='statrow_bucket',
        ),
        migrations.AddConstraint(
            model_name='statrow',
            constraint=models.UniqueConstraint(models.F('frequency'), models.F('day'), models.F('metric'), models.F('station'), django.db.models.functions.comparison.Coalesce('community', 0), models.F('subgroup'), name='statrow_one_row_per_key'),
        ),
    ]
