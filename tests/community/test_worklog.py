from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.choices import ActivityKind, HazardCategory, HazardStatus
from community.models import Activity, Hazard
from stations.models import Reminder
from stations.queue import queue_for
from tests.community.factories import ActivityFactory, HazardFactory, HouseholdFactory, PlaceFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


def _log(client, **data):
    data.setdefault("occurred_at", (_now_local() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    return client.post(reverse("community:activity-create"), data)


def test_a_community_officer_logs_a_household_visit(community_officer_a, community_a, client_for):
    household = HouseholdFactory(address__station=community_a.station, address__community=community_a)
    response = _log(
        client_for(community_officer_a),
        kind=ActivityKind.HOUSEHOLD_VISIT,
        community=community_a.pk,
        household=household.pk,
        summary="走访独居老人，检查燃气",
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert (activity.officer, activity.station_id, activity.household) == (
        community_officer_a,
        community_a.station_id,
        household,
    )


def test_an_inspection_with_a_hazard_creates_the_hazard_and_a_reminder_in_the_officers_queue(
    community_officer_a, community_a, client_for
):
    place = PlaceFactory(station=community_a.station, community=community_a)
    due = timezone.localdate() + timedelta(days=5)
    response = _log(
        client_for(community_officer_a),
        kind=ActivityKind.PLACE_INSPECTION,
        community=community_a.pk,
        place=place.pk,
        summary="消防检查",
        hazard_description="灭火器过期",
        hazard_category="fire",
        hazard_due_on=due.isoformat(),
    )
    assert response.status_code == 302, response.context["form"].errors
    hazard = Hazard.objects.get()
    assert (hazard.status, hazard.due_on, hazard.place, hazard.officer) == (
        HazardStatus.DUE,
        due,
        place,
        community_officer_a,
    )
    assert [e.title for e in queue_for(community_officer_a) if "灭火器过期" in e.title]


def test_a_hazard_deadline_before_its_discovery_is_refused_and_nothing_is_saved(
    community_officer_a, community_a, client_for
):
    place = PlaceFactory(station=community_a.station, community=community_a)
    response = _log(
        client_for(community_officer_a),
        kind=ActivityKind.PLACE_INSPECTION,
        community=community_a.pk,
        place=place.pk,
        summary="消防检查",
        hazard_description="灭火器过期",
        hazard_due_on=(timezone.localdate() - timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 200
    assert "hazard_due_on" in response.context["form"].errors
    assert not Activity.objects.exists() and not Hazard.objects.exists()


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (ActivityKind.PLACE_INSPECTION, "place"),
        (ActivityKind.PUBLICITY, "people_reached"),
        (ActivityKind.HELP, "help_outcome"),
        (ActivityKind.ANTI_FRAUD_INSTALL, "installs"),
    ],
)
def test_each_kind_asks_for_what_it_needs(kind, field, community_officer_a, community_a, client_for):
    response = _log(client_for(community_officer_a), kind=kind, community=community_a.pk, summary="x")
    assert field in response.context["form"].errors


def test_work_in_the_future_is_refused(community_officer_a, community_a, client_for):
    response = _log(
        client_for(community_officer_a),
        kind=ActivityKind.HOUSEHOLD_VISIT,
        community=community_a.pk,
        summary="x",
        occurred_at=(_now_local() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert "occurred_at" in response.context["form"].errors


def test_rectifying_a_hazard_closes_its_reminder_and_cannot_be_done_twice(community_officer_a, community_a, client_for):
    hazard = services.hazard_create(
        by=community_officer_a,
        station=community_a.station,
        community=community_a,
        category=HazardCategory.FIRE,
        description="消防通道堵塞",
        found_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=7),
    )
    client = client_for(community_officer_a)
    url = reverse("community:hazard-rectify", kwargs={"pk": hazard.pk})
    response = client.post(url, {"rectified_on": timezone.localdate().isoformat(), "rectification_note": "已更换"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED
    assert not Reminder.objects.filter(key__startswith=f"community.hazard:{hazard.pk}:", done_at__isnull=True)
    again = client.post(url, {"rectified_on": timezone.localdate().isoformat(), "rectification_note": "再次"})
    assert again.status_code == 400


def test_hazards_past_their_deadline_become_overdue_once_with_a_reminder_for_supervisors(
    community_officer_a, supervisor_a, community_a
):
    hazard = HazardFactory(
        station=community_a.station,
        community=community_a,
        officer=community_officer_a,
        found_on=timezone.localdate() - timedelta(days=10),
        due_on=timezone.localdate() - timedelta(days=1),
        status=HazardStatus.DUE,
    )
    assert services.hazards_mark_overdue() == 1
    assert services.hazards_mark_overdue() == 0
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.OVERDUE
    assert any(hazard.description in e.title for e in queue_for(supervisor_a))


def test_api_refuses_a_hazard_deadline_before_discovery_naming_the_field(community_officer_a, community_a, api_for):
    response = api_for(community_officer_a).post(
        reverse("api:hazard-list"),
        {
            "community": community_a.pk,
            "category": "fire",
            "description": "电线老化",
            "found_on": "2026-11-20",
            "due_on": "2026-11-10",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "due_on" in response.json()


def test_api_rectifies_a_hazard(community_officer_a, community_a, api_for):
    hazard = HazardFactory(station=community_a.station, community=community_a, officer=community_officer_a)
    response = api_for(community_officer_a).post(
        reverse("api:hazard-rectify", kwargs={"pk": hazard.pk}),
        {"rectified_on": timezone.localdate().isoformat(), "rectification_note": "已整改"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == HazardStatus.RECTIFIED


def test_api_activity_list_queries_do_not_grow(community_officer_a, community_a, api_for):
    api = api_for(community_officer_a)

    def grow():
        for _n in range(4):
            ActivityFactory(station=community_a.station, community=community_a, officer=community_officer_a)

    grow()
    from tests.utils import assert_constant_queries

    assert_constant_queries(lambda: api.get(reverse("api:community-activity-list")), grow)


# --- Presence ----------------------------------------------------------------------


def _at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def test_presence_counts_a_day_once_however_many_entries(community_officer_a, community_a):
    for hour in (9, 11, 15):
        ActivityFactory(
            station=community_a.station, community=community_a, officer=community_officer_a,
            occurred_at=_at(2026, 11, 17, hour),
        )  # fmt: skip
    days = selectors.presence_days(Activity.objects.all(), start=_at(2026, 11, 16).date(), end=_at(2026, 11, 22).date())
    assert days == {community_officer_a.pk: {_at(2026, 11, 16).date(): 1}}


def test_presence_splits_weeks_at_monday_midnight_in_beijing_time_not_utc(community_officer_a, community_a):
    # Sunday 23:30 and Monday 00:30 in Beijing: different ISO weeks. Monday 07:00 in
    # Beijing is still Sunday in UTC, and must count for Monday's week.
    for moment in (_at(2026, 11, 22, 23, 30), _at(2026, 11, 23, 0, 30), _at(2026, 11, 23, 7, 0)):
        ActivityFactory(
            station=community_a.station, community=community_a, officer=community_officer_a, occurred_at=moment
        )
    days = selectors.presence_days(Activity.objects.all(), start=_at(2026, 11, 16).date(), end=_at(2026, 11, 29).date())
    assert days[community_officer_a.pk] == {_at(2026, 11, 16).date(): 1, _at(2026, 11, 23).date(): 1}


def test_supervisor_sees_each_officers_days_against_the_target_and_unvisited_communities(
    supervisor_a, community_officer_a, community_a, client_for, station_a
):
    from tests.factories import CommunityFactory

    quiet = CommunityFactory(station=station_a, name="安静社区")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    last_monday = monday - timedelta(days=7)
    for offset in range(5):
        ActivityFactory(
            station=station_a, community=community_a, officer=community_officer_a,
            occurred_at=timezone.make_aware(datetime.combine(last_monday + timedelta(days=offset), datetime.min.time()))
            + timedelta(hours=10),
        )  # fmt: skip
    response = client_for(supervisor_a).get(reverse("community:supervision"))
    assert response.status_code == 200
    row = next(r for r in response.context["presence_rows"] if r["officer"] == community_officer_a)
    assert row["days"][-2:] == [5, 0]
    stale = response.context["stale_communities"]
    assert quiet in stale and community_a not in stale


def test_a_station_officer_cannot_open_the_supervision_page(officer_a, client_for):
    assert client_for(officer_a).get(reverse("community:supervision")).status_code == 403
