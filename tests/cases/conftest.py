"""Roles for the cases tests, even after a transactional test flushed the tables.

A transactional test (parallel numbering, the browser journey) empties every
table when it ends; permissions come back with post_migrate, the role groups
the data migrations made do not. The first test remembers them and each test
re-creates them when they are gone.
"""

import pytest

_ROLES: dict[str, list[tuple[str, str]]] = {}


@pytest.fixture(autouse=True)
def _cases_roles_present(request):
    if not (
        request.node.get_closest_marker("django_db")
        or set(request.fixturenames) & {"db", "transactional_db", "live_server"}
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group, Permission

    if not _ROLES:
        for group in Group.objects.prefetch_related("permissions__content_type"):
            _ROLES[group.name] = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]
    elif not Group.objects.exists():
        for name, perms in _ROLES.items():
            group = Group.objects.create(name=name)
            wanted = {f"{app}.{code}" for app, code in perms}
            group.permissions.set(
                p
                for p in Permission.objects.select_related("content_type")
                if f"{p.content_type.app_label}.{p.codename}" in wanted
            )
