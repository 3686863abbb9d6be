"""The roles' rights over equipment, its issues and body-camera footage."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions


def grant(apps, schema_editor):
    read = crud("equipment", "equipmenttype", "view") + crud("equipment", "equipmentitem", "view") + crud(
        "equipment", "footage", "view"
    )
    manage = (
        crud("equipment", "equipmentitem", "add change")
        + crud("equipment", "allocation", "view")
        + crud("equipment", "issue", "view add change")
    )
    grant_permissions(
        apps,
        {
            Role.STATION_OFFICER: read + crud("equipment", "footage", "add"),
            Role.COMMUNITY_OFFICER: read + crud("equipment", "footage", "add"),
            Role.CASE_OFFICER: read + crud("equipment", "footage", "add"),
            Role.STATION_SUPERVISOR: read + manage + crud("equipment", "footage", "add"),
            Role.BUREAU_SUPERVISOR: read + manage + crud("equipment", "allocation", "add change"),
            Role.ADMINISTRATOR: read
            + manage
            + crud("equipment", "equipmenttype", "add change")
            + crud("equipment", "allocation", "add change"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial"), ("stations", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
