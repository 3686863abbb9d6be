"""No role deletes incidents, cases, series, case-processing center records or timeline events.

A deleted incident or case takes its number, its timeline and its place in the statistics with it,
with no record of who or why: a case is withdrawn (撤案) instead, and the API answers DELETE with 405.
Removing a person recorded in a case by mistake stays (cases.delete_caseperson): it goes through
`case_person_remove`, which writes it to the case's timeline.
"""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions, revoke_permissions

CASE_RECORDS = ("incident", "case", "caseseries", "custodyrecord", "timelineevent")
DELETES = [perm for model in CASE_RECORDS for perm in crud("cases", model, "delete")]


def revoke(apps, schema_editor):
    revoke_permissions(apps, {role: DELETES for role in Role.values})


def grant_back(apps, schema_editor):
    # As cases/migrations/0006_roles_permissions granted them.
    grant_permissions(
        apps,
        {Role.ADMINISTRATOR: [p for p in DELETES if p != "cases.delete_timelineevent"]},
    )


class Migration(migrations.Migration):
    dependencies = [("stations", "0003_audit_api_token_events"), ("cases", "0006_roles_permissions")]

    operations = [migrations.RunPython(revoke, grant_back)]
