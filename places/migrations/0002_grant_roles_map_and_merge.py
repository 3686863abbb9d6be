"""The roles' rights: everyone sees the map; community officers and supervisors merge duplicate
residents; administrators import boundaries."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions


def grant(apps, schema_editor):
    see = crud("places", "communityarea", "view")
    merge = crud("places", "residentmerge", "view add")
    grant_permissions(
        apps,
        {
            Role.STATION_OFFICER: see,
            Role.COMMUNITY_OFFICER: see + merge,
            Role.CASE_OFFICER: see,
            Role.MEDIATOR: see,
            Role.STATION_SUPERVISOR: see + merge,
            Role.BUREAU_SUPERVISOR: see + crud("places", "residentmerge", "view"),
            Role.ADMINISTRATOR: crud("places", "communityarea") + ["places.import_boundaries"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_community_areas_resident_merges"), ("stations", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
