"""The figures computed again, independently: straight from the raw records, in Python.

Nothing here uses stats/: days are converted with zoneinfo, minutes with
timedelta arithmetic, medians with the statistics module.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from cases.models import Incident
from stats.models import StatRow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_day(moment) -> date:
    return moment.astimezone(SHANGHAI).date()


def whole_minutes(incident) -> int | None:
    if incident.arrived_at is None or incident.arrived_at < incident.reported_at:
        return None
    return min(int((incident.arrived_at - incident.reported_at).total_seconds() // 60), 1440)


def expected_day_rows() -> Counter:
    rows = Counter()
    for incident in Incident.objects.all():
        key = (incident.station_id, incident.community_id, local_day(incident.reported_at))
        rows[(*key, "incidents_reported", "")] += 1
        rows[(*key, "incidents_reported", f"category:{incident.category}")] += 1
        rows[(*key, "incidents_reported", f"channel:{incident.channel}")] += 1
        if incident.category == "fraud":
            rows[(*key, "fraud_incidents", "")] += 1
        minutes = whole_minutes(incident)
        if minutes is not None:
            rows[(*key, "median_response_minutes", str(minutes))] += 1
    return rows


def expected_month_rows() -> Counter:
    months = Counter()
    for (station, community, day, metric, subgroup), value in expected_day_rows().items():
        months[(station, community, day.replace(day=1), metric, subgroup)] += value
    return months


def expected_station_month_rows() -> Counter:
    months = Counter()
    for (station, _community, day, metric, subgroup), value in expected_month_rows().items():
        months[(station, None, day, metric, subgroup)] += value
    return months


def rollup_rows(frequency: str) -> Counter:
    rows = Counter()
    for row in StatRow.objects.filter(frequency=frequency):
        key = (row.station_id, row.community_id, row.day, row.metric, row.subgroup)
        assert key not in rows, f"duplicate rollup row {key}"
        rows[key] = row.value
    return rows


def incidents_in(start: date, end: date, station_id=None):
    return [
        i
        for i in Incident.objects.all()
        if start <= local_day(i.reported_at) <= end and (station_id is None or i.station_id == station_id)
    ]


def count(start, end, *, station_id=None, category=None) -> int:
    return sum(1 for i in incidents_in(start, end, station_id) if category is None or i.category == category)


def median_minutes(start, end, *, station_id=None):
    values = [m for m in (whole_minutes(i) for i in incidents_in(start, end, station_id)) if m is not None]
    return statistics.median(values) if values else None


def change(now, before):
    if now is None or before in (None, 0):
        return None
    return (now - before) / before
