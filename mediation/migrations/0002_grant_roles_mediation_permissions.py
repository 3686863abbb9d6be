"""Who may do what with disputes, sessions, agreements and follow-up visits."""

from django.db import migrations

from stations.roles import Role, crud, grant_permissions

MODELS = ["dispute", "party", "mediationsession", "agreement", "followup"]


def _all(actions):
    return [perm for model in MODELS for perm in crud("mediation", model, actions)]


def _register_and_view():
    # Officers send incidents to mediation and follow what became of them.
    return crud("mediation", "dispute", "view add") + crud("mediation", "party", "view add") + _all("view")


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        {
            Role.STATION_OFFICER: _register_and_view(),
            Role.COMMUNITY_OFFICER: _register_and_view(),
            Role.MEDIATOR: _all("view add change"),
            Role.STATION_SUPERVISOR: _all("view add change"),
            Role.BUREAU_SUPERVISOR: _all("view"),
            Role.ADMINISTRATOR: _all("view add change delete"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_disputes_sessions_agreements_follow_ups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
