"""Supervisors and administrators read the statistics."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.STATION_SUPERVISOR: crud("stats", "statrow", "view"),
            Role.BUREAU_SUPERVISOR: crud("stats", "statrow", "view"),
            Role.ADMINISTRATOR: crud("stats", "statrow", "view") + crud("stats", "fillstate", "view"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_rollup_tables"), ("stations", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
