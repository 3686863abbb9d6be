"""The number counter moves here from the cases app; its table keeps its name (cases_numbercounter)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0004_roles_cannot_delete_case_records"),
        ("cases", "0011_number_counter_moves_to_stations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NumberCounter",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=10)),
                        ("year", models.PositiveSmallIntegerField()),
                        ("last", models.PositiveIntegerField(default=0)),
                        (
                            "station",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="stations.station"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "number counter",
                        "verbose_name_plural": "number counters",
                        "db_table": "cases_numbercounter",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("station", "kind", "year"),
                                name="counter_one_per_station_year",
                                violation_error_message="This station already counts numbers of this kind for this year.",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
