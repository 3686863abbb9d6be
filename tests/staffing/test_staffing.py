"""Staffing: posts with history, seats and awards; the shares against their targets computed again
from the records by hand; bad input refused whole; the page, the API and the statistics agree."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from staffing import services
from staffing.choices import AssignmentKind, SeatLevel
from staffing.models import Assignment, Award
from staffing.selectors import overview, service_periods
from stations.choices import StaffKind, Unit
from tests.factories import CommunityFactory, make_person
from tests.staffing.factories import AssignmentFactory, AwardFactory, CommitteeSeatFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - timedelta(days=400)


def _posts(station, unit, n, *, kind=StaffKind.POLICE, start=LONG_AGO, end=None, prefix=None):
    people = []
    for i in range(n):
        person = make_person(f"{prefix or station.code}_{unit}_{kind}_{i}", station=station, unit=unit, kind=kind)
        AssignmentFactory(station=station, person=person, unit=unit, start=start, end=end)
        people.append(person)
    return people


@pytest.fixture
def force(station_a, station_b, bureau_supervisor):
    """A: 10 police, 5 in the community squad (50%, met); B: 10 police, 3 (30%, missed), plus 2 auxiliaries
    in B's squad who do not count; the bureau's offices: 5 police; and a post at A that ended 40 days ago."""
    _posts(station_a, Unit.COMMUNITY_SQUAD, 5)
    _posts(station_a, Unit.CASE_SQUAD, 5)
    _posts(station_b, Unit.COMMUNITY_SQUAD, 3)
    _posts(station_b, Unit.CASE_SQUAD, 7)
    _posts(station_b, Unit.COMMUNITY_SQUAD, 2, kind=StaffKind.AUXILIARY)
    for i in range(5):
        person = make_person(f"office_{i}", station=None, unit=Unit.BUREAU)
        Assignment.objects.create(
            bureau=station_a.bureau, station=None, person=person, unit=Unit.BUREAU, start=LONG_AGO
        )
    # A post that ended: not counted today.
    _posts(station_a, Unit.COMMUNITY_SQUAD, 1, start=LONG_AGO, end=TODAY - timedelta(days=40), prefix="gone")
    return {"a": station_a, "b": station_b}


def _independent_shares(stations, day):
    """The shares counted straight from the rows, without the selectors."""
    police = {}
    for a in Assignment.objects.select_related("person__staff_profile"):
        if a.person.staff_profile.kind != StaffKind.POLICE or a.start > day or (a.end and a.end < day):
            continue
        police.setdefault(a.station_id, []).append(a.unit)
    result = {s.pk: 100 * police[s.pk].count(Unit.COMMUNITY_SQUAD) / len(police[s.pk]) for s in stations}
    at_stations = sum(len(v) for k, v in police.items() if k is not None)
    return result, 100 * at_stations / (at_stations + len(police.get(None, [])))


def test_shares_against_targets_equal_an_independent_count(force, bureau_supervisor):
    data = overview(bureau_supervisor)
    shares, front_line = _independent_shares([force["a"], force["b"]], TODAY)
    rows = {r.station.pk: r for r in data.stations}
    assert rows[force["a"].pk].community_share.percent == pytest.approx(shares[force["a"].pk]) == pytest.approx(50)
    assert rows[force["b"].pk].community_share.percent == pytest.approx(shares[force["b"].pk]) == pytest.approx(30)
    assert not rows[force["a"].pk].community_share.missed
    assert rows[force["b"].pk].community_share.missed
    assert rows[force["b"].pk].auxiliaries == 2
    assert data.front_line.percent == pytest.approx(front_line) == pytest.approx(100 * 20 / 25)
    assert not data.front_line.missed
    # Forty days ago the post that has ended still counted: A had 6 of 11.
    month = next(h for h in data.history if h["month"] <= TODAY - timedelta(days=40) <= h["month"] + timedelta(days=31))
    if month["month"].month != TODAY.month:
        last = min(TODAY, (month["month"].replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
        past, _front = _independent_shares([force["a"], force["b"]], last)
        assert month["stations"][force["a"].pk].percent == pytest.approx(past[force["a"].pk])


def test_awards_share_and_seats_against_the_stations_and_communities_without_one(force, bureau_supervisor, community_a):
    year = TODAY.replace(month=1, day=1)
    for _n in range(2):
        AwardFactory(station=force["a"], awarded_on=year)
    office = make_person("office_awarded", station=None, unit=Unit.BUREAU)
    Award.objects.create(
        bureau=force["a"].bureau, station=None, person=office, unit=Unit.BUREAU, title="嘉奖", awarded_on=year
    )
    CommitteeSeatFactory(station=force["a"], community=community_a, level=SeatLevel.COMMUNITY)
    CommitteeSeatFactory(station=force["a"], community=None, level=SeatLevel.TOWNSHIP, committee="街道党工委")
    CommunityFactory(station=force["a"], name="无席位社区")
    data = overview(bureau_supervisor)
    assert (data.awards.part, data.awards.whole) == (2, 3)
    assert data.awards.missed, "2 of 3 is under 70%"
    rows = {r.station.pk: r for r in data.stations}
    assert rows[force["a"].pk].has_township_seat and not rows[force["b"].pk].has_township_seat
    assert [c.name for c in rows[force["a"].pk].communities_without_seat] == ["无席位社区"]
    assert data.seats["stations_without"] == 1


def test_the_staffing_page_shows_a_missed_target_in_red_and_exports(force, bureau_supervisor, client_for):
    client = client_for(bureau_supervisor)
    page = client.get(reverse("staffing:overview")).content.decode()
    assert f'data-station="{force["b"].pk}" data-missed="true" class="table-danger"' in page
    assert f'data-station="{force["a"].pk}" data-missed="false"' in page
    export = client.get(reverse("staffing:overview"), {"_export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_api_answers_the_same_figures(force, bureau_supervisor, api_for):
    body = api_for(bureau_supervisor).get("/api/v1/staffing/summary/").json()
    by_station = {row["station"]: row for row in body["stations"]}
    assert by_station[force["b"].pk]["community_squad"] == {
        "part": 3,
        "whole": 10,
        "percent": 30.0,
        "target": 40,
        "missed": True,
    }
    assert body["front_line"]["percent"] == 80.0
    assert len(body["history"]) == 12


def test_the_stats_dashboard_reads_the_same_shares(force, bureau_supervisor, api_for):
    body = api_for(bureau_supervisor).get("/api/v1/stats/summary/", {"period": "month"}).json()
    assert body["metrics"]["front_line_share"]["value"] == pytest.approx(80.0)
    station = (
        api_for(bureau_supervisor)
        .get("/api/v1/stats/summary/", {"scope": "station", "station": force["b"].pk, "period": "month"})
        .json()
    )
    assert station["metrics"]["community_squad_share"]["value"] == pytest.approx(30.0)


# --- Bad input -------------------------------------------------------------------------


def test_overlapping_posts_of_one_person_are_refused_and_nothing_is_saved(station_a, supervisor_a):
    person = make_person("moving", station=station_a, unit=Unit.CASE_SQUAD)
    services.assignment_create(
        by=supervisor_a, station=station_a, person=person, unit=Unit.CASE_SQUAD, start=date(2025, 1, 1), end=None
    )
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            by=supervisor_a,
            station=station_a,
            person=person,
            unit=Unit.COMMUNITY_SQUAD,
            start=date(2025, 6, 1),
            end=None,
        )
    assert "start" in refused.value.message_dict
    assert Assignment.objects.filter(person=person).count() == 1
    # Ending the first the day before makes room.
    first = Assignment.objects.get(person=person)
    services.assignment_end(assignment=first, by=supervisor_a, end=date(2025, 5, 31))
    services.assignment_create(
        by=supervisor_a, station=station_a, person=person, unit=Unit.COMMUNITY_SQUAD, start=date(2025, 6, 1), end=None
    )
    assert Assignment.objects.filter(person=person).count() == 2


def test_an_end_before_the_start_a_station_for_an_office_post_and_another_stations_person(
    station_a, station_b, supervisor_a, bureau_supervisor
):
    person = make_person("p1", station=station_a)
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            by=supervisor_a,
            station=station_a,
            person=person,
            unit=Unit.CASE_SQUAD,
            start=date(2025, 6, 1),
            end=date(2025, 5, 1),
        )
    assert "end" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            by=bureau_supervisor, station=station_a, person=person, unit=Unit.BUREAU, start=date(2025, 6, 1)
        )
    assert "station" in refused.value.message_dict
    stranger = make_person("p2", station=station_b)
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            by=supervisor_a, station=station_a, person=stranger, unit=Unit.CASE_SQUAD, start=date(2025, 6, 1)
        )
    assert "person" in refused.value.message_dict
    assert not Assignment.objects.exists()


def test_the_api_refuses_an_overlap_with_a_field_error(station_a, supervisor_a, api_for):
    person = make_person("p3", station=station_a)
    api = api_for(supervisor_a)
    first = api.post(
        "/api/v1/assignments/", {"person": person.pk, "unit": "case", "start": "2025-01-01"}, format="json"
    )
    assert first.status_code == 201, first.content
    second = api.post(
        "/api/v1/assignments/", {"person": person.pk, "unit": "command", "start": "2025-03-01"}, format="json"
    )
    assert second.status_code == 400 and "start" in second.json()


def test_the_page_refuses_an_overlap_beside_the_field_and_keeps_the_input(station_a, supervisor_a, client_for):
    person = make_person("p4", station=station_a)
    AssignmentFactory(station=station_a, person=person, unit=Unit.CASE_SQUAD, start=date(2025, 1, 1))
    response = client_for(supervisor_a).post(
        reverse("staffing:assignment-create"),
        {"person": person.pk, "unit": "community", "kind": "regular", "start": "2025-02-01", "notes": "调整"},
    )
    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert Assignment.objects.filter(person=person).count() == 1


# --- Service periods for the statistics -----------------------------------------------------


def test_service_periods_come_from_the_assignments_with_a_fallback_for_officers_without_any(
    station_a, community_a, community_officer_a
):
    moved = make_person("moved", station=station_a, unit=Unit.COMMUNITY_SQUAD)
    AssignmentFactory(
        station=station_a, person=moved, unit=Unit.CASE_SQUAD, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    post = AssignmentFactory(station=station_a, person=moved, unit=Unit.COMMUNITY_SQUAD, start=date(2026, 1, 1))
    post.communities.set([community_a])
    periods = {p.officer_id: p for p in service_periods([station_a.pk])}
    assert periods[moved.pk].start == date(2026, 1, 1) and periods[moved.pk].end is None
    assert periods[moved.pk].community_ids == {community_a.pk}
    # No assignment recorded: from the day the account was opened, on the profile's communities.
    assert periods[community_officer_a.pk].start == timezone.localdate(community_officer_a.date_joined)


def test_officer_weeks_count_only_the_days_in_post(station_a, bureau_supervisor):
    from stats.periods import Period
    from stats.selectors import Scope, _service_starts, officer_weeks

    person = make_person("weeks", station=station_a, unit=Unit.COMMUNITY_SQUAD)
    AssignmentFactory(
        station=station_a, person=person, unit=Unit.COMMUNITY_SQUAD, start=date(2026, 3, 8), end=date(2026, 3, 21)
    )
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    weeks = officer_weeks(
        _service_starts(bureau_supervisor, Scope("bureau", bureau=station_a.bureau)), march, date(2026, 12, 1)
    )
    assert weeks[f"officer:{person.pk}"] == pytest.approx(2.0)


def test_a_station_supervisor_sees_only_their_station_and_the_bureau_its_offices_too(
    force, supervisor_a, bureau_supervisor, api_for
):
    mine = {a["station"] for a in api_for(supervisor_a).get("/api/v1/assignments/?page_size=500").json()["results"]}
    assert mine == {force["a"].pk}
    everything = api_for(bureau_supervisor).get("/api/v1/assignments/?page_size=500").json()["results"]
    assert {a["station"] for a in everything} == {force["a"].pk, force["b"].pk, None}


def test_lists_and_the_summary_take_a_constant_number_of_queries(
    force, bureau_supervisor, client_for, django_assert_max_num_queries
):
    client = client_for(bureau_supervisor)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("staffing:assignment-list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("staffing:overview")).status_code == 200
    _posts(force["b"], Unit.CASE_SQUAD, 15, prefix="more")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("staffing:assignment-list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("staffing:overview")).status_code == 200


def test_kinds_of_posting(force, bureau_supervisor, station_a):
    person = make_person("recruit", station=station_a)
    AssignmentFactory(
        station=station_a,
        person=person,
        unit=Unit.COMMAND_ROOM,
        kind=AssignmentKind.NEW_RECRUIT,
        start=TODAY - timedelta(days=10),
    )
    assert overview(bureau_supervisor).new_recruits_at_stations == 1
