"""The floor: the fastest honest plain-SQL computation of the rows the rollup stores.

What the rollup must at least do, with none of its machinery: no registry, no fill states,
no deletes, no unique index, no transaction bookkeeping. Written from the definitions
(docs/stats.md, the definitions page), not from stats/metrics, so that agreeing with the
rollup row for row is a check of both:

1. the day rows of every stored metric, per station, community and day, one scan of each raw
   table (GROUP BY with GROUPING SETS or FILTERed counts where one table feeds several
   metrics), into one unlogged table;
2. the month rows: sums of those day rows by month;
3. the whole stations' month rows: sums of the month rows over the communities.

`run_floor(until)` computes them (records up to the end of `until`, as the rebuild does);
`compare_with_rollup()` counts the rows that differ from stats_statrow, both ways.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

TABLE = "floor_rows"
ZONE = "'Asia/Shanghai'"
STREET = "('robbery', 'snatching', 'pickpocketing', 'vehicle_theft', 'theft_from_vehicle')"
COLUMNS = "station_id, community_id, frequency, day, metric, subgroup, value"


def day_of(column: str) -> str:
    return f"CAST(({column} AT TIME ZONE {ZONE}) AS DATE)"


def _statements() -> list[tuple[str, str]]:
    """(what, INSERT … SELECT of day rows); %(end)s is the first moment after the last day."""
    insert = f"INSERT INTO {TABLE} ({COLUMNS}) "
    minutes = "LEAST(CAST(FLOOR(EXTRACT(EPOCH FROM (arrived_at - reported_at)) / 60) AS INTEGER), 1440)"
    incidents = f"""
        WITH g AS (
            SELECT station_id, community_id, {day_of("reported_at")} AS day, category, channel,
                   CASE WHEN arrived_at >= reported_at THEN {minutes} END AS minute,
                   GROUPING(category, channel, CASE WHEN arrived_at >= reported_at THEN {minutes} END) AS g,
                   COUNT(*) AS n
            FROM cases_incident WHERE reported_at < %(end)s
            GROUP BY station_id, community_id, {day_of("reported_at")},
                     GROUPING SETS ((), (category), (channel), (CASE WHEN arrived_at >= reported_at THEN {minutes} END))
        )
        {insert}
        SELECT station_id, community_id, 'd', day, 'incidents_reported', '', n FROM g WHERE g = 7
        UNION ALL SELECT station_id, community_id, 'd', day, 'incidents_reported', 'category:' || category, n
            FROM g WHERE g = 3
        UNION ALL SELECT station_id, community_id, 'd', day, 'fraud_incidents', '', n
            FROM g WHERE g = 3 AND category = 'fraud'
        UNION ALL SELECT station_id, community_id, 'd', day, 'incidents_reported', 'channel:' || channel, n
            FROM g WHERE g = 5
        UNION ALL SELECT station_id, community_id, 'd', day, 'median_response_minutes', CAST(minute AS TEXT), n
            FROM g WHERE g = 6 AND minute IS NOT NULL
    """
    registered = f"""
        {insert}
        SELECT station_id, community_id, 'd', day, m.metric, '', m.n FROM (
            SELECT station_id, community_id, {day_of("registered_at")} AS day, COUNT(*) AS cases,
                   COUNT(*) FILTER (WHERE offense_type IN {STREET}) AS street
            FROM cases_case WHERE kind = 'criminal' AND registered_at < %(end)s GROUP BY 1, 2, 3
        ) x CROSS JOIN LATERAL (VALUES ('criminal_cases_registered', x.cases), ('street_crime_cases', x.street))
            m(metric, n)
        WHERE m.n <> 0
    """
    solved = f"""
        WITH g AS (
            SELECT station_id, community_id, {day_of("solved_at")} AS day,
                   CASE WHEN solved_at >= registered_at THEN {day_of("registered_at")} END AS registered,
                   GROUPING(CASE WHEN solved_at >= registered_at THEN {day_of("registered_at")} END) AS g,
                   COUNT(*) AS n
            FROM cases_case WHERE kind = 'criminal' AND solved_at < %(end)s
            GROUP BY station_id, community_id, {day_of("solved_at")},
                     GROUPING SETS ((), (CASE WHEN solved_at >= registered_at THEN {day_of("registered_at")} END))
        )
        {insert}
        SELECT station_id, community_id, 'd', day, 'criminal_cases_solved', '', n FROM g WHERE g = 1
        UNION ALL SELECT station_id, community_id, 'd', day, 'current_clearance_rate',
            'registered:' || CAST(registered AS TEXT), n FROM g WHERE g = 0 AND registered IS NOT NULL
        UNION ALL SELECT station_id, community_id, 'd', day, 'median_days_to_solve',
            CAST(day - registered AS TEXT), SUM(n) FROM g WHERE g = 0 AND registered IS NOT NULL
            GROUP BY station_id, community_id, day, day - registered
    """
    disputes = f"""
        {insert}
        SELECT station_id, community_id, 'd', {day_of("registered_at")}, 'disputes_registered', '', COUNT(*)
        FROM mediation_dispute WHERE registered_at < %(end)s GROUP BY 1, 2, 4
    """

    def per_dispute(table: str, column: str, metric: str) -> str:
        return f"""
            {insert}
            SELECT d.station_id, d.community_id, 'd', {day_of("t." + column)}, '{metric}',
                   'dispute:' || CAST(t.dispute_id AS TEXT), COUNT(*)
            FROM {table} t JOIN mediation_dispute d ON d.id = t.dispute_id
            WHERE t.{column} < %(end)s GROUP BY 1, 2, 4, 6
        """

    follow_ups = f"""
        {insert}
        SELECT d.station_id, d.community_id, 'd', {day_of("f.done_at")}, 'follow_ups_done_on_time', '', COUNT(*)
        FROM mediation_followup f JOIN mediation_dispute d ON d.id = f.dispute_id
        WHERE f.status = 'done' AND f.done_at < %(end)s AND {day_of("f.done_at")} <= f.due_date GROUP BY 1, 2, 4
    """
    work_log = f"""
        {insert}
        SELECT station_id, community_id, 'd', day, m.metric, '', m.n FROM (
            SELECT station_id, community_id, {day_of("occurred_at")} AS day,
                   COUNT(*) FILTER (WHERE kind = 'visit') AS visits,
                   COUNT(*) FILTER (WHERE kind = 'inspection') AS inspections,
                   SUM(COALESCE(people_reached, 0)) FILTER (WHERE kind = 'publicity') AS reached,
                   COUNT(*) FILTER (WHERE kind = 'legal') AS legal,
                   COUNT(*) FILTER (WHERE kind = 'help') AS help,
                   COUNT(*) FILTER (WHERE kind = 'help' AND help_outcome = 'solved') AS help_solved,
                   SUM(COALESCE(installs, 0)) FILTER (WHERE kind = 'anti_fraud') AS installs
            FROM community_activity WHERE occurred_at < %(end)s GROUP BY 1, 2, 3
        ) x CROSS JOIN LATERAL (VALUES
            ('household_visits', x.visits), ('place_inspections', x.inspections), ('publicity_reach', x.reached),
            ('legal_consultations', x.legal), ('help_given', x.help), ('help_solved', x.help_solved),
            ('anti_fraud_installs', x.installs)
        ) m(metric, n)
        WHERE m.n <> 0
    """
    officer_days = f"""
        {insert}
        SELECT station_id, community_id, 'd', day, 'community_days_per_officer_week',
               'officer:' || CAST(officer_id AS TEXT), 1
        FROM (
            SELECT a.station_id, a.officer_id, {day_of("a.occurred_at")} AS day, MIN(a.community_id) AS community_id
            FROM community_activity a JOIN stations_staffprofile p ON p.user_id = a.officer_id
            WHERE a.occurred_at < %(end)s AND p.unit = 'community' AND p.kind IN ('police', 'auxiliary')
            GROUP BY 1, 2, 3
        ) x
    """
    hazards = f"""
        {insert}
        SELECT station_id, community_id, 'd', found_on, 'hazards_found', '', COUNT(*)
        FROM community_hazard WHERE found_on < %(end_day)s GROUP BY 1, 2, 4
        UNION ALL
        SELECT station_id, community_id, 'd', rectified_on, 'hazards_rectified', '', COUNT(*)
        FROM community_hazard WHERE rectified_on < %(end_day)s GROUP BY 1, 2, 4
    """
    patrols = f"""
        {insert}
        SELECT station_id, community_id, 'd', day, m.metric, '', m.n FROM (
            SELECT station_id, community_id, {day_of("started_at")} AS day,
                   SUM(police_count) AS police, SUM(volunteer_count) AS volunteers
            FROM community_patrol WHERE started_at < %(end)s GROUP BY 1, 2, 3
        ) x CROSS JOIN LATERAL (VALUES ('patrol_police_person_times', x.police),
                                       ('patrol_volunteer_person_times', x.volunteers)) m(metric, n)
        WHERE m.n <> 0
    """
    return [
        ("incidents (count, category, channel, fraud, response minutes)", incidents),
        ("cases by registration (criminal, street crime)", registered),
        ("cases by solving (solved, by registration day, days to solve)", solved),
        ("disputes registered", disputes),
        ("disputes mediated", per_dispute("mediation_mediationsession", "held_at", "disputes_mediated")),
        ("disputes resolved", per_dispute("mediation_agreement", "signed_at", "disputes_resolved")),
        ("follow-ups on time", follow_ups),
        ("work log (seven counts and sums)", work_log),
        ("officer-days", officer_days),
        ("hazards found and rectified", hazards),
        ("patrol person-times", patrols),
    ]


MONTHS = f"""
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT station_id, community_id, 'm', CAST(date_trunc('month', day) AS DATE), metric, subgroup, SUM(value)
    FROM {TABLE} WHERE frequency = 'd' GROUP BY 1, 2, 4, 5, 6
"""
STATION_MONTHS = f"""
    INSERT INTO {TABLE} ({COLUMNS})
    SELECT station_id, NULL, 's', day, metric, subgroup, SUM(value)
    FROM {TABLE} WHERE frequency = 'm' GROUP BY 1, 4, 5, 6
"""


def run_floor(until: date, *, settings: dict[str, str] | None = None) -> int:
    """The rows of the rollup, by plain SQL, for records up to the end of `until` (Asia/Shanghai).
    `settings`: the session settings the rebuild runs with (the same for both, to be fair)."""
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=ZoneInfo("Asia/Shanghai"))
    params = {"end": end, "end_day": until + timedelta(days=1)}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {TABLE} (station_id bigint, community_id bigint, frequency varchar(1), "
            f"day date, metric varchar(48), subgroup varchar(48), value bigint)"
        )
        for name, value in (settings or {}).items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
        for _what, sql in _statements():
            cursor.execute(sql, params)
        cursor.execute(MONTHS)
        cursor.execute(STATION_MONTHS)
        for name in settings or {}:
            cursor.execute(f"RESET {name}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def compare_with_rollup() -> tuple[int, int, list[tuple]]:
    """(rows of the floor not in the rollup, rows of the rollup not in the floor, a few examples)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {TABLE} EXCEPT ALL SELECT {COLUMNS} FROM stats_statrow")
        missing = cursor.fetchall()
        cursor.execute(f"SELECT {COLUMNS} FROM stats_statrow EXCEPT ALL SELECT {COLUMNS} FROM {TABLE}")
        extra = cursor.fetchall()
    return len(missing), len(extra), (missing[:3] + extra[:3])


def drop_floor() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
