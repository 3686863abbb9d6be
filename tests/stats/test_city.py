"""The city dashboard: the sub-bureaus side by side, read from the rollups; and every bureau-level
figure scoped to the user's own bureau."""

from datetime import timedelta

import pytest

from stats.periods import Period
from stats.rollup import run_rollup
from stats.selectors import BUREAU, CITY, Scope, dashboard
from tests.factories import CommunityFactory, CommunityPopulationFactory, StationFactory
from tests.stats.factories import local, make_incident
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_bureaus(station_a, station_b, community_a, other_bureau, today):
    """Incidents this year: 3 at station A, 2 at B (武陵分局), 4 at 鼎城分局's station."""
    station_c = other_bureau.stations.get()
    community_c = CommunityFactory(station=station_c, name="玉霞社区")
    CommunityPopulationFactory(community=community_a, year=today.year, population=10000)
    CommunityPopulationFactory(community=community_c, year=today.year, population=20000)
    day = today - timedelta(days=1) if today.timetuple().tm_yday > 1 else today
    for station, community, count in ((station_a, community_a, 3), (station_b, None, 2), (station_c, community_c, 4)):
        for n in range(count):
            make_incident(station=station, community=community, reported_at=local(day, 8 + n))
    run_rollup()
    return station_c


def _year(today):
    return Period.containing("year", today)


def test_the_city_sees_its_sub_bureaus_side_by_side(two_bureaus, station_a, other_bureau, city_supervisor, client_for):
    response = client_for(city_supervisor).get("/stats/city/", {"period": "year"})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.scope.kind == CITY
    by_name = {unit.name: unit.figures["incidents_reported"].value for unit in board.units}
    assert by_name == {station_a.bureau.name: 5, other_bureau.name: 4}
    assert board.figures_by_key["incidents_reported"].value == 9
    html = response.content.decode()
    assert f"/stats/bureau/?bureau={other_bureau.pk}" in html  # each sub-bureau opens its own dashboard
    assert client_for(city_supervisor).get("/stats/")["Location"] == "/stats/city/"


def test_a_sub_bureau_figure_opens_its_own_records(two_bureaus, other_bureau, city_supervisor, client_for):
    client = client_for(city_supervisor)
    board = client.get("/stats/city/", {"period": "year"}).context["board"]
    unit = next(u for u in board.units if u.id == other_bureau.pk)
    url = unit.figures["incidents_reported"].records_url
    assert f"bureau={other_bureau.pk}" in url
    listed = client.get(url)
    assert listed.context["table"].paginator.count == 4


def test_the_city_figures_equal_the_sum_of_its_bureaus(two_bureaus, station_a, other_bureau, city_supervisor, today):
    period = _year(today)
    city = dashboard(user=city_supervisor, scope=Scope(CITY, city=station_a.bureau.city), period=period)
    bureaus = [
        dashboard(user=city_supervisor, scope=Scope(BUREAU, bureau=bureau), period=period)
        for bureau in (station_a.bureau, other_bureau)
    ]
    for key in ("incidents_reported", "incident_rate_per_10k"):
        units = {u.id: u.figures[key].value for u in city.units}
        assert units == {b.scope.bureau_id: b.figures_by_key[key].value for b in bureaus}, key
    assert city.figures_by_key["incidents_reported"].value == sum(
        b.figures_by_key["incidents_reported"].value for b in bureaus
    )


def test_a_bureau_supervisor_sees_only_their_bureau(
    two_bureaus, station_a, station_b, other_bureau, bureau_supervisor, other_bureau_supervisor, client_for, api_for
):
    board = client_for(bureau_supervisor).get("/stats/bureau/", {"period": "year"}).context["board"]
    assert [unit.name for unit in board.units] == [station_a.name, station_b.name]
    assert board.figures_by_key["incidents_reported"].value == 5
    api = api_for(other_bureau_supervisor)
    body = api.get("/api/v1/stats/summary/", {"period": "year"}).json()
    assert body["scope"] == "bureau" and body["bureau"]["id"] == other_bureau.pk
    assert body["metrics"]["incidents_reported"]["value"] == 4
    # Another bureau's station, another bureau, the city: 404, 404, 403, in the API and on the pages.
    assert api.get("/api/v1/stats/summary/", {"station": station_a.pk}).status_code == 404
    assert (
        api.get("/api/v1/stats/series/", {"station": station_a.pk, "metric": "incidents_reported"}).status_code == 404
    )
    assert api.get("/api/v1/stats/summary/", {"bureau": station_a.bureau_id}).status_code == 404
    assert api.get("/api/v1/stats/summary/", {"scope": "city"}).status_code == 403
    client = client_for(other_bureau_supervisor)
    assert client.get("/stats/station/", {"station": station_a.pk}).status_code == 404
    assert client.get("/stats/bureau/", {"bureau": station_a.bureau_id}).status_code == 404
    assert client.get("/stats/city/").status_code == 403
    assert client.get("/stats/report/", {"station": station_a.pk}).status_code == 404


def test_the_city_opens_any_of_its_bureaus_and_is_asked_which(
    two_bureaus, other_bureau, city_supervisor, client_for, api_for
):
    client = client_for(city_supervisor)
    asked = client.get("/stats/bureau/")
    assert asked.status_code == 400
    assert f"bureau={other_bureau.pk}" in asked.content.decode()
    opened = client.get("/stats/bureau/", {"bureau": other_bureau.pk, "period": "year"})
    assert [unit.id for unit in opened.context["board"].units] == [two_bureaus.pk]
    api = api_for(city_supervisor)
    assert api.get("/api/v1/stats/summary/", {"scope": "bureau"}).json() == {"bureau": ["请选择分局。"]}
    assert api.get("/api/v1/stats/summary/", {"bureau": "x"}).status_code == 400
    body = api.get("/api/v1/stats/summary/", {"period": "year"}).json()
    assert body["scope"] == "city" and [b["name"] for b in body["breakdown"]] == ["鼎城分局", "武陵分局"]  # by code


def test_the_city_dashboard_runs_a_constant_number_of_queries(
    two_bureaus, other_bureau, city_supervisor, client_for, today
):
    def grow():
        for n in range(3):
            station = StationFactory(bureau=other_bureau)
            make_incident(station=station, reported_at=local(today - timedelta(days=n), 9))
        run_rollup()

    client = client_for(city_supervisor)
    assert_constant_queries(lambda: client.get("/stats/city/", {"period": "year"}), grow)
    assert_constant_queries(lambda: client.get("/api/v1/stats/summary/", {"period": "quarter"}), grow)
