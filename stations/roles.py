"""Roles are Django groups; their names are the values of `Role`.

Each app grants its own model permissions to roles in a data migration with
`grant_permissions`, so that a role's rights are created with the models
they govern and nothing has to be clicked together after deployment.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STATION_OFFICER = "station_officer", _("Station officer")
    COMMUNITY_OFFICER = "community_officer", _("Community officer")
    CASE_OFFICER = "case_officer", _("Case officer")
    MEDIATOR = "mediator", _("Mediator")
    STATION_SUPERVISOR = "station_supervisor", _("Station supervisor")
    BUREAU_SUPERVISOR = "bureau_supervisor", _("Bureau supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")
    # The control centre (control/): the bureau's centre, the departments that issue orders, each
    # station's control post.
    CONTROL_CENTRE = "control_centre", _("Control centre")
    DEPARTMENT_ISSUER = "department_issuer", _("Department issuer")
    CONTROL_POST = "control_post", _("Station control post")


def grant_permissions(apps, role_codenames: dict[str, list[str]]) -> None:
    """Give each role the listed "app_label.codename" permissions (for data migrations).

    Permissions are created first: during `migrate` they normally appear only
    after all migrations ran, too late for a data migration.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in role_codenames.items():
        group, _created = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def crud(app_label: str, model: str, actions: str = "view add change delete") -> list[str]:
    """`crud("cases", "incident", "view add")` -> ["cases.view_incident", "cases.add_incident"]."""
    return [f"{app_label}.{action}_{model}" for action in actions.split()]


def revoke_permissions(apps, role_codenames: dict[str, list[str]]) -> None:
    """Take the listed "app_label.codename" permissions away from each role (for data migrations)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in role_codenames.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
