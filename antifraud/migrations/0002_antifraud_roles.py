"""The roles' rights over fraud warnings and their imports."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions


def grant(apps, schema_editor):
    warning = lambda actions: crud("antifraud", "fraudwarning", actions)  # noqa: E731
    imports = lambda actions: crud("antifraud", "warningimport", actions)  # noqa: E731
    grant_permissions(
        apps,
        {
            Role.COMMUNITY_OFFICER: warning("view change") + imports("view"),
            Role.STATION_OFFICER: warning("view"),
            Role.STATION_SUPERVISOR: warning("view add change") + imports("view add"),
            Role.BUREAU_SUPERVISOR: warning("view add change") + imports("view add"),
            Role.ADMINISTRATOR: warning("view") + imports("view"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("antifraud", "0001_initial"), ("stations", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
