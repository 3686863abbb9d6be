"""The roles' rights over the community registers, the work log, patrols and police posts."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

REGISTERS = ["address", "household", "resident", "place"]
WORK = ["activity", "hazard", "patrolteam", "teammember", "patrol", "policepost"]


def _all(models, actions):
    return [perm for model in models for perm in crud("community", model, actions)]


def grant(apps, schema_editor):
    read_all = _all(REGISTERS + WORK, "view") + crud("community", "residenttag", "view")
    imports = crud("community", "importjob", "view add")
    grant_permissions(
        apps,
        {
            Role.COMMUNITY_OFFICER: read_all
            + _all(REGISTERS + WORK, "add change")
            + imports
            + ["community.reveal_resident_identity"],
            # Station officers look residents up (a reporter, an address) and log patrols.
            Role.STATION_OFFICER: _all(["address", "resident", "place", "patrolteam", "patrol", "policepost"], "view")
            + crud("community", "residenttag", "view")
            + crud("community", "patrol", "add"),
            Role.CASE_OFFICER: _all(["address", "resident", "place"], "view"),
            Role.MEDIATOR: _all(["address", "household", "resident", "place"], "view"),
            Role.STATION_SUPERVISOR: read_all
            + _all(REGISTERS + WORK, "add change delete")
            + imports
            + ["community.reveal_resident_identity", "community.view_presence"],
            Role.BUREAU_SUPERVISOR: read_all + crud("community", "importjob", "view") + ["community.view_presence"],
            Role.ADMINISTRATOR: crud("community", "residenttag") + read_all,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_resident_tag_reference_list"),
        ("stations", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
