"""The floor: the same statistics as the rollup holds, by plain GROUP BY straight over the raw table.

Written independently of stats/ on purpose (no registry, no engine): one
query per statistic and granularity, results kept in unlogged tables, no
fill state, no deletes, no indexes. Same grains as the rollup: per
community by day and by month, per whole station by month.
"""

from __future__ import annotations

from django.db import connection

LOCAL_DAY = "CAST((reported_at AT TIME ZONE 'Asia/Shanghai') AS DATE)"
LOCAL_MONTH = "CAST(date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai') AS DATE)"
MINUTES = "LEAST(CAST(FLOOR(EXTRACT(EPOCH FROM (arrived_at - reported_at)) / 60) AS INTEGER), 1440)"

STATISTICS = {
    "incidents_total": ("''", "TRUE"),
    "incidents_by_category": ("category", "TRUE"),
    "incidents_by_channel": ("channel", "TRUE"),
    "fraud_incidents": ("''", "category = 'fraud'"),
    "response_minutes": (MINUTES, "arrived_at IS NOT NULL AND arrived_at >= reported_at"),
}


# The grains the rollup keeps: per community by day and by month, per whole station by month.
GRAINS = {
    "day": ("community_id", LOCAL_DAY),
    "month": ("community_id", LOCAL_MONTH),
    "station_month": ("NULL", LOCAL_MONTH),
}


def floor_queries() -> list[tuple[str, str]]:
    queries = []
    for name, (group, where) in STATISTICS.items():
        for grain, (community, bucket) in GRAINS.items():
            table = f"floor_{name}_{grain}"
            queries.append(
                (
                    table,
                    f"CREATE UNLOGGED TABLE {table} AS "
                    f"SELECT station_id, {community} AS community_id, {bucket} AS bucket, {group} AS grp, "
                    f"COUNT(*) AS n FROM cases_incident WHERE {where} GROUP BY 1, 2, 3, 4",
                )
            )
    return queries


def run_floor() -> dict[str, int]:
    """Compute every floor statistic; returns {table: total counted} for a cross-check."""
    totals = {}
    with connection.cursor() as cursor:
        for table, sql in floor_queries():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(sql)
        for table, _sql in floor_queries():
            cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {table}")
            totals[table] = int(cursor.fetchone()[0])
    return totals


def drop_floor() -> None:
    with connection.cursor() as cursor:
        for table, _sql in floor_queries():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
