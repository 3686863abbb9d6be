"""Cases, disputes, follow-ups, the community work log and patrols: the rollup and the figures
equal an independent computation, at Shanghai midnights and month ends, after late solves,
corrections and deletions, with a constant number of queries and links to the right records."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import RequestFactory
from django.urls import resolve

from antifraud.filters import FraudWarningFilter
from cases.filters import CaseFilter, IncidentFilter
from cases.models import Case
from community.filters import ActivityFilter, HazardFilter, PatrolFilter, ResidentFilter
from control.filters import ItemFilter, PartFilter
from mediation.filters import DisputeFilter, FollowUpFilter
from staffing.filters import AssignmentFilter, AwardFilter
from stats.choices import Frequency
from stats.metrics import REGISTRY
from stats.periods import Period, shift_year
from stats.rollup import run_rollup
from tests.community.factories import ActivityFactory, PatrolFactory, PatrolTeamFactory
from tests.stats import independent as raw
from tests.stats.factories import local, make_case, uncached
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/stats/summary/"
SERIES = "/api/v1/stats/series/"


def assert_rollup_equals_raw():
    assert raw.rollup_rows(Frequency.DAY) == raw.expected_day_rows()
    assert raw.rollup_rows(Frequency.MONTH) == raw.expected_month_rows()
    assert raw.rollup_rows(Frequency.STATION_MONTH) == raw.expected_station_month_rows()


def approx(value):
    return None if value is None else pytest.approx(value, abs=1e-3)


# Stored metrics whose rows need records of a module with its own rollup-equals-raw test on its own
# data: the control centre's assessment (tests/control/test_metrics.py) and 民转刑
# (tests/places/test_people.py).
OWN_DATA = {"disputes_turned_criminal"} | {m.key for m in REGISTRY if m.key.startswith("control_")}


def test_rollup_of_cases_disputes_and_community_work_equals_an_independent_count(work_data, edge_data):
    run_rollup()
    assert_rollup_equals_raw()
    stored = {key[3] for key in raw.rollup_rows(Frequency.DAY)}
    assert {m.key for m in REGISTRY if m.stored} - OWN_DATA <= stored, "every stored metric has rows in this data"


def test_late_solve_of_last_years_case_is_counted_on_the_next_incremental_run(work_data, today):
    old = make_case(station=work_data["open"].station, registered_at=local(today.replace(year=today.year - 1), 9))
    run_rollup()
    old.solved_at = local(today, 8)
    old.save()
    report = run_rollup()
    assert_rollup_equals_raw()
    assert report.days("criminal_cases_solved") < 10, "only the changed days, not the whole history"


def test_corrected_and_deleted_work_records_are_refilled(work_data, today, station_a, community_a):
    run_rollup()
    case = work_data["current"]
    case.registered_at = local(today - timedelta(days=20), 23, 30)
    case.offense_type = "robbery"
    case.save()
    work_data["at_b"].delete()
    work_data["dispute_b"].delete()
    visit = ActivityFactory(station=station_a, community=community_a, occurred_at=local(today - timedelta(days=3), 6))
    run_rollup()
    visit.occurred_at = local(today - timedelta(days=5), 6)
    visit.save()
    patrol = PatrolFactory(team=PatrolTeamFactory(station=station_a), community=community_a)
    run_rollup()
    patrol.delete()
    run_rollup()
    assert_rollup_equals_raw()


def test_station_figures_equal_an_independent_computation(work_data, station_a, supervisor_a, api_for, today):
    run_rollup()
    sid = station_a.pk
    for period in (Period.containing("month", today), Period.containing("year", today)):
        body = api_for(supervisor_a).get(SUMMARY, {"from": period.start, "to": period.end}).json()["metrics"]
        s, e = period.start, period.end
        ly_s, ly_e = shift_year(s), shift_year(e)
        assert body["criminal_cases_registered"]["value"] == raw.registered(s, e, station_id=sid)
        assert body["criminal_cases_registered"]["previous_year"] == raw.registered(ly_s, ly_e, station_id=sid)
        assert body["criminal_cases_solved"]["value"] == raw.solved(s, e, station_id=sid)
        assert body["street_crime_cases"]["value"] == raw.registered(s, e, station_id=sid, street=True)
        assert body["clearance_rate"]["value"] == approx(raw.clearance_rate(s, e, station_id=sid))
        assert body["current_clearance_rate"]["value"] == approx(raw.current_clearance_rate(s, e, station_id=sid))
        assert body["median_days_to_solve"]["value"] == raw.median_days_to_solve(s, e, station_id=sid)
        assert body["community_days_per_officer_week"]["value"] == approx(
            raw.days_per_officer_week(s, e, today, station_id=sid)
        )
    month = Period.containing("month", today)
    body = api_for(supervisor_a).get(SUMMARY, {"period": "month"}).json()["metrics"]
    # This month: the current case, the open one; the late solve and last month's case
    # count as solved but not as current.
    assert body["criminal_cases_registered"]["value"] == 2
    assert body["criminal_cases_solved"]["value"] == 3
    assert body["clearance_rate"]["value"] == approx(150.0)
    assert body["current_clearance_rate"]["value"] == approx(50.0)
    assert body["median_days_to_solve"]["value"] == raw.median_days_to_solve(month.start, month.end, station_id=sid)
    assert body["disputes_registered"]["value"] == 1
    assert body["disputes_resolved"]["value"] == 1
    assert body["dispute_resolution_rate"]["value"] == approx(100.0)
    assert body["follow_ups_done_on_time"]["value"] == 1, "done at 00:30 the day after its due day is late"
    assert body["household_visits"]["value"] == 1
    assert body["place_inspections"]["value"] == 1
    assert body["legal_consultations"]["value"] == 1
    assert body["hazards_found"]["value"] == 1
    assert body["hazards_rectified"]["value"] == 1
    assert body["patrol_police_person_times"]["value"] == 2
    assert body["patrol_volunteer_person_times"]["value"] == 5
    # Two entries in two communities on the first count as one day.
    assert body["community_days_per_officer_week"]["value"] == approx(1 / (((today - month.start).days + 1) / 7))


def test_last_months_figures_keep_what_happened_before_midnight(work_data, station_a, supervisor_a, api_for, today):
    run_rollup()
    eve = today.replace(day=1) - timedelta(days=1)
    body = api_for(supervisor_a).get(SUMMARY, {"period": "month", "date": eve}).json()["metrics"]
    assert body["criminal_cases_registered"]["value"] == 1  # 23:59:59 on the eve
    assert body["street_crime_cases"]["value"] == 1
    assert body["current_clearance_rate"]["value"] == approx(0.0), "solved one second after the month ended"
    assert body["help_given"]["value"] == 1
    assert body["publicity_reach"]["value"] == 120
    assert body["anti_fraud_installs"]["value"] == 7
    assert body["hazards_found"]["value"] == 1
    assert body["patrol_volunteer_person_times"]["value"] == 3
    assert body["patrol_police_person_times"]["value"] == 0


def test_bureau_adds_up_the_stations(work_data, station_a, station_b, bureau_supervisor, api_for, today):
    run_rollup()
    start, end = today - timedelta(days=400), today
    body = api_for(bureau_supervisor).get(SUMMARY, {"scope": "bureau", "from": start, "to": end}).json()
    assert body["metrics"]["criminal_cases_registered"]["value"] == raw.registered(start, end)
    assert body["metrics"]["current_clearance_rate"]["value"] == approx(raw.current_clearance_rate(start, end))
    by_station = {row["id"]: row["metrics"]["criminal_cases_solved"]["value"] for row in body["breakdown"]}
    assert by_station == {
        station_a.pk: raw.solved(start, end, station_id=station_a.pk),
        station_b.pk: raw.solved(start, end, station_id=station_b.pk),
    }


def test_current_clearance_series_counts_each_month_on_its_own(work_data, supervisor_a, api_for, today):
    run_rollup()
    start = today.replace(month=1, day=1)
    body = (
        api_for(supervisor_a)
        .get(SERIES, {"metric": "current_clearance_rate", "interval": "month", "from": start, "to": today})
        .json()
    )
    for point in body["points"]:
        s, e = (
            Period.containing("month", raw.date.fromisoformat(point["start"])).start,
            raw.date.fromisoformat(point["end"]),
        )
        assert point["value"] == approx(raw.current_clearance_rate(s, e, station_id=work_data["current"].station_id))


def test_summary_query_count_does_not_grow_with_cases_and_work(
    station_a, community_a, community_officer_a, bureau_supervisor, api_for, today
):
    api = api_for(bureau_supervisor)

    def grow():
        for n in range(10):
            make_case(
                station=station_a,
                community=community_a,
                registered_at=local(today - timedelta(days=n)),
                solved_at=local(today),
            )
            ActivityFactory(station=station_a, community=community_a, occurred_at=local(today - timedelta(days=n)))
        run_rollup()

    assert_constant_queries(lambda: uncached(api.get, SUMMARY, {"period": "year"}), grow)
    assert_constant_queries(
        lambda: uncached(api.get, SERIES, {"metric": "current_clearance_rate", "interval": "week"}), grow
    )


FILTERSETS = {
    "cases:incident-list": IncidentFilter,
    "cases:case-list": CaseFilter,
    "mediation:dispute-list": DisputeFilter,
    "mediation:follow-up-list": FollowUpFilter,
    "community:activity-list": ActivityFilter,
    "community:hazard-list": HazardFilter,
    "community:patrol-list": PatrolFilter,
    "community:resident-list": ResidentFilter,
    "antifraud:warning-list": FraudWarningFilter,
    "staffing:assignment-list": AssignmentFilter,
    "staffing:award-list": AwardFilter,
    "control:part-list": PartFilter,
    "control:item-list": ItemFilter,
}


@pytest.mark.parametrize("metric", list(REGISTRY), ids=lambda m: m.key)
def test_every_figure_links_to_its_records_with_filters_the_list_really_has(
    metric, station_a, community_a, bureau_supervisor
):
    url = metric.records_url(
        start=raw.date(2026, 3, 1), end=raw.date(2026, 3, 31), station_id=station_a.pk, community_id=community_a.pk
    )
    assert url, f"{metric.key} has no records link"
    parsed = urlparse(url)
    match = resolve(parsed.path)
    filterset_class = FILTERSETS[f"{match.namespace}:{match.url_name}"]
    request = RequestFactory().get(url)
    request.user = bureau_supervisor
    filterset = filterset_class(data=request.GET, queryset=filterset_class._meta.model.objects.all(), request=request)
    known = set(filterset.form.fields) | {
        f"{name}_{suffix}"
        for name, field in filterset.form.fields.items()
        for suffix in getattr(field.widget, "suffixes", [])
    }
    assert set(request.GET) <= known, (metric.key, set(request.GET) - known)
    assert filterset.form.is_valid(), (metric.key, filterset.form.errors)
    for name, value in request.GET.items():
        if name in filterset.form.fields and name not in ("q",):
            assert filterset.form.cleaned_data[name] not in (None, "", []), (metric.key, name, value)


def test_the_solved_figure_lists_exactly_the_cases_solved_in_the_period(
    work_data, station_a, supervisor_a, client_for, today
):
    run_rollup()
    body = client_for(supervisor_a).get(SUMMARY, {"period": "month"}).json()
    url = body["metrics"]["criminal_cases_solved"]["records_url"]
    page = client_for(supervisor_a).get(url)
    listed = {case.pk for case in page.context["object_list"]} if "object_list" in page.context else None
    month = Period.containing("month", today)
    expected = {
        c.pk
        for c in Case.objects.filter(station=station_a, kind="criminal", solved_at__isnull=False)
        if month.start <= raw.local_day(c.solved_at) <= month.end
    }
    assert listed == expected
    assert len(listed) == body["metrics"]["criminal_cases_solved"]["value"]
