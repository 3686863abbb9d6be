"""The roles' rights over assignments, committee seats and awards."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

MODELS = ["assignment", "committeeseat", "award"]


def _all(actions):
    return [perm for model in MODELS for perm in crud("staffing", model, actions)]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.STATION_SUPERVISOR: _all("view add change"),
            Role.BUREAU_SUPERVISOR: _all("view add change"),
            Role.ADMINISTRATOR: _all("view add change delete"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial"), ("stations", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
