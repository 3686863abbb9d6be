"""The floor: the same statistics as the rollup holds, by plain GROUP BY straight over the raw table.

Written independently of stats/ on purpose (no registry, no engine): one
query per statistic and granularity, results kept in unlogged tables, no
fill state, no deletes, no indexes. Same grains as the rollup: per
community by day and by month, per whole station by month.
"""

from __future__ import annotations

from django.db import connection


def local_day(column: str) -> str:
    return f"CAST(({column} AT TIME ZONE 'Asia/Shanghai') AS DATE)"


def local_month(column: str) -> str:
    return f"CAST(date_trunc('month', {column} AT TIME ZONE 'Asia/Shanghai') AS DATE)"


MINUTES = "LEAST(CAST(FLOOR(EXTRACT(EPOCH FROM (arrived_at - reported_at)) / 60) AS INTEGER), 1440)"
CRIMINAL = "kind = 'criminal'"
SOLVED = f"{CRIMINAL} AND solved_at IS NOT NULL AND solved_at >= registered_at"
STREET = "('robbery', 'snatching', 'pickpocketing', 'vehicle_theft')"

# name: (table, the time column a record is counted by, group, where)
STATISTICS = {
    "incidents_total": ("cases_incident", "reported_at", "''", "TRUE"),
    "incidents_by_category": ("cases_incident", "reported_at", "category", "TRUE"),
    "incidents_by_channel": ("cases_incident", "reported_at", "channel", "TRUE"),
    "fraud_incidents": ("cases_incident", "reported_at", "''", "category = 'fraud'"),
    "response_minutes": (
        "cases_incident",
        "reported_at",
        MINUTES,
        "arrived_at IS NOT NULL AND arrived_at >= reported_at",
    ),
    "cases_registered": ("cases_case", "registered_at", "''", CRIMINAL),
    "street_crime": ("cases_case", "registered_at", "''", f"{CRIMINAL} AND offense_type IN {STREET}"),
    "cases_solved": ("cases_case", "solved_at", "''", f"{CRIMINAL} AND solved_at IS NOT NULL"),
    "solved_by_registration_day": ("cases_case", "solved_at", f"CAST({local_day('registered_at')} AS TEXT)", SOLVED),
    "days_to_solve": ("cases_case", "solved_at", f"{local_day('solved_at')} - {local_day('registered_at')}", SOLVED),
    "disputes_registered": ("mediation_dispute", "registered_at", "''", "TRUE"),
}


# The grains the rollup keeps: per community by day and by month, per whole station by month.
GRAINS = {
    "day": ("community_id", local_day),
    "month": ("community_id", local_month),
    "station_month": ("NULL", local_month),
}


def floor_queries() -> list[tuple[str, str]]:
    queries = []
    for name, (source, column, group, where) in STATISTICS.items():
        for grain, (community, bucket) in GRAINS.items():
            table = f"floor_{name}_{grain}"
            queries.append(
                (
                    table,
                    f"CREATE UNLOGGED TABLE {table} AS "
                    f"SELECT station_id, {community} AS community_id, {bucket(column)} AS bucket, {group} AS grp, "
                    f"COUNT(*) AS n FROM {source} WHERE {where} AND {column} IS NOT NULL GROUP BY 1, 2, 3, 4",
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
