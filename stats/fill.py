"""The statements that write rollup rows: a metric's day rows, month rows re-summed from their
days, month rows moved by the difference of a few refilled days. stats/rollup.py decides what
to refill and when; this module only writes, and says how many rows it wrote.

Every statement is composed with stats.dialect's helpers (`table_of`, `literals`, `id_list`);
whatever varies per call is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.transaction import TransactionManagementError

from kit.dates import local_midnight
from stats.choices import Frequency
from stats.dialect import Dialect, id_list, literals, table_of
from stats.metrics import Metric
from stats.models import StatRow


@dataclass
class Written:
    """Rows a step wrote (inserted or changed), for the rollup's log lines."""

    day_rows: int = 0
    month_rows: int = 0

    @property
    def rows(self) -> int:
        return self.day_rows + self.month_rows

    def add(self, other: Written) -> None:
        self.day_rows += other.day_rows
        self.month_rows += other.month_rows


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _adapt(day: date):
    return connection.ops.adapt_datefield_value(day)


def _scope(metric_keys: list[str], station_ids: list[int]) -> str:
    return f"metric IN ({literals(metric_keys)}) AND station_id IN ({id_list(station_ids)})"


COLUMNS = "station_id, community_id, frequency, day, metric, subgroup, value"


def fill_days(metric: Metric, dialect: Dialect, station_ids: list[int], start: date, end: date, delete=True) -> int:
    """Write the day rows of `metric` for [start, end] from the raw records (after deleting the
    old ones unless `delete=False`): one `INSERT … SELECT` with every dimension. Returns the rows."""
    if delete:
        StatRow.objects.filter(
            frequency=Frequency.DAY, day__gte=start, day__lte=end, station_id__in=station_ids, metric=metric.key
        ).delete()
    params = {
        "start": connection.ops.adapt_datetimefield_value(local_midnight(start)),
        "end": connection.ops.adapt_datetimefield_value(local_midnight(end + timedelta(days=1))),
        "start_day": _adapt(start),
        "end_day": _adapt(end + timedelta(days=1)),
        "metric": metric.key,
        "frequency": Frequency.DAY.value,
    }
    # Every dimension (the total, by category, by channel) in one statement.
    selects = " UNION ALL ".join(
        metric.sql(dialect, subgroup).replace("{stations}", id_list(station_ids))
        for subgroup in metric.dimensions.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table_of(StatRow)} ({COLUMNS}) "
            f"SELECT src.station_id, src.community_id, %(frequency)s, src.day, %(metric)s, src.subgroup, src.value "
            # Rows of a day kept together on disk: a month's re-sum and a
            # dashboard's edge days then read a few pages, not thousands.
            f"FROM ({selects}) src ORDER BY src.day",
            params,
        )
        return max(cursor.rowcount, 0)


def resum_months(
    metric_keys: list[str], dialect: Dialect, station_ids: list[int], first: date, last: date, delete=True
) -> int:
    """Month rows = sums of their day rows, for every month from `first` to the month of `last`;
    then the whole stations' month rows = sums of their communities' month rows. One statement
    each for all of `metric_keys`. Returns the month rows written."""
    last = month_end(last)
    if delete:
        StatRow.objects.filter(
            frequency__in=[Frequency.MONTH, Frequency.STATION_MONTH],
            day__gte=first,
            day__lte=last,
            station_id__in=station_ids,
            metric__in=metric_keys,
        ).delete()
    table = table_of(StatRow)
    month = dialect.month_start("day")
    where = f"{_scope(metric_keys, station_ids)} AND day >= %(first)s AND day <= %(last)s"
    params = {
        "first": _adapt(first),
        "last": _adapt(last),
        "day": Frequency.DAY.value,
        "month": Frequency.MONTH.value,
        "station_month": Frequency.STATION_MONTH.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) "
            f"SELECT station_id, community_id, %(month)s, {month}, metric, subgroup, SUM(value) FROM {table} "
            f"WHERE frequency = %(day)s AND {where} GROUP BY station_id, community_id, {month}, metric, subgroup "
            f"ORDER BY 4",
            params,
        )
        written = max(cursor.rowcount, 0)
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) "
            f"SELECT station_id, NULL, %(station_month)s, day, metric, subgroup, SUM(value) FROM {table} "
            f"WHERE frequency = %(month)s AND {where} GROUP BY station_id, day, metric, subgroup ORDER BY day",
            params,
        )
        return written + max(cursor.rowcount, 0)


def move_months_by_difference(
    metric_keys: list[str],
    station_ids: list[int],
    start: date,
    end: date,
    write_new_days: Callable[[], int],
    *,
    dialect: Dialect,
) -> Written:
    """Replace the day rows of [start, end] (days of one month) by those `write_new_days()` writes,
    and move the month rows by exactly what that changed, without re-summing the month.

    1. The old day rows of `metric_keys` and `station_ids` on those days become SCRATCH rows
       with their sign turned (in place of deleting them).
    2. `write_new_days()` inserts the new day rows and returns how many.
    3. The change of each key (station, community, metric, subgroup) is the sum of its scratch
       and new day rows. At both month levels (per community, and per whole station with
       community empty) the rows of keys whose change is not zero are moved by it; a key
       without a month row gets one.
    4. The scratch rows go, and so do month rows that fell to zero.

    A 15-minute run thus touches the month rows of the keys its new records changed, not the
    month's histograms, in the same handful of statements for all its metrics. Between steps
    the month rows are half moved: only call this inside a transaction.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("Moving month rows must run inside a transaction.")
    if month_start(start) != month_start(end):
        raise ValueError(f"{start}..{end} spans two months: move each month by itself.")
    table = table_of(StatRow)
    scope = _scope(metric_keys, station_ids)
    params = {
        "day": Frequency.DAY.value,
        "scratch": Frequency.SCRATCH.value,
        "month": Frequency.MONTH.value,
        "station_month": Frequency.STATION_MONTH.value,
        "start": _adapt(start),
        "end": _adapt(end),
        "first": _adapt(month_start(start)),
    }
    days = f"day >= %(start)s AND day <= %(end)s AND {scope}"
    written = Written()
    with connection.cursor() as cursor:
        # The old days become the negative part of the change, in place of deleting them.
        cursor.execute(
            f"UPDATE {table} SET frequency = %(scratch)s, value = -value WHERE frequency = %(day)s AND {days}",
            params,
        )
        written.day_rows = write_new_days()
        # Old (negative) and new day rows: their sum per key is the change.
        both = (
            f"SELECT station_id, community_id, metric, subgroup, value FROM {table} "
            f"WHERE frequency IN (%(scratch)s, %(day)s) AND {days}"
        )
        same_key = (
            f"c.station_id = {table}.station_id AND c.metric = {table}.metric "
            f"AND c.subgroup = {table}.subgroup AND c.community = COALESCE({table}.community_id, 0)"
        )
        levels = (  # (frequency, the community of a key, what the change is grouped by)
            ("month", "COALESCE(community_id, 0)", "station_id, COALESCE(community_id, 0), "),
            ("station_month", "0", "station_id, "),  # the whole station
        )
        with dialect.hash_joins(cursor):
            for level, community, grouped in levels:
                changes = (
                    f"SELECT station_id, {community} AS community, metric, subgroup, SUM(value) AS value "
                    f"FROM ({both}) b GROUP BY {grouped}metric, subgroup HAVING SUM(value) <> 0"
                )
                cursor.execute(
                    f"UPDATE {table} SET value = {table}.value + c.value FROM ({changes}) c "
                    f"WHERE {table}.frequency = %({level})s AND {table}.day = %(first)s AND {same_key}",
                    params,
                )
                written.month_rows += max(cursor.rowcount, 0)
                cursor.execute(
                    f"INSERT INTO {table} ({COLUMNS}) SELECT c.station_id, NULLIF(c.community, 0), %({level})s, "
                    f"%(first)s, c.metric, c.subgroup, c.value FROM ({changes}) c WHERE NOT EXISTS (SELECT 1 "
                    f"FROM {table} WHERE {table}.frequency = %({level})s AND {table}.day = %(first)s AND {same_key})",
                    params,
                )
                written.month_rows += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {table} WHERE frequency = %(scratch)s AND {days}", params)
        cursor.execute(
            f"DELETE FROM {table} WHERE frequency IN (%(month)s, %(station_month)s) AND day = %(first)s "
            f"AND value = 0 AND {scope}",
            params,
        )
    return written


def truncate_rollup() -> None:
    """Empty the whole rollup table at once (no dead rows left behind, unlike DELETE)."""
    table = table_of(StatRow)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")


# What a full rebuild may use on PostgreSQL, for its one transaction only (SET LOCAL): memory
# enough to aggregate and sort a million rows without spilling to disk, and to build the key
# index in one pass. The floor of the benchmark runs with the same (bench/floor.py).
REBUILD_SETTINGS = {"work_mem": "256MB", "maintenance_work_mem": "512MB"}


@contextmanager
def rebuild_settings():
    """REBUILD_SETTINGS for the rest of the current transaction (PostgreSQL; nothing on SQLite)."""
    if connection.vendor == "postgresql":
        if not connection.in_atomic_block:
            raise TransactionManagementError("Rebuild settings are set for a transaction: run inside one.")
        with connection.cursor() as cursor:
            for name, value in REBUILD_SETTINGS.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield


@contextmanager
def key_index_built_after_load():
    """On PostgreSQL, drop the rollup's unique key (and so its index) for a bulk load and add it
    once at the end: building an index over a million rows is several times cheaper than a
    million index inserts. A load that wrote a key twice then fails when the key comes back."""
    if connection.vendor != "postgresql":
        yield
        return
    key = StatRow.key_constraint()
    with connection.schema_editor(atomic=False) as editor:
        editor.remove_constraint(StatRow, key)
    yield
    with connection.schema_editor(atomic=False) as editor:
        editor.add_constraint(StatRow, key)
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner guesses a handful of rows and sorts instead of hashing.
        cursor.execute(f"ANALYZE {table_of(StatRow)}")
