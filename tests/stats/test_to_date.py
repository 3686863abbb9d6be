"""A period that has not ended is counted to today and compared like with like: the same elapsed
days a year earlier and of the period before, on the page, in the API and in the xlsx alike."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from stats.periods import Period, shift_year
from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/stats/summary/"


def _open_period(today: date) -> Period:
    """This month, unless today is its last day (then it has ended): this year."""
    month = Period.containing("month", today)
    return month if month.end > today else Period.containing("year", today)


@pytest.fixture
def around_today(station_a, community_a, today):
    """Incidents on the first and last days of this period, a year earlier and of the period before:
    those after today's place in the period must not be compared."""
    period = _open_period(today)
    before = Period.containing(period.kind, period.start - timedelta(days=1))
    for day, count in [
        (period.start, 2),
        (today, 1),
        (shift_year(period.start), 3),
        (shift_year(today), 1),
        (shift_year(period.end), 40),  # after the same elapsed days a year earlier
        (before.start, 5),
        (before.end, 30),
    ]:
        for _n in range(count):
            make_incident(station=station_a, community=community_a, reported_at=local(day, 1))
    run_rollup()
    return period


def _summary(api, **params):
    body = api.get(SUMMARY, params).json()
    return {key: body[key] for key in ("from", "to", "previous_year", "previous_period", "metrics")}


def test_a_whole_period_not_ended_equals_that_period_to_date(around_today, supervisor_a, api_for, today):
    period = around_today
    api = api_for(supervisor_a)
    whole = _summary(api, period="range", **{"from": period.start.isoformat(), "to": period.end.isoformat()})
    to_date = _summary(api, period="range", **{"from": period.start.isoformat(), "to": today.isoformat()})
    assert whole == to_date
    assert whole["to"] == today.isoformat()
    assert whole["previous_year"] == {"from": shift_year(period.start).isoformat(), "to": shift_year(today).isoformat()}


def test_this_month_is_compared_with_the_same_days_a_year_earlier_and_of_the_month_before(
    around_today, supervisor_a, api_for, today
):
    period = around_today
    api = api_for(supervisor_a)
    calendar = api.get(SUMMARY, {"period": period.kind, "date": today.isoformat()}).json()
    to_date = api.get(SUMMARY, {"from": period.start.isoformat(), "to": today.isoformat()}).json()
    elapsed = (today - period.start).days
    before = Period.containing(period.kind, period.start - timedelta(days=1))
    before_to_date = api.get(
        SUMMARY,
        {"from": before.start.isoformat(), "to": min(before.start + timedelta(days=elapsed), before.end).isoformat()},
    ).json()
    assert calendar["to_date"] is True and calendar["requested_to"] == period.end.isoformat()
    assert calendar["to"] == today.isoformat()
    assert calendar["previous_year"] == to_date["previous_year"]
    for key, figure in calendar["metrics"].items():
        assert figure["value"] == to_date["metrics"][key]["value"], key
        assert figure["previous_year"] == to_date["metrics"][key]["previous_year"], key
        assert figure["previous_period"] == before_to_date["metrics"][key]["value"], key
    incidents = calendar["metrics"]["incidents_reported"]
    same_day = 1 if shift_year(today) != shift_year(period.start) else 0
    assert incidents["previous_year"] == 3 + same_day


def test_the_page_and_the_xlsx_say_the_figures_run_to_today(around_today, supervisor_a, client_for, today):
    client = client_for(supervisor_a)
    page = client.get("/stats/station/", {"period": around_today.kind})
    note = page.context["board"].comparison_note
    assert "To " in note or "截至" in note
    assert note in page.content.decode()
    xlsx = client.get("/stats/station/", {"period": around_today.kind, "_export": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert note in [cell.value for cell in sheet[1]]


def test_the_chinese_page_says_to_which_day(around_today, supervisor_a, client_for, today):
    client = client_for(supervisor_a)
    page = client.get("/stats/station/", {"period": around_today.kind}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"截至{today.month}月{today.day}日" in page.content.decode()


def test_the_chart_series_runs_to_today_and_adds_up_to_the_table(around_today, supervisor_a, api_for, today):
    api = api_for(supervisor_a)
    period = around_today
    series = api.get(
        "/api/v1/stats/series/", {"metric": "incidents_reported", "interval": "day", "period": period.kind}
    ).json()
    assert series["to"] == today.isoformat() and series["points"][-1]["end"] == today.isoformat()
    summary = api.get(SUMMARY, {"period": period.kind}).json()["metrics"]["incidents_reported"]
    assert sum(p["value"] for p in series["points"]) == summary["value"]
    assert sum(p["previous_year"] for p in series["points"]) == summary["previous_year"]
