"""The three levels (市局 → 分局 → 派出所): where a person sits decides what they see, through the one
door; a profile sits at exactly one level."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stations.choices import Unit
from stations.models import Bureau, City, StaffProfile, Station
from stations.scoping import is_bureau_level, is_city_level, reach_of, user_bureau_id
from tests.factories import BureauFactory, CityFactory, StationFactory, UserFactory, make_person
from tests.stats.factories import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_with_two_bureaus(station_a, station_b, other_bureau):
    """武陵分局 (stations A and B) and 鼎城分局 (one station) in one city; another city beside it."""
    elsewhere = BureauFactory(code="ZZ", name="别市分局", city=CityFactory(code="ZZC", name="别市公安局"))
    StationFactory(bureau=elsewhere, code="ZZ01")
    return station_a.bureau.city


def test_each_level_sees_the_stations_below_it(city_with_two_bureaus, station_a, station_b, other_bureau):
    city = city_with_two_bureaus
    station_c = other_bureau.stations.get()
    officer = make_person("lv_officer", station=station_a)
    wuling = make_person("lv_wuling", station=None, bureau=station_a.bureau)
    dingcheng = make_person("lv_dingcheng", station=None, bureau=other_bureau)
    citizen = make_person("lv_city", station=None, city=city)

    def seen(user):
        return set(Station.objects.visible_to(user))

    assert seen(officer) == {station_a}
    assert seen(wuling) == {station_a, station_b}
    assert seen(dingcheng) == {station_c}
    assert seen(citizen) == {station_a, station_b, station_c}  # not the other city's
    assert set(Bureau.objects.visible_to(citizen)) == {station_a.bureau, other_bureau}
    assert set(Bureau.objects.visible_to(wuling)) == set(Bureau.objects.visible_to(officer)) == {station_a.bureau}
    assert set(City.objects.visible_to(dingcheng)) == {city}
    assert (is_bureau_level(officer), is_bureau_level(wuling), is_bureau_level(citizen)) == (False, True, True)
    assert (is_city_level(wuling), is_city_level(citizen)) == (False, True)
    assert (user_bureau_id(officer), user_bureau_id(wuling), user_bureau_id(citizen)) == (
        station_a.bureau_id,
        station_a.bureau_id,
        None,
    )
    assert reach_of(citizen).key == f"city:{city.pk}"


def test_records_follow_the_same_door(city_with_two_bureaus, station_a, other_bureau):
    from django.utils import timezone

    from cases.models import Incident
    from tests.stats.factories import local

    today = timezone.localdate()
    here = make_incident(station=station_a, reported_at=local(today, 9))
    there = make_incident(station=other_bureau.stations.get(), reported_at=local(today, 9))
    wuling = make_person("door_wuling", station=None, bureau=station_a.bureau)
    citizen = make_person("door_city", station=None, city=city_with_two_bureaus)
    assert list(Incident.objects.visible_to(wuling)) == [here]
    assert set(Incident.objects.visible_to(citizen)) == {here, there}
    assert set(Incident.objects.for_bureau(other_bureau.pk)) == {there}


def test_a_profile_at_two_levels_is_refused_beside_both_fields(station_a):
    profile = StaffProfile(
        user=UserFactory(username="two_levels"), station=station_a, bureau=station_a.bureau, unit=Unit.LEADERSHIP
    )
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert set(refused.value.message_dict) >= {"station", "bureau"}
    assert "one level" in str(refused.value) or "一个层级" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database refuses it too
        profile.save()


def test_a_profile_at_no_level_is_refused(db):
    profile = StaffProfile(user=UserFactory(username="no_level"), unit=Unit.BUREAU)
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "station" in refused.value.message_dict


def test_the_admin_refuses_a_station_without_a_bureau_and_a_profile_at_two_levels(
    admin_client, station_a, other_bureau
):
    before = Station.objects.count()
    response = admin_client.post("/admin/stations/station/add/", {"code": "X01", "name": "无主派出所"})
    assert response.status_code == 200
    assert "bureau" in response.context["adminform"].form.errors
    assert Station.objects.count() == before
    user = UserFactory(username="admin_two_levels")
    response = admin_client.post(
        "/admin/stations/staffprofile/add/",
        {
            "user": user.pk,
            "station": station_a.pk,
            "bureau": other_bureau.pk,
            "unit": Unit.LEADERSHIP,
            "kind": "police",
        },
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) >= {"station", "bureau"}
    assert not StaffProfile.objects.filter(user=user).exists()


def test_the_header_names_where_a_person_sits(station_a, other_bureau, client_for):
    citizen = make_person("header_city", station=None, city=station_a.bureau.city)
    dingcheng = make_person("header_dc", station=None, bureau=other_bureau)
    assert station_a.bureau.city.name in client_for(citizen).get("/").content.decode()
    assert "鼎城分局" in client_for(dingcheng).get("/").content.decode()
