"""`station_staff`: the one answer to "who works at the stations I can see"."""

import pytest
from django.contrib.auth import get_user_model

from stations.selectors import station_staff
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db


def test_bureau_supervisor_sees_the_staff_of_every_station(bureau_supervisor, officer_a, colleague_a, officer_b):
    assert set(station_staff(bureau_supervisor)) == {officer_a, colleague_a, officer_b}


def test_station_officer_sees_only_their_own_stations_staff(officer_a, colleague_a, officer_b):
    assert set(station_staff(officer_a)) == {officer_a, colleague_a}


def test_a_station_can_be_named_but_not_one_outside_the_users_sight(officer_a, officer_b, bureau_supervisor):
    assert list(station_staff(bureau_supervisor, station_id=officer_b.staff_profile.station_id)) == [officer_b]
    assert list(station_staff(officer_a, station_id=officer_b.staff_profile.station_id)) == []


def test_deactivated_staff_are_left_out_unless_asked_for(officer_a, retired_a):
    assert retired_a not in station_staff(officer_a)
    assert retired_a in station_staff(officer_a, include_inactive=True)


def test_a_user_without_a_staff_profile_sees_nobody(officer_a):
    assert list(station_staff(UserFactory(username="stranger"))) == []
    assert list(station_staff(None)) == []


def test_staff_come_family_name_first(station_a):
    make_person("zhou_an", station=station_a)
    make_person("li_bo", station=station_a)
    make_person("li_an", station=station_a)
    User = get_user_model()
    for username, last, first in [("zhou_an", "Zhou", "An"), ("li_bo", "Li", "Bo"), ("li_an", "Li", "An")]:
        User.objects.filter(username=username).update(last_name=last, first_name=first)
    viewer = User.objects.get(username="zhou_an")
    assert [u.username for u in station_staff(viewer)] == ["li_an", "li_bo", "zhou_an"]
