"""`seed_demo` builds the demo sub-bureau once; a second run adds nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from stations.demo import DEMO_LOGINS
from stations.models import Station
from stations.roles import Role

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_builds_the_bureau_and_a_second_run_adds_nothing():
    call_command("seed_demo", verbosity=0)
    assert Station.objects.count() == 14
    assert Station.objects.filter(communities__isnull=True).count() == 0
    users = get_user_model().objects
    for username, *_rest, roles, station_index in DEMO_LOGINS:
        user = users.get(username=username)
        assert set(user.groups.values_list("name", flat=True)) == set(roles)
        expected_station = None if station_index is None else Station.objects.order_by("code")[station_index]
        assert user.staff_profile.station == expected_station
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
