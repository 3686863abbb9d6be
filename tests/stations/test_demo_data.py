"""`seed_demo` builds the demo city (two sub-bureaus) once; a second run adds nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from stations.demo import DEMO_LOGINS
from stations.models import Bureau, City, Station
from stations.roles import Role

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_builds_the_city_and_a_second_run_adds_nothing():
    call_command("seed_demo", verbosity=0)
    city = City.objects.get()
    assert {(b.code, b.stations.count()) for b in Bureau.objects.filter(city=city)} == {("WL", 14), ("DC", 3)}
    assert Station.objects.filter(communities__isnull=True).count() == 0
    wuling = list(Station.objects.filter(bureau__code="WL").order_by("code"))
    levels = {"bureau": ("bureau", "WL"), "bureau2": ("bureau", "DC"), "city": ("city", "CD")}
    users = get_user_model().objects
    for username, *_rest, roles, where in DEMO_LOGINS:
        user = users.get(username=username)
        assert set(user.groups.values_list("name", flat=True)) == set(roles)
        profile = user.staff_profile
        if isinstance(where, int):
            assert (profile.level, profile.station) == ("station", wuling[where])
        else:
            level, code = levels[where]
            assert (profile.level, getattr(profile, level).code) == (level, code)
    assert users.get(username="city").staff_profile.level == "city"
    assert users.get(username="admin").is_superuser
    assert users.get(username="officer").check_password("Wuling-demo-2026")
    assert users.get(username="bureau").groups.filter(name=Role.BUREAU_SUPERVISOR).exists()

    before = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == before


def test_if_empty_leaves_an_existing_database_alone(station_a):
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert list(Station.objects.all()) == [station_a]


def test_every_role_exists_as_a_group():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
