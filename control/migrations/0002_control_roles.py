"""The control centre's roles (基础管控中心, 业务部门, 派出所基础管控岗) and who may do what with orders."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

VIEW = [*crud("control", "order", "view"), *crud("control", "stationtask", "view"), *crud("control", "taskitem", "view")]
ORGANISATION = [*crud("stations", "station", "view"), *crud("stations", "community", "view")]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.CONTROL_CENTRE: ORGANISATION
            + VIEW
            + crud("control", "order", "add change")
            + crud("control", "targetlist", "view add change")
            + [f"control.{p}_order" for p in ("admit", "verify", "urge", "oversee")],
            Role.DEPARTMENT_ISSUER: ORGANISATION
            + VIEW
            + crud("control", "order", "add change")
            + crud("control", "targetlist", "view add change"),
            Role.CONTROL_POST: VIEW
            + crud("control", "order", "add")
            + crud("control", "stationtask", "change")
            + ["control.sign_stationtask", "control.change_taskitem"],
            Role.STATION_OFFICER: VIEW + ["control.complete_taskitem"],
            Role.COMMUNITY_OFFICER: VIEW + ["control.complete_taskitem"],
            Role.STATION_SUPERVISOR: VIEW + crud("control", "order", "add"),
            Role.BUREAU_SUPERVISOR: VIEW + ["control.view_targetlist", "control.oversee_order"],
            Role.ADMINISTRATOR: [
                *VIEW,
                *crud("control", "order", "add change"),
                *crud("control", "targetlist", "view add change delete"),
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0001_orders_parts_items_target_lists"),
        ("stations", "0002_roles"),
        ("mediation", "0002_grant_roles_mediation_permissions"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
