"""What each role may do with incidents, cases, people in cases and case-processing center records."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

VIEW_ALL = (
    crud("cases", "incident", "view")
    + crud("cases", "case", "view")
    + crud("cases", "caseperson", "view")
    + crud("cases", "custodyrecord", "view")
    + crud("cases", "caseseries", "view")
    + crud("cases", "timelineevent", "view")
)


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.STATION_OFFICER: VIEW_ALL + crud("cases", "incident", "add change"),
            Role.COMMUNITY_OFFICER: VIEW_ALL + crud("cases", "incident", "add change"),
            Role.CASE_OFFICER: VIEW_ALL
            + crud("cases", "incident", "add change")
            + crud("cases", "case", "add change")
            + crud("cases", "caseperson", "add change delete")
            + crud("cases", "custodyrecord", "add change"),
            Role.MEDIATOR: crud("cases", "incident", "view"),
            Role.STATION_SUPERVISOR: VIEW_ALL
            + crud("cases", "incident", "add change review")
            + crud("cases", "case", "add change")
            + crud("cases", "caseperson", "add change delete")
            + crud("cases", "custodyrecord", "add change"),
            Role.BUREAU_SUPERVISOR: VIEW_ALL,
            Role.ADMINISTRATOR: crud("cases", "incident", "view add change delete review")
            + crud("cases", "case")
            + crud("cases", "caseperson")
            + crud("cases", "custodyrecord")
            + crud("cases", "caseseries")
            + crud("cases", "timelineevent", "view"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_cases_people_timeline_custody"), ("stations", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
