"""Every figure in its unit (起, 件, 人次, 人, 天, 分钟, %, 每万人), changes of rates in their unit,
the xlsx in the page's words and formats, the printed report titled with the bureau's name."""

from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from openpyxl import load_workbook

from stats.derive import Figure
from stats.metrics import METRICS, REGISTRY
from stats.rollup import run_rollup
from stats.templatetags.stats_tags import figure_change, figure_with_unit
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

UNITS = {"起", "件", "人次", "人", "天", "分钟", "%", "每万人"}
SUMMARY = "/api/v1/stats/summary/"


def test_every_metric_declares_one_of_the_units_the_stations_count_in():
    with translation.override("zh-hans"):
        units = {metric.key: str(metric.unit) for metric in REGISTRY}
    assert set(units.values()) <= UNITS, units
    assert units["incidents_reported"] == "起" and units["disputes_registered"] == "起"
    assert units["publicity_reach"] == "人次"
    assert units["patrol_police_person_times"] == units["patrol_volunteer_person_times"] == "人次"
    assert units["hazards_found"] == units["follow_ups_done_on_time"] == "件"
    assert units["median_response_minutes"] == "分钟" and units["median_days_to_solve"] == "天"
    assert units["clearance_rate"] == "%" and units["incident_rate_per_10k"] == "每万人"


def test_a_rate_changes_in_percentage_points_and_a_rate_per_10k_in_its_unit():
    rate = Figure(metric=METRICS["clearance_rate"], value=12.0, yoy_difference=2.5, yoy_change=0.26)
    per_10k = Figure(metric=METRICS["incident_rate_per_10k"], value=3.0, yoy_difference=1.2, yoy_change=0.66)
    count = Figure(metric=METRICS["incidents_reported"], value=10, yoy_change=-0.5)
    with translation.override("zh-hans"):
        assert figure_change(rate, "yoy") == "+2.5 个百分点"
        assert figure_change(per_10k, "yoy") == "+1.20 每万人"
        assert figure_change(count, "yoy") == "-50.0%"
        assert figure_with_unit(rate) == "12.0%"
        assert figure_with_unit(count) == "10 起"


def test_the_page_never_doubles_a_unit_and_the_api_says_how_a_change_reads(
    work_data, bureau_supervisor, client_for, api_for
):
    run_rollup()
    html = client_for(bureau_supervisor).get("/stats/bureau/", {"period": "year"}).content.decode()
    assert "% %" not in html and "%%" not in html
    metrics = api_for(bureau_supervisor).get(SUMMARY, {"period": "year"}).json()["metrics"]
    assert metrics["clearance_rate"]["change_unit"] == "个百分点"
    assert metrics["incident_rate_per_10k"]["change_unit"] == "每万人"
    assert "yoy_pp" not in metrics["incident_rate_per_10k"]
    assert "yoy_difference" in metrics["incident_rate_per_10k"]
    assert metrics["incidents_reported"]["change_unit"] == "%"
    assert metrics["publicity_reach"]["unit"] == "人次"


def test_the_definitions_page_shows_labels_and_units_not_keys(bureau_supervisor, client_for):
    html = client_for(bureau_supervisor).get("/stats/definitions/").content.decode()
    assert "接报警情数" in html
    for metric in REGISTRY:
        assert f">{metric.key}<" not in html
        assert f'id="{metric.key}"' in html  # the anchors the figures link to


def test_the_xlsx_speaks_the_page_words_with_number_formats_and_yes_no(
    work_data, station_a, bureau_supervisor, client_for
):
    CommunityFactory(station=station_a, name="=HYPERLINK(1)")
    station_a.name = "=cmd|'/c calc'!A1"
    station_a.save(update_fields=["name"])
    run_rollup()
    response = client_for(bureau_supervisor).get("/stats/bureau/", {"period": "year", "_export": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    summary = book.worksheets[0]
    assert summary["A1"].value == "武陵分局"
    assert [c.value for c in summary[3]][:7] == ["指标", "数值", "单位", "去年同期", "同比", "上期", "环比"]
    rows = {row[0].value: row for row in summary.iter_rows(min_row=4)}
    assert set(rows) == {str(m.label) for m in REGISTRY}
    incidents = rows["接报警情数"]
    assert incidents[1].number_format == "#,##0" and incidents[2].value == "起"
    clearance = rows[str(METRICS["clearance_rate"].label)]
    assert clearance[1].number_format == "0.0%"
    assert clearance[1].value is None or 0 <= clearance[1].value <= 10
    assert "个百分点" in clearance[4].number_format
    assert rows[str(METRICS["incident_rate_per_10k"].label)][1].number_format == "0.00"
    flags = {row[7].value for row in rows.values()} | {row[8].value for row in rows.values()}
    assert flags <= {"是", "否", None} and not flags & {True, False}
    stations = book.worksheets[1]
    names = [row[0].value for row in stations.iter_rows(min_row=2)]
    assert "'=cmd|'/c calc'!A1" in names
    assert all(not str(c.value).startswith("=") for row in book.worksheets[1].iter_rows() for c in row if c.value)
    assert "接报警情数（起）" in [c.value for c in stations[1]]


def test_the_monthly_report_is_titled_with_the_bureau_and_prints_its_table_on_a_landscape_page(
    station_a, bureau_supervisor, client_for
):
    response = client_for(bureau_supervisor).get("/stats/report/")
    html = response.content.decode()
    assert "武陵分局" in html.split('data-testid="report-title"')[1].split("</h1>")[0]
    assert 'class="wl-report-wide"' in html
    css = Path(finders.find("stats/print.css")).read_text(encoding="utf-8")
    assert "@page wide { size: A4 landscape" in css and ".wl-report-wide { page: wide" in css
    assert "overflow: visible" in css


def test_a_bureau_user_on_the_station_view_without_a_station_is_asked_to_choose_one(
    station_a, station_b, bureau_supervisor, client_for, api_for
):
    response = client_for(bureau_supervisor).get("/stats/station/")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="choose-station"' in html
    assert f"station={station_a.pk}" in html and f"station={station_b.pk}" in html
    api = api_for(bureau_supervisor).get(SUMMARY, {"scope": "station"})
    assert api.status_code == 400 and "station" in api.json()
