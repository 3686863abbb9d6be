"""Equipment: issue and return with signature, lost and damaged, maintenance due, the inventory against
the allocation, and body-camera footage matched to incidents by wearer and arrival-to-close window."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from equipment import services
from equipment.choices import EquipmentCategory, ItemStatus
from equipment.filters import due_q
from equipment.models import Allocation, EquipmentItem, Issue
from equipment.selectors import inventory
from tests.cases.factories import IncidentFactory
from tests.equipment.factories import EquipmentItemFactory, EquipmentTypeFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def camera(station_a):
    return EquipmentItemFactory(station=station_a, received_on=date(2026, 1, 5))


def test_issue_and_return_with_signature(camera, officer_a, supervisor_a):
    issue = services.item_issue(
        item=camera, by=supervisor_a, holder=officer_a, signature="李明", issued_at=NOW - timedelta(hours=5)
    )
    camera.refresh_from_db()
    assert (camera.status, camera.holder) == (ItemStatus.ISSUED, officer_a)
    assert issue.signature == "李明" and issue.issued_by == supervisor_a
    services.item_return(item=camera, by=supervisor_a, returned_at=NOW - timedelta(hours=1))
    camera.refresh_from_db()
    assert (camera.status, camera.holder) == (ItemStatus.IN_STORE, None)
    assert Issue.objects.get().returned_to == supervisor_a


def test_an_item_issued_twice_is_refused_and_nothing_changes(camera, officer_a, colleague_a, supervisor_a):
    services.item_issue(item=camera, by=supervisor_a, holder=officer_a, signature="李明")
    with pytest.raises(ValidationError) as refused:
        services.item_issue(item=camera, by=supervisor_a, holder=colleague_a, signature="王")
    assert "item" in refused.value.message_dict
    assert Issue.objects.count() == 1
    camera.refresh_from_db()
    assert camera.holder == officer_a


def test_a_return_before_its_issue_is_refused(camera, officer_a, supervisor_a):
    services.item_issue(
        item=camera, by=supervisor_a, holder=officer_a, signature="李明", issued_at=NOW - timedelta(hours=2)
    )
    with pytest.raises(ValidationError) as refused:
        services.item_return(item=camera, by=supervisor_a, returned_at=NOW - timedelta(hours=3))
    assert "returned_at" in refused.value.message_dict
    assert Issue.objects.get().returned_at is None


def test_an_item_is_issued_only_to_its_stations_officers_with_a_signature(camera, officer_b, officer_a, supervisor_a):
    with pytest.raises(ValidationError) as refused:
        services.item_issue(item=camera, by=supervisor_a, holder=officer_b, signature="")
    assert {"holder", "signature"} <= set(refused.value.message_dict)
    assert not Issue.objects.exists()


def test_an_issued_item_reported_lost_is_taken_back_as_lost(camera, officer_a, supervisor_a):
    services.item_issue(
        item=camera, by=supervisor_a, holder=officer_a, signature="李明", issued_at=NOW - timedelta(hours=2)
    )
    services.item_set_status(item=camera, by=supervisor_a, status=ItemStatus.LOST, note="出警途中遗失")
    camera.refresh_from_db()
    assert camera.status == ItemStatus.LOST and camera.holder is None
    assert Issue.objects.get().condition == "lost"


def test_maintenance_and_battery_due_and_the_inventory_against_the_allocation(station_a, camera):
    today = timezone.localdate()
    old = EquipmentItemFactory(station=station_a, received_on=today - timedelta(days=200))  # maintenance due
    fresh = EquipmentItemFactory(station=station_a, received_on=today - timedelta(days=10))
    lost = EquipmentItemFactory(station=station_a, received_on=today - timedelta(days=10), status=ItemStatus.LOST)
    assert old.maintenance_due_on == old.received_on + timedelta(days=180)
    due = set(EquipmentItem.objects.filter(due_q()).values_list("pk", flat=True))
    expected = {
        i.pk
        for i in (camera, old, fresh, lost)
        if min(i.maintenance_due_on, i.battery_due_on) <= today + timedelta(days=30)
    }
    assert due == expected and old.pk in due and fresh.pk not in due
    Allocation.objects.create(station=station_a, type=camera.type, quantity=6)
    row = next(r for r in inventory(station_a_user(station_a)) if r.station == station_a)
    assert (row.allocated, row.held, row.short) == (6, 3, 3), "the lost one is not held"


def station_a_user(station):
    from tests.factories import make_person

    return make_person("inventory_reader", station=station)


def test_bad_dates_on_an_item_are_field_errors(station_a, supervisor_a):
    with pytest.raises(ValidationError) as refused:
        services.item_create(
            by=supervisor_a,
            station=station_a,
            type=EquipmentTypeFactory(),
            serial="x1",
            received_on=timezone.localdate() + timedelta(days=3),
        )
    assert "received_on" in refused.value.message_dict
    assert not EquipmentItem.objects.exists()


# --- Footage ----------------------------------------------------------------------------


def test_footage_is_matched_to_the_wearers_incidents_in_its_window_and_listed_on_the_incident_page(
    camera, officer_a, colleague_a, supervisor_a, client_for
):
    services.item_issue(
        item=camera, by=supervisor_a, holder=officer_a, signature="李明", issued_at=NOW - timedelta(hours=6)
    )
    station = camera.station
    attended = IncidentFactory(
        station=station,
        responding_officer=officer_a,
        reported_at=NOW - timedelta(hours=3),
        arrived_at=NOW - timedelta(hours=3) + timedelta(minutes=8),
        closed_at=NOW - timedelta(hours=2),
    )
    earlier = IncidentFactory(
        station=station,
        responding_officer=officer_a,
        reported_at=NOW - timedelta(hours=5),
        arrived_at=NOW - timedelta(hours=5),
        closed_at=NOW - timedelta(hours=4, minutes=30),
    )
    someone_else = IncidentFactory(
        station=station,
        responding_officer=colleague_a,
        reported_at=NOW - timedelta(hours=3),
        arrived_at=NOW - timedelta(hours=3),
        closed_at=NOW - timedelta(hours=2),
    )
    footage = services.footage_register(
        by=officer_a,
        station=station,
        device=camera,
        file_id="VID_0001.mp4",
        started_at=NOW - timedelta(hours=2, minutes=50),
        ended_at=NOW - timedelta(hours=2, minutes=20),
    )
    assert footage.holder == officer_a
    assert set(footage.incidents.all()) == {attended}
    page = client_for(officer_a).get(attended.get_absolute_url()).content.decode()
    assert 'data-testid="footage"' in page and "VID_0001.mp4" in page
    assert "VID_0001.mp4" not in client_for(officer_a).get(someone_else.get_absolute_url()).content.decode()
    # The incident's times corrected to overlap the earlier recording window: the link follows.
    earlier.closed_at = NOW - timedelta(hours=2, minutes=40)
    earlier.save()
    assert set(footage.incidents.all()) == {attended, earlier}
    attended.responding_officer = colleague_a
    attended.save()
    assert set(footage.incidents.all()) == {earlier}


def test_footage_from_a_device_that_is_not_a_camera_or_ends_before_it_starts_is_refused(station_a, officer_a):
    radio = EquipmentItemFactory(
        station=station_a, type=EquipmentTypeFactory(name="对讲机", category=EquipmentCategory.RADIO)
    )
    with pytest.raises(ValidationError) as refused:
        services.footage_register(
            by=officer_a,
            station=station_a,
            device=radio,
            file_id="a",
            started_at=NOW - timedelta(hours=1),
            ended_at=NOW - timedelta(hours=2),
        )
    assert {"device", "ended_at"} <= set(refused.value.message_dict)


def test_api_issue_twice_is_a_400_with_the_field_named(camera, officer_a, supervisor_a, api_for):
    api = api_for(supervisor_a)
    url = f"/api/v1/equipment/{camera.pk}/issue/"
    assert api.post(url, {"holder": officer_a.pk, "signature": "李明"}, format="json").status_code == 200
    again = api.post(url, {"holder": officer_a.pk, "signature": "李明"}, format="json")
    assert again.status_code == 400 and "item" in again.json()
    early = api.post(
        f"/api/v1/equipment/{camera.pk}/return/", {"returned_at": "2020-01-01T00:00:00+08:00"}, format="json"
    )
    assert early.status_code == 400 and "returned_at" in early.json()


def test_another_stations_officer_cannot_issue_our_item(camera, officer_b, api_for):
    from tests.factories import grant_all_model_permissions

    grant_all_model_permissions(officer_b)
    response = api_for(officer_b).post(
        f"/api/v1/equipment/{camera.pk}/issue/", {"holder": officer_b.pk, "signature": "x"}, format="json"
    )
    assert response.status_code == 404


def test_the_item_list_takes_a_constant_number_of_queries(
    station_a, supervisor_a, client_for, django_assert_max_num_queries
):
    client = client_for(supervisor_a)
    EquipmentItemFactory(station=station_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("equipment:item-list")).status_code == 200
    for _n in range(20):
        EquipmentItemFactory(station=station_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("equipment:item-list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("equipment:inventory")).status_code == 200
