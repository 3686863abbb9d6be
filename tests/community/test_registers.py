import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from community.choices import HazardStatus, PlaceKind
from community.models import Address, Place
from stations.choices import Unit
from stations.queue import queue_for
from tests.community.factories import (
    ActivityFactory,
    HazardFactory,
    PatrolFactory,
    PatrolTeamFactory,
    PlaceFactory,
)
from tests.factories import make_person
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_a_standard_address_is_registered_in_the_officers_station(community_officer_a, community_a, client_for):
    response = client_for(community_officer_a).post(
        reverse("community:address-create"),
        {"community": community_a.pk, "district": "武陵区", "street": "朗州路", "number": "8", "room": "302"},
    )
    assert response.status_code == 302
    address = Address.objects.get()
    assert address.station_id == community_a.station_id
    assert address.full_text == "武陵区朗州路8号302室"


def test_a_second_place_with_the_same_name_in_the_community_is_refused_on_the_name(
    community_officer_a, community_a, client_for
):
    PlaceFactory(station=community_a.station, community=community_a, name="好又多超市")
    response = client_for(community_officer_a).post(
        reverse("community:place-create"),
        {"community": community_a.pk, "name": "好又多超市", "kind": PlaceKind.SHOP},
    )
    assert "name" in response.context["form"].errors
    assert Place.objects.count() == 1


def test_a_community_of_another_station_cannot_be_chosen(community_officer_a, community_b, client_for):
    response = client_for(community_officer_a).post(
        reverse("community:place-create"), {"community": community_b.pk, "name": "外所场所", "kind": PlaceKind.SHOP}
    )
    assert "community" in response.context["form"].errors


def test_two_people_editing_one_place_the_second_is_refused(community_officer_a, community_a, client_for):
    place = PlaceFactory(station=community_a.station, community=community_a)
    url = reverse("community:place-update", kwargs={"pk": place.pk})
    data = {"community": community_a.pk, "name": place.name, "kind": PlaceKind.HOTEL, "expected_version": 1}
    client = client_for(community_officer_a)
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "kind": PlaceKind.SCHOOL}).status_code == 409
    place.refresh_from_db()
    assert place.kind == PlaceKind.HOTEL


def test_place_exports_mask_contact_phones(community_officer_a, community_a, client_for):
    PlaceFactory(station=community_a.station, community=community_a, contact_phone="13912345678")
    xlsx = client_for(community_officer_a).get(reverse("community:place-list"), {"_export": "xlsx"}).content
    cells = {str(c.value) for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row}
    assert "139****5678" in cells and "13912345678" not in cells


@pytest.mark.parametrize(
    ("url_name", "grow_one"),
    [
        ("community:activity-list", lambda s, c, u: ActivityFactory(station=s, community=c, officer=u)),
        ("community:hazard-list", lambda s, c, u: HazardFactory(station=s, community=c, officer=u)),
        ("community:patrol-list", lambda s, c, u: PatrolFactory(team=PatrolTeamFactory(station=s), community=c)),
        ("community:patrolteam-list", lambda s, c, u: PatrolFactory(team=PatrolTeamFactory(station=s)).team),
    ],
)
def test_list_pages_use_a_constant_number_of_queries(url_name, grow_one, community_officer_a, community_a, client_for):
    client = client_for(community_officer_a)

    def grow():
        for _n in range(3):
            grow_one(community_a.station, community_a, community_officer_a)

    grow()
    assert_constant_queries(lambda: client.get(reverse(url_name)), grow)


def test_a_hazard_without_a_deadline_asks_its_officer_for_one_in_the_queue(community_officer_a, community_a):
    HazardFactory(
        station=community_a.station, community=community_a, officer=community_officer_a, due_on=None,
        status=HazardStatus.FOUND, description="楼道堆放杂物",
    )  # fmt: skip
    assert any("楼道堆放杂物" in entry.title for entry in queue_for(community_officer_a))


def test_the_bureau_sees_every_stations_officers_on_the_supervision_page(
    bureau_supervisor, community_officer_a, client_for
):
    response = client_for(bureau_supervisor).get(reverse("community:supervision"), {"weeks": "nonsense"})
    assert response.status_code == 200
    assert community_officer_a in [row["officer"] for row in response.context["presence_rows"]]
    assert response.context["weeks_count"] == 8


def test_the_work_log_filter_offers_only_officers_of_the_users_station(community_officer_a, officer_b, client_for):
    response = client_for(community_officer_a).get(reverse("community:activity-list"))
    officers = list(response.context["filter"].form.fields["officer"].queryset)
    assert community_officer_a in officers and officer_b not in officers


@pytest.mark.parametrize(
    "url_name, field", [("community:hazard-create", "officer"), ("community:policepost-create", "officers")]
)
def test_officer_choices_leave_out_a_deactivated_officer(url_name, field, community_officer_a, retired_a, client_for):
    form = client_for(community_officer_a).get(reverse(url_name)).context["form"]
    assert community_officer_a in form.fields[field].queryset
    assert retired_a not in form.fields[field].queryset


def test_the_work_log_filter_still_offers_a_deactivated_officer_to_find_their_entries(
    community_officer_a, retired_a, client_for
):
    response = client_for(community_officer_a).get(reverse("community:activity-list"))
    assert retired_a in response.context["filter"].form.fields["officer"].queryset


def test_supervision_leaves_out_a_deactivated_officer_with_no_days_in_the_weeks_shown(
    supervisor_a, community_officer_a, station_a, client_for
):
    gone = make_person("gone_a", station=station_a, unit=Unit.COMMUNITY_SQUAD)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    response = client_for(supervisor_a).get(reverse("community:supervision"))
    officers = [row["officer"] for row in response.context["presence_rows"]]
    assert community_officer_a in officers and gone not in officers
