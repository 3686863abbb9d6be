"""Definitions as the stations count them: help solved beside help given, street crime with its rate
and thefts from cars, daily patrol strength, the 1.3.5 response bands, populations across a year end
weighted by days, and a significance test that fits each kind of figure."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from cases.choices import OffenseType
from community.choices import ActivityKind, HelpOutcome
from stats.derive import figure
from stats.metrics import METRICS
from stats.rollup import run_rollup
from tests.community.factories import ActivityFactory, PatrolFactory, PatrolTeamFactory
from tests.factories import CommunityPopulationFactory
from tests.stats import independent as raw
from tests.stats.factories import local, make_case, make_incident

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/stats/summary/"


def _metrics(api, start, end):
    body = api.get(SUMMARY, {"from": start.isoformat(), "to": end.isoformat()}).json()
    assert "metrics" in body, body
    return body["metrics"]


@pytest.fixture
def last_month(today):
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def test_help_given_counts_every_entry_and_help_solved_the_solved_ones(
    station_a, community_a, community_officer_a, supervisor_a, api_for, last_month
):
    start, _end = last_month
    for outcome in (HelpOutcome.SOLVED, HelpOutcome.REFERRED, HelpOutcome.PENDING, HelpOutcome.SOLVED):
        ActivityFactory(
            station=station_a,
            community=community_a,
            officer=community_officer_a,
            kind=ActivityKind.HELP,
            help_outcome=outcome,
            occurred_at=local(start, 10),
        )
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), *last_month)
    assert (metrics["help_given"]["value"], metrics["help_solved"]["value"]) == (4, 2)


def test_thefts_from_cars_are_street_crime_with_a_rate_per_10k(
    station_a, community_a, supervisor_a, api_for, last_month
):
    start, end = last_month
    CommunityPopulationFactory(community=community_a, year=start.year, population=20000)
    for offense in (OffenseType.THEFT_FROM_VEHICLE, OffenseType.ROBBERY, OffenseType.THEFT):
        make_case(station=station_a, community=community_a, registered_at=local(start, 9), offense_type=offense)
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), start, end)
    street = raw.registered(start, end, station_id=station_a.pk, street=True)
    assert metrics["street_crime_cases"]["value"] == street == 2
    days = (end - start).days + 1
    assert metrics["street_crime_rate_per_10k"]["value"] == pytest.approx(round(2 * 10000 / 20000 * 365 / days, 4))
    assert metrics["street_crime_rate_per_10k"]["unit"] == "每万人"


def test_the_street_crime_definition_names_the_offense_types_as_the_case_form_does():
    with translation.override("zh-hans"):
        definition = str(METRICS["street_crime_cases"].definition)
        for offense in ("robbery", "snatching", "pickpocketing", "vehicle_theft", "theft_from_vehicle"):
            assert str(OffenseType(offense).label) in definition
        assert str(OffenseType.THEFT_FROM_VEHICLE.label) == "盗窃车内财物"
        assert "盗窃机动车" not in definition


def test_daily_patrol_strength_is_person_times_over_the_days(station_a, community_a, supervisor_a, api_for, last_month):
    start, end = last_month
    team = PatrolTeamFactory(station=station_a)
    for day, police, volunteers in ((start, 3, 20), (end, 4, 10)):
        PatrolFactory(
            team=team,
            community=community_a,
            started_at=local(day, 8),
            ended_at=local(day, 10),
            police_count=police,
            volunteer_count=volunteers,
        )
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), start, end)
    days = (end - start).days + 1
    assert metrics["patrol_police_daily"]["value"] == pytest.approx(round(7 / days, 4))
    assert metrics["patrol_volunteer_daily"]["value"] == pytest.approx(round(30 / days, 4))
    assert metrics["patrol_volunteer_daily"]["significant"] == {"yoy": None, "pop": None}


def test_the_quick_response_bands_are_the_shares_reached_within_1_3_and_5_minutes(
    station_a, community_a, supervisor_a, api_for, last_month
):
    start, end = last_month
    for minutes in (0.5, 2, 4.9, 5, 30):
        make_incident(station=station_a, community=community_a, reported_at=local(start, 9), response_minutes=minutes)
    make_incident(station=station_a, community=community_a, reported_at=local(start, 9))  # never arrived
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), start, end)
    assert metrics["response_within_1_min_rate"]["value"] == pytest.approx(20.0)
    assert metrics["response_within_3_min_rate"]["value"] == pytest.approx(40.0)
    assert metrics["response_within_5_min_rate"]["value"] == pytest.approx(60.0)


def test_a_range_across_a_year_end_weights_each_years_population_by_its_days(
    station_a, community_a, supervisor_a, api_for, today
):
    year = today.year - 2
    start, end = date(year, 12, 22), date(year + 1, 1, 10)  # 10 days of one year, 10 of the next
    CommunityPopulationFactory(community=community_a, year=year, population=10000)
    CommunityPopulationFactory(community=community_a, year=year + 1, population=30000)
    make_case(station=station_a, community=community_a, registered_at=local(start, 9))
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), start, end)
    assert metrics["incident_rate_per_10k"]["value"] == pytest.approx(round(1 * 10000 / 20000 * 365 / 20, 4))


def _sums(key, value, subgroup=""):
    return {key: {subgroup: value}}


def test_significance_fits_the_figure():
    count = figure(METRICS["incidents_reported"], _sums("incidents_reported", 100), {}, {})
    assert count.significant_yoy is True  # 100 events against none: Poisson
    people = figure(METRICS["publicity_reach"], _sums("publicity_reach", 5000), _sums("publicity_reach", 10), {})
    assert people.significant_yoy is None  # people reached are not Poisson events
    median = {"median_response_minutes": {"1": 50, "20": 50}}
    faster = {"median_response_minutes": {"1": 90, "20": 10}}
    assert figure(METRICS["median_response_minutes"], median, faster, {}).significant_yoy is None
    rate = METRICS["response_within_3_min_rate"]
    # 50 of 100 against 52 of 100: no difference a proportion test would see.
    close = {"median_response_minutes": {"1": 52, "20": 48}}
    assert figure(rate, median, close, {}).significant_yoy is False
    assert figure(rate, median, faster, {}).significant_yoy is True


def test_the_pages_explain_the_mark_in_one_sentence(bureau_supervisor, client_for):
    client = client_for(bureau_supervisor)
    for url in ("/stats/bureau/", "/stats/definitions/"):
        html = client.get(url).content.decode()
        assert 'data-testid="significance-explained"' in html
        assert "泊松" in html and "比例" in html


def test_days_in_the_community_count_per_officer_week_in_service_and_only_the_community_squad(
    station_a, community_a, supervisor_a, api_for, today
):
    """Every community officer was out 4 days in every week they served: the figure is 4, whether
    they joined before the period or in its middle; a mediator's log entries do not count."""
    from django.contrib.auth import get_user_model

    from stations.choices import StaffKind, Unit
    from tests.factories import make_person

    last = today.replace(day=1) - timedelta(days=1)
    period_start = last - timedelta(days=55)  # eight weeks, Monday to Sunday not needed
    veteran = make_person("veteran", station=station_a, unit=Unit.COMMUNITY_SQUAD, communities=[community_a])
    newcomer = make_person(
        "newcomer", station=station_a, unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.AUXILIARY, communities=[community_a]
    )
    mediator = make_person("mediator_x", station=station_a, unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.MEDIATOR)
    joined = period_start + timedelta(days=28)
    User = get_user_model()
    User.objects.filter(pk=veteran.pk).update(date_joined=local(period_start - timedelta(days=300), 9))
    User.objects.filter(pk=newcomer.pk).update(date_joined=local(joined, 9))
    User.objects.filter(pk=mediator.pk).update(date_joined=local(period_start - timedelta(days=300), 9))
    for week in range(8):
        for day in range(4):
            when = period_start + timedelta(days=7 * week + day)
            for person in (veteran, mediator) + ((newcomer,) if when >= joined else ()):
                ActivityFactory(station=station_a, community=community_a, officer=person, occurred_at=local(when, 10))
    run_rollup()
    metrics = _metrics(api_for(supervisor_a), period_start, last)
    assert metrics["community_days_per_officer_week"]["value"] == pytest.approx(4.0)
    assert metrics["community_days_per_officer_week"]["value"] == pytest.approx(
        round(raw.days_per_officer_week(period_start, last, today, station_id=station_a.pk), 4)
    )


def test_anti_fraud_app_coverage_is_the_register_at_the_periods_end(
    station_a, community_a, supervisor_a, api_for, client_for, last_month, today
):
    from community.models import Resident
    from tests.community.factories import ResidentFactory

    start, end = last_month
    before_end = local(end - timedelta(days=3), 9)
    for app in (True, True, True, False):
        ResidentFactory(station=station_a, community=community_a, anti_fraud_app=app)
    Resident.history.model.objects.update(history_date=before_end)
    ResidentFactory(station=station_a, community=community_a, anti_fraud_app=True)  # registered after the end
    metrics = _metrics(api_for(supervisor_a), start, end)
    coverage = metrics["anti_fraud_app_coverage"]
    assert coverage["value"] == pytest.approx(75.0) and coverage["unit"] == "%"
    assert coverage["change_unit"] == "个百分点"
    this_month = _metrics(api_for(supervisor_a), today.replace(day=1), today)["anti_fraud_app_coverage"]
    assert this_month["value"] == pytest.approx(80.0)
    assert this_month["previous_period"] == pytest.approx(75.0)
    assert this_month["yoy_pp"] is None or isinstance(this_month["yoy_pp"], float)
    page = client_for(supervisor_a).get(coverage["records_url"])
    assert page.status_code == 200
