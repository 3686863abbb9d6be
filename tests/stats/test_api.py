"""The statistics API: figures equal an independent computation; bad input gets a 400 with the reason."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from stats.periods import Period, shift_year
from stats.rollup import run_rollup
from tests.stats import independent as raw
from tests.stats.factories import local, make_case, make_incident, uncached
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/stats/summary/"
SERIES = "/api/v1/stats/series/"
# The "Metric keys" table of DESIGN.md, copied: the API must answer every one.
DESIGN_METRIC_KEYS = {
    "incidents_reported",
    "criminal_cases_registered",
    "criminal_cases_solved",
    "clearance_rate",
    "current_clearance_rate",
    "incident_rate_per_10k",
    "street_crime_cases",
    "street_crime_rate_per_10k",
    "fraud_incidents",
    "disputes_registered",
    "disputes_turned_criminal",
    "disputes_mediated",
    "disputes_resolved",
    "dispute_resolution_rate",
    "follow_ups_done_on_time",
    "community_days_per_officer_week",
    "household_visits",
    "place_inspections",
    "hazards_found",
    "hazards_rectified",
    "publicity_reach",
    "legal_consultations",
    "help_given",
    "help_solved",
    "anti_fraud_installs",
    "anti_fraud_app_coverage",
    "patrol_police_person_times",
    "patrol_volunteer_person_times",
    "patrol_police_daily",
    "patrol_volunteer_daily",
    "response_within_1_min_rate",
    "response_within_3_min_rate",
    "response_within_5_min_rate",
    "median_response_minutes",
    "median_days_to_solve",
    # Staffing and anti-fraud warnings (issue 14).
    "fraud_warnings",
    "fraud_warnings_handled_on_time",
    "fraud_warned_victims",
    "fraud_warnings_on_time_rate",
    "post_warning_victim_rate",
    "community_squad_share",
    "front_line_share",
    "awards_to_stations_share",
    # The control centre's assessment (监督评价).
    "control_orders_received",
    "control_orders_signed",
    "control_orders_signed_on_time",
    "control_signed_on_time_rate",
    "control_orders_done",
    "control_orders_done_on_time",
    "control_done_on_time_rate",
    "control_returned_at_verification",
    "control_items_per_officer_week",
}


def test_urls_are_under_the_api_namespace():
    assert reverse("api:stats-summary") == SUMMARY
    assert reverse("api:stats-series") == SERIES


def test_summary_answers_every_metric_key_of_the_design(bureau_supervisor, api_for):
    body = api_for(bureau_supervisor).get(SUMMARY).json()
    keys = DESIGN_METRIC_KEYS
    assert set(body["metrics"]) == keys
    for key in keys:
        assert set(body["metrics"][key]) >= {
            "value",
            "previous_year",
            "yoy_change",
            "previous_period",
            "pop_change",
            "significant",
            "available",
        }


def test_every_metric_is_available_and_an_empty_base_answers_null_not_zero(bureau_supervisor, api_for):
    body = api_for(bureau_supervisor).get(SUMMARY).json()
    assert all(m["available"] for m in body["metrics"].values())
    cases = body["metrics"]["criminal_cases_registered"]
    assert cases["value"] == 0 and cases["yoy_change"] is None
    assert body["metrics"]["clearance_rate"]["value"] is None
    assert body["metrics"]["current_clearance_rate"]["value"] is None


def test_station_summary_equals_an_independent_computation(edge_data, station_a, supervisor_a, api_for, today):
    run_rollup()
    eve = today.replace(day=1) - timedelta(days=1)
    period = Period.containing("month", eve)
    body = api_for(supervisor_a).get(SUMMARY, {"period": "month", "date": eve.isoformat()}).json()

    assert body["scope"] == "station"
    assert body["station"] == {"id": station_a.pk, "name": station_a.name}
    assert (body["from"], body["to"]) == (period.start.isoformat(), period.end.isoformat())
    last_year = Period.containing("month", shift_year(eve))
    before = Period.containing("month", period.start - timedelta(days=1))
    for key, category in (("incidents_reported", None), ("fraud_incidents", "fraud")):
        now = raw.count(period.start, period.end, station_id=station_a.pk, category=category)
        ly = raw.count(last_year.start, last_year.end, station_id=station_a.pk, category=category)
        pp = raw.count(before.start, before.end, station_id=station_a.pk, category=category)
        figure = body["metrics"][key]
        assert (figure["value"], figure["previous_year"], figure["previous_period"]) == (now, ly, pp), key
        assert figure["yoy_change"] == (None if ly == 0 else round((now - ly) / ly, 4))
        assert figure["pop_change"] == (None if pp == 0 else round((now - pp) / pp, 4))
        assert figure["significant"]["yoy"] == (abs(2 * (now**0.5 - ly**0.5)) > 2)
    median = body["metrics"]["median_response_minutes"]
    assert median["value"] == raw.median_minutes(period.start, period.end, station_id=station_a.pk)
    assert median["previous_year"] == raw.median_minutes(last_year.start, last_year.end, station_id=station_a.pk)


def test_bureau_summary_adds_up_the_stations_side_by_side(edge_data, station_a, station_b, bureau_supervisor, api_for):
    run_rollup()
    start, end = "2000-01-01", "2002-12-31"
    body = api_for(bureau_supervisor).get(SUMMARY, {"from": start, "to": end}).json()
    assert body["metrics"]["incidents_reported"]["value"] == 0

    today = edge_data["at_midnight"].reported_at.date()
    start = (today - timedelta(days=365)).isoformat()
    end = today.isoformat()
    body = api_for(bureau_supervisor).get(SUMMARY, {"scope": "bureau", "from": start, "to": end}).json()
    assert body["scope"] == "bureau" and body["station"] is None
    by_station = {row["id"]: row["metrics"]["incidents_reported"]["value"] for row in body["breakdown"]}
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    assert by_station == {
        station_a.pk: raw.count(s, e, station_id=station_a.pk),
        station_b.pk: raw.count(s, e, station_id=station_b.pk),
    }
    assert body["metrics"]["incidents_reported"]["value"] == raw.count(s, e)
    assert body["metrics"]["incidents_reported"]["subgroups"]["category:fraud"] == raw.count(s, e, category="fraud")


@pytest.mark.parametrize("period", ["month", "quarter", "year", "range"])
def test_medians_overall_and_per_unit_equal_the_raw_records(
    edge_data, station_a, station_b, community_a, bureau_supervisor, supervisor_a, api_for, today, period
):
    """The database takes the medians from the histograms: checked against the records, for the
    bureau (over its stations) and each station, and a station (over its communities) and each
    community; with odd and even counts, whole months and the days at their edges."""
    month_first = today.replace(day=1)
    for n, minutes in enumerate([3, 3, 7, 12, 40, 40, 41, 90]):
        day = month_first - timedelta(days=3 + 11 * n)
        make_incident(station=station_a, community=community_a, reported_at=local(day, 9), response_minutes=minutes)
        make_incident(station=station_b, reported_at=local(day, 10), response_minutes=minutes + n)
        make_case(
            station=station_a if n % 2 else station_b,
            community=community_a if n % 2 else None,
            registered_at=local(day - timedelta(days=n * 5), 8),
            solved_at=local(day, 16),
        )
    run_rollup()
    params = (
        {"period": period}
        if period != "range"
        else {"from": (today - timedelta(days=50)).isoformat(), "to": today.isoformat()}
    )
    for user, scope, station in ((bureau_supervisor, "bureau", None), (supervisor_a, "station", station_a)):
        body = api_for(user).get(SUMMARY, {**params, "scope": scope}).json()
        start, end = date.fromisoformat(body["from"]), date.fromisoformat(body["to"])
        last_year = date.fromisoformat(body["previous_year"]["from"]), date.fromisoformat(body["previous_year"]["to"])
        station_id = station.pk if station else None
        minutes, days = body["metrics"]["median_response_minutes"], body["metrics"]["median_days_to_solve"]
        assert minutes["value"] == raw.median_minutes(start, end, station_id=station_id)
        assert minutes["previous_year"] == raw.median_minutes(*last_year, station_id=station_id)
        assert days["value"] == raw.median_days_to_solve(start, end, station_id=station_id)
        if scope == "bureau":
            for row in body["breakdown"]:
                assert row["metrics"]["median_response_minutes"]["value"] == raw.median_minutes(
                    start, end, station_id=row["id"]
                ), row["name"]
                assert row["metrics"]["median_days_to_solve"]["value"] == raw.median_days_to_solve(
                    start, end, station_id=row["id"]
                ), row["name"]
        else:
            row = next(r for r in body["breakdown"] if r["id"] == community_a.pk)
            expected = raw.median_minutes(start, end, station_id=station_a.pk, community_id=community_a.pk)
            assert row["metrics"]["median_response_minutes"]["value"] == expected


def test_an_empty_period_shows_zeros_and_empty_changes(station_a, supervisor_a, api_for):
    body = api_for(supervisor_a).get(SUMMARY, {"from": "2020-03-01", "to": "2020-03-31"}).json()
    figure = body["metrics"]["incidents_reported"]
    assert (figure["value"], figure["previous_year"], figure["yoy_change"], figure["pop_change"]) == (0, 0, None, None)
    assert body["metrics"]["median_response_minutes"]["value"] is None


def test_station_supervisor_defaults_to_their_station_and_sees_only_it(edge_data, station_a, supervisor_a, api_for):
    run_rollup()
    body = api_for(supervisor_a).get(SUMMARY, {"from": "2020-01-01", "to": "2022-12-31"}).json()
    assert body["station"]["id"] == station_a.pk
    body = api_for(supervisor_a).get(SUMMARY, {"period": "year"}).json()
    assert [row["id"] for row in body["breakdown"] if row["id"] is not None] == [edge_data["at_midnight"].community_id]


def test_station_supervisor_gets_404_for_another_station(station_b, supervisor_a, api_for):
    response = api_for(supervisor_a).get(SUMMARY, {"station": station_b.pk})
    assert response.status_code == 404
    assert api_for(supervisor_a).get(SERIES, {"station": station_b.pk, "metric": "fraud_incidents"}).status_code == 404


def test_station_supervisor_gets_403_for_the_bureau_scope(supervisor_a, api_for):
    assert api_for(supervisor_a).get(SUMMARY, {"scope": "bureau"}).status_code == 403


def test_an_officer_without_the_statistics_right_gets_403(officer_a, api_for):
    assert api_for(officer_a).get(SUMMARY).status_code == 403


def test_bureau_supervisor_may_ask_for_any_station(station_b, bureau_supervisor, api_for):
    body = api_for(bureau_supervisor).get(SUMMARY, {"scope": "station", "station": station_b.pk}).json()
    assert body["station"]["id"] == station_b.pk


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-10", "to": "2026-03-01"}, "to"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "to"),
        ({"from": "2026-02-30"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"period": "fortnight"}, "period"),
        ({"date": "0000-01-01", "period": "month"}, "date"),
        ({"station": "abc"}, "station"),
        ({"station": "-3"}, "station"),
        ({"station": "99999999999999999999999"}, "station"),
        ({"scope": "galaxy"}, "scope"),
    ],
    ids=[
        "from after to",
        "longer than allowed",
        "impossible date",
        "not a date",
        "unknown period",
        "year zero",
        "station not a number",
        "negative station",
        "huge station",
        "unknown scope",
    ],
)
def test_bad_input_gets_a_400_naming_the_field(params, field, bureau_supervisor, api_for):
    response = api_for(bureau_supervisor).get(SUMMARY, params)
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_bureau_user_asking_for_a_station_scope_without_a_station_gets_400(bureau_supervisor, api_for):
    response = api_for(bureau_supervisor).get(SUMMARY, {"scope": "station"})
    assert response.status_code == 400
    assert "station" in response.json()


def test_an_unknown_metric_gets_a_400(bureau_supervisor, api_for):
    response = api_for(bureau_supervisor).get(SERIES, {"metric": "happiness"})
    assert response.status_code == 400
    assert "metric" in response.json()
    assert api_for(bureau_supervisor).get(SERIES).status_code == 400


def test_series_by_month_equals_an_independent_count_with_last_year_beside(
    edge_data, bureau_supervisor, api_for, today
):
    run_rollup()
    start = today.replace(month=1, day=1)
    body = (
        api_for(bureau_supervisor)
        .get(
            SERIES,
            {"metric": "fraud_incidents", "interval": "month", "from": start.isoformat(), "to": today.isoformat()},
        )
        .json()
    )
    assert body["metric"] == "fraud_incidents" and body["interval"] == "month"
    assert len(body["points"]) == today.month
    for point in body["points"]:
        from datetime import date

        s, e = date.fromisoformat(point["start"]), date.fromisoformat(point["end"])
        assert point["value"] == raw.count(s, e, category="fraud"), point
        assert point["previous_year"] == raw.count(shift_year(s), shift_year(e), category="fraud"), point


def test_series_by_day_and_week_cover_the_period(edge_data, supervisor_a, api_for, today):
    run_rollup()
    start = today - timedelta(days=30)
    for interval in ("day", "week"):
        body = (
            api_for(supervisor_a)
            .get(
                SERIES,
                {
                    "metric": "incidents_reported",
                    "interval": interval,
                    "from": start.isoformat(),
                    "to": today.isoformat(),
                },
            )
            .json()
        )
        from datetime import date

        total = sum(p["value"] for p in body["points"])
        assert total == raw.count(start, today, station_id=edge_data["at_midnight"].station_id), interval
        assert body["points"][0]["start"] == start.isoformat()
        assert body["points"][-1]["end"] == today.isoformat()
        if interval == "week":
            assert all(date.fromisoformat(p["start"]).weekday() == 0 for p in body["points"][1:])


def test_series_of_a_median_and_of_a_rate_without_a_base(edge_data, supervisor_a, api_for, today):
    run_rollup()
    body = api_for(supervisor_a).get(SERIES, {"metric": "median_response_minutes", "interval": "month"}).json()
    assert body["available"] is True
    body = api_for(supervisor_a).get(SERIES, {"metric": "clearance_rate"}).json()
    assert body["available"] is True
    assert all(p["value"] is None for p in body["points"]), "no cases registered: no rate, not 0"


def test_summary_query_count_does_not_grow_with_the_data(station_a, community_a, bureau_supervisor, api_for, today):
    api = api_for(bureau_supervisor)

    def grow():
        for n in range(30):
            make_incident(station=station_a, community=community_a, reported_at=local(today - timedelta(days=n)))
        run_rollup()

    assert_constant_queries(lambda: uncached(api.get, SUMMARY, {"period": "year"}), grow)
    assert_constant_queries(
        lambda: uncached(api.get, SERIES, {"metric": "incidents_reported", "interval": "day"}), grow
    )
