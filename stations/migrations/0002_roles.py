"""The roles (Django groups) and their rights over the organisation's records.

Later apps grant their own models' permissions in their own data migrations.
"""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

VIEW_ORGANISATION = [*crud("stations", "station", "view"), *crud("stations", "community", "view")]


def create_roles(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.STATION_OFFICER: VIEW_ORGANISATION + crud("stations", "reminder", "view change"),
            Role.COMMUNITY_OFFICER: VIEW_ORGANISATION + crud("stations", "reminder", "view change"),
            Role.CASE_OFFICER: VIEW_ORGANISATION + crud("stations", "reminder", "view change"),
            Role.MEDIATOR: VIEW_ORGANISATION + crud("stations", "reminder", "view change"),
            Role.STATION_SUPERVISOR: VIEW_ORGANISATION
            + crud("stations", "reminder")
            + crud("stations", "staffprofile", "view"),
            Role.BUREAU_SUPERVISOR: VIEW_ORGANISATION
            + crud("stations", "reminder")
            + crud("stations", "staffprofile", "view"),
            Role.ADMINISTRATOR: crud("stations", "bureau")
            + crud("stations", "station")
            + crud("stations", "community")
            + crud("stations", "communitypopulation")
            + crud("stations", "staffprofile")
            + crud("stations", "reminder")
            + crud("stations", "auditevent", "view")
            + crud("auth", "user")
            + crud("auth", "group", "view"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
