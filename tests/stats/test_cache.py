"""The dashboards' cache (stats.cache): a second request is answered from it, a rollup run
invalidates it, and nobody is answered from another scope's, viewer's or language's entry."""

import pytest
from django.conf import settings

from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/stats/summary/"


@pytest.fixture
def month_of_incidents(station_a, station_b, community_a, community_b, today):
    for n in range(3):
        make_incident(station=station_a, community=community_a, reported_at=local(today, 0, n))
    make_incident(station=station_b, community=community_b, reported_at=local(today, 0, 30))
    run_rollup()


def incidents(body) -> int:
    return body["metrics"]["incidents_reported"]["value"]


def test_a_second_summary_is_answered_from_the_cache(month_of_incidents, bureau_supervisor, api_for):
    api = api_for(bureau_supervisor)
    api.get(SUMMARY, {"period": "month"})  # warm the framework's own caches
    run_rollup()  # and start a new generation
    first, _sql = count_queries(lambda: api.get(SUMMARY, {"period": "month"}))
    second, sql = count_queries(lambda: api.get(SUMMARY, {"period": "month"}))
    assert second < first, sql
    assert not [q for q in sql if "stats_statrow" in q], "the cached answer reads no rollup row"
    assert api.get(SUMMARY, {"period": "month"}).json() == api.get(SUMMARY, {"period": "month"}).json()


def test_a_rollup_run_invalidates_the_cached_figures(
    month_of_incidents, station_a, community_a, bureau_supervisor, api_for, today
):
    api = api_for(bureau_supervisor)
    assert incidents(api.get(SUMMARY, {"period": "month"}).json()) == 4
    make_incident(station=station_a, community=community_a, reported_at=local(today, 0, 30))
    assert incidents(api.get(SUMMARY, {"period": "month"}).json()) == 4, "cached until the next run"
    run_rollup()
    assert incidents(api.get(SUMMARY, {"period": "month"}).json()) == 5


def test_scopes_periods_and_viewers_do_not_share_an_entry(
    month_of_incidents, station_a, station_b, bureau_supervisor, supervisor_a, api_for
):
    bureau = api_for(bureau_supervisor)
    assert incidents(bureau.get(SUMMARY, {"period": "month"}).json()) == 4
    assert incidents(bureau.get(SUMMARY, {"scope": "station", "station": station_a.pk}).json()) == 3
    assert incidents(bureau.get(SUMMARY, {"scope": "station", "station": station_b.pk}).json()) == 1
    # The same station's scope asked for by its own supervisor: their answer, not a leak of the bureau's.
    own = api_for(supervisor_a).get(SUMMARY, {"period": "month"}).json()
    assert own["scope"] == "station" and incidents(own) == 3
    assert api_for(supervisor_a).get(SUMMARY, {"scope": "bureau"}).status_code == 403
    year = bureau.get(SUMMARY, {"period": "year"}).json()
    month = bureau.get(SUMMARY, {"period": "month"}).json()
    assert year["from"] != month["from"]


def test_another_language_gets_its_own_entry(month_of_incidents, bureau_supervisor, api_for):
    chinese, english = api_for(bureau_supervisor), api_for(bureau_supervisor)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    label = "接报警情数"
    assert chinese.get(SUMMARY, {"period": "month"}).json()["metrics"]["incidents_reported"]["label"] == label
    assert english.get(SUMMARY, {"period": "month"}).json()["metrics"]["incidents_reported"]["label"] == (
        "Incidents reported"
    )
    assert chinese.get(SUMMARY, {"period": "month"}).json()["metrics"]["incidents_reported"]["label"] == label


def test_the_dashboard_page_is_served_from_the_cache_and_keeps_its_links(
    month_of_incidents, station_a, supervisor_a, client_for
):
    page = client_for(supervisor_a)
    page.get("/stats/station/")
    run_rollup()
    first, _sql = count_queries(lambda: page.get("/stats/station/"))
    response = None

    def again():
        nonlocal response
        response = page.get("/stats/station/")

    second, sql = count_queries(again)
    assert second < first
    assert not [q for q in sql if "stats_statrow" in q]
    html = response.content.decode()
    assert f"station={station_a.pk}" in html, "the figures still open their records"
    assert "/cases/incidents/?" in html


def test_the_city_and_its_bureaus_do_not_share_an_entry(
    month_of_incidents, other_bureau, city_supervisor, bureau_supervisor, other_bureau_supervisor, api_for, today
):
    from stations.models import Station

    make_incident(station=Station.objects.get(bureau=other_bureau), reported_at=local(today, 1))
    run_rollup()
    city = api_for(city_supervisor).get(SUMMARY, {"scope": "city", "period": "month"}).json()
    ours = api_for(bureau_supervisor).get(SUMMARY, {"period": "month"}).json()
    theirs = api_for(other_bureau_supervisor).get(SUMMARY, {"period": "month"}).json()
    assert incidents(city) == 5
    assert incidents(ours) == 4, "the city's entry is not the bureau's"
    assert incidents(theirs) == 1, "nor is one bureau's the other's"
