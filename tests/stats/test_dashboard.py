"""The dashboards, the definitions, the xlsx export and the printable monthly report."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from stations.choices import AuditEventType
from stations.models import AuditEvent
from stats.metrics import REGISTRY
from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_stats_home_sends_each_person_to_their_dashboard(bureau_supervisor, supervisor_a, client_for):
    assert client_for(bureau_supervisor).get("/stats/")["Location"] == "/stats/bureau/"
    assert client_for(supervisor_a).get("/stats/")["Location"] == "/stats/station/"


def test_bureau_dashboard_shows_stations_side_by_side_with_links_to_records(
    edge_data, station_a, station_b, bureau_supervisor, client_for
):
    run_rollup()
    response = client_for(bureau_supervisor).get("/stats/bureau/", {"period": "year"})
    assert response.status_code == 200
    board = response.context["board"]
    assert [unit.name for unit in board.units] == [station_a.name, station_b.name]
    html = response.content.decode()
    assert station_a.name in html and station_b.name in html
    assert 'href="/stats/definitions/#incidents_reported"' in html
    assert 'src="/static/stats/charts.js"' in html
    assert "<script>" not in html  # CSP: no inline script


def test_a_rate_without_a_base_shows_a_dash(bureau_supervisor, client_for):
    html = client_for(bureau_supervisor).get("/stats/bureau/").content.decode()
    assert 'data-testid="figure-clearance_rate">—<' in html


def test_station_supervisor_cannot_open_the_bureau_dashboard(supervisor_a, client_for):
    assert client_for(supervisor_a).get("/stats/bureau/").status_code == 403


def test_station_supervisor_sees_their_station_by_community(
    edge_data, station_a, community_a, supervisor_a, client_for
):
    run_rollup()
    response = client_for(supervisor_a).get("/stats/station/", {"period": "year"})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.scope.station == station_a
    assert community_a.name in [unit.name for unit in board.units]


def test_station_supervisor_gets_404_for_another_station_dashboard(station_b, supervisor_a, client_for):
    assert client_for(supervisor_a).get("/stats/station/", {"station": station_b.pk}).status_code == 404
    assert client_for(supervisor_a).get("/stats/report/", {"station": station_b.pk}).status_code == 404


def test_officers_without_the_statistics_right_get_403(officer_a, client_for):
    assert client_for(officer_a).get("/stats/station/").status_code == 403


def test_a_bad_period_shows_the_reason_not_an_error_page(bureau_supervisor, client_for):
    response = client_for(bureau_supervisor).get("/stats/bureau/", {"from": "2026-05-01", "to": "2026-04-01"})
    assert response.status_code == 400
    assert 'data-testid="period-errors"' in response.content.decode()
    response = client_for(bureau_supervisor).get("/stats/bureau/", {"station": "x", "from": "nonsense"})
    assert response.status_code == 400
    assert client_for(bureau_supervisor).get("/stats/report/", {"month": "2026-13"}).status_code == 400


def test_definitions_page_explains_every_metric(bureau_supervisor, client_for):
    html = client_for(bureau_supervisor).get("/stats/definitions/").content.decode()
    for metric in REGISTRY:
        assert f'id="{metric.key}"' in html


def test_xlsx_export_holds_the_figures_and_is_audited(edge_data, bureau_supervisor, client_for, today):
    run_rollup()
    response = client_for(bureau_supervisor).get("/stats/bureau/", {"period": "year", "_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    summary = book.worksheets[0]
    labels = [row[0].value for row in summary.iter_rows(min_row=4)]
    assert labels == [str(m.label) for m in REGISTRY]
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=4)}
    assert values["接报警情数"] > 0
    event = AuditEvent.objects.get(event_type=AuditEventType.EXPORT)
    assert event.user == bureau_supervisor
    assert event.detail["format"] == "xlsx" and event.detail["scope"] == "bureau"


def test_monthly_report_prints_with_charts_and_is_audited(edge_data, supervisor_a, client_for, today):
    run_rollup()
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    response = client_for(supervisor_a).get("/stats/report/", {"month": month})
    assert response.status_code == 200
    html = response.content.decode()
    assert "stats/print.css" in html
    assert 'data-renderer="svg"' in html
    event = AuditEvent.objects.get(event_type=AuditEventType.EXPORT)
    assert event.detail == {
        "model": "stats.StatRow",
        "format": "monthly_report",
        "scope": "station",
        "station": supervisor_a.staff_profile.station_id,
        "bureau": supervisor_a.staff_profile.station.bureau_id,
        "month": month,
    }


def test_dashboards_query_count_does_not_grow_with_the_data(
    station_a, community_a, bureau_supervisor, supervisor_a, client_for, today
):
    def grow():
        for n in range(40):
            make_incident(station=station_a, community=community_a, reported_at=local(today - timedelta(days=n * 9)))
        run_rollup()

    bureau = client_for(bureau_supervisor)
    station = client_for(supervisor_a)
    assert_constant_queries(lambda: bureau.get("/stats/bureau/", {"period": "year"}), grow)
    assert_constant_queries(lambda: station.get("/stats/station/", {"period": "quarter"}), grow)
    assert_constant_queries(lambda: station.get("/stats/report/"), grow)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/stats/bureau/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_dashboard_speaks_chinese_by_default(bureau_supervisor, client_for):
    html = client_for(bureau_supervisor).get("/stats/bureau/").content.decode()
    assert "接报警情数" in html and "同比" in html
