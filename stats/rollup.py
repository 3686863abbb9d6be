"""Filling the rollup table, incrementally and idempotently (Zulip's analytics, STYLE.md convention 5).

For each stored metric and station a `FillState` remembers the last day
filled. A run claims the fill states of its stations (a lease, so two
overlapping runs do not both work on one station), marks them STARTED with
the days it is about to refill, and then, a calendar month at a time and in
one transaction each, deletes those days' rows and refills them with one
`INSERT … SELECT … GROUP BY` per metric and subgroup dimension, then
re-sums the month's row from its days. At the end the state is DONE. A run
that finds a state still STARTED (the last one crashed) refills those days
again, so half-written buckets never survive.

What is refilled on a run:
- every day after `filled_until` up to today (new days, and today again);
- within the trailing window (STATS_TRAILING_DAYS) the days whose records
  changed since the last run, found in the records' history (edits move a
  record between days; deletions leave a "-" history row);
- with `full_window=True` (nightly) the whole trailing window, for changes
  made around the history (bulk updates);
- with `rebuild=True` everything from the first record on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Min, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from stats.choices import FillStatus, Frequency
from stats.conf import stats_setting
from stats.dialect import current_dialect
from stats.metrics import Metric, stored_metrics
from stats.models import FillState, StatRow

# Refills shorter than this move the month rows by the difference of their
# days instead of re-summing the whole month (the 15-minute runs); longer ones
# (backfills, the nightly window) re-sum, which also repairs any drift.
SMALL_REFILL_DAYS = 7

# History rows can commit a little after the time they carry: look back this much further.
HISTORY_MARGIN = timedelta(minutes=10)


@dataclass
class RunReport:
    """What one run did, for logs, the command's output and tests."""

    refilled: dict[str, list[tuple[date, date]]] = field(default_factory=dict)
    skipped_busy: dict[str, list[int]] = field(default_factory=dict)

    def days(self, metric_key: str) -> int:
        return sum((end - start).days + 1 for start, end in self.refilled.get(metric_key, []))


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def month_chunks(start: date, end: date):
    """[start, end] cut at month boundaries."""
    cursor = start
    while cursor <= end:
        chunk_end = min(end, month_end(cursor))
        yield cursor, chunk_end
        cursor = chunk_end + timedelta(days=1)


def merge_days(days: list[date]) -> list[tuple[date, date]]:
    """Sorted days -> ranges of consecutive days."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def all_station_ids() -> list[int]:
    from stations.models import Station

    return list(Station.objects.order_by("pk").values_list("pk", flat=True))


def run_rollup(
    *,
    station_ids: list[int] | None = None,
    since: date | None = None,
    until: date | None = None,
    rebuild: bool = False,
    full_window: bool = False,
    metrics: list[Metric] | None = None,
    on_chunk: Callable[[Metric, date, date], None] | None = None,
) -> RunReport:
    """Bring the rollup rows of `station_ids` (all stations by default) up to date.

    Safe to run at any time, as often as wanted, and concurrently: each
    station's fill state is claimed by one run at a time; the others skip it.
    """
    everything = station_ids is None and metrics is None
    station_ids = sorted(station_ids if station_ids is not None else all_station_ids())
    today = timezone.localdate()
    until = min(until or today, today)
    report = RunReport()
    if not station_ids:
        return report
    if rebuild and since is None:
        # A full rebuild is one transaction: dashboards keep reading the old
        # rows until it commits, and a crash leaves the old rows and states.
        with transaction.atomic(), _index_rebuilt_after_load():
            if everything:
                _truncate_rollup()
            _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk, empty=everything)
        return report
    _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk)
    return report


def _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk, empty=False) -> None:
    for metric in metrics or stored_metrics():
        token = uuid.uuid4().hex
        states = _claim(metric.key, station_ids, token)
        busy = sorted(set(station_ids) - {s.station_id for s in states})
        if busy:
            report.skipped_busy[metric.key] = busy
        if not states:
            continue
        try:
            report.refilled[metric.key] = _fill_metric(
                metric,
                states,
                since=since,
                until=until,
                rebuild=rebuild,
                full_window=full_window,
                on_chunk=on_chunk,
                empty=empty,
            )
        finally:
            FillState.objects.filter(claimed_by=token).update(claimed_by="", claimed_until=None)


def _truncate_rollup() -> None:
    """Empty the whole rollup table at once (no dead rows left behind, unlike DELETE)."""
    table = StatRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")


@contextmanager
def _index_rebuilt_after_load():
    """On PostgreSQL, drop the rollup's index for a bulk load and build it once at the end:
    building an index over a million rows is several times cheaper than a million index inserts."""
    if connection.vendor != "postgresql":
        yield
        return
    index = StatRow._meta.indexes[0]
    with connection.schema_editor(atomic=False) as editor:
        editor.remove_index(StatRow, index)
    yield
    with connection.schema_editor(atomic=False) as editor:
        editor.add_index(StatRow, index)
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner guesses a handful of rows and sorts instead of hashing.
        cursor.execute(f"ANALYZE {StatRow._meta.db_table}")


def _claim(statistic: str, station_ids: list[int], token: str) -> list[FillState]:
    FillState.objects.bulk_create(
        [FillState(statistic=statistic, station_id=sid, status=FillStatus.DONE) for sid in station_ids],
        ignore_conflicts=True,
    )
    now = timezone.now()
    # One conditional UPDATE: of two runs racing for a row, the second finds
    # the lease taken when it re-reads the row, and claims nothing.
    FillState.objects.filter(statistic=statistic, station_id__in=station_ids).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ).update(claimed_by=token, claimed_until=now + timedelta(seconds=stats_setting("STATS_CLAIM_SECONDS")))
    return list(FillState.objects.filter(statistic=statistic, claimed_by=token).order_by("station_id"))


def _fill_metric(
    metric, states, *, since, until, rebuild, full_window, on_chunk, empty=False
) -> list[tuple[date, date]]:
    """`empty`: the table was just emptied, so there is nothing to delete (and,
    with its index dropped for the load, deleting would scan it)."""
    station_ids = [s.station_id for s in states]
    today = timezone.localdate()
    window_start = today - timedelta(days=stats_setting("STATS_TRAILING_DAYS") - 1)
    run_started_at = timezone.now()

    if rebuild:
        start = since or _first_day(metric, station_ids) or until
    elif since is not None:
        start = since
    else:
        unfilled = [s.filled_until for s in states]
        never_filled = any(day is None for day in unfilled)
        start = (_first_day(metric, station_ids) or until) if never_filled else min(unfilled) + timedelta(days=1)
        crashed = [s.started_from for s in states if s.status == FillStatus.STARTED and s.started_from]
        if crashed:
            start = min(start, *crashed)
        if full_window:
            start = min(start, window_start)
    start = min(start, until)

    ranges = [(start, until)]
    if not (rebuild or full_window or since is not None):
        seen = [s.history_seen_at for s in states]
        changed_since = None if any(v is None for v in seen) else min(seen) - HISTORY_MARGIN
        if changed_since is not None:
            dirty = [d for d in _changed_days(metric, station_ids, changed_since, window_start) if d < start]
            ranges = merge_days(dirty) + ranges

    # Moving month rows by differences trusts that they equal their days; after
    # a crash (half-written days) or when asked to recompute, re-sum instead.
    trust_months = not (rebuild or full_window or since is not None) and all(
        s.status == FillStatus.DONE for s in states
    )
    refill_from = ranges[0][0]
    FillState.objects.filter(pk__in=[s.pk for s in states]).update(
        status=FillStatus.STARTED, started_from=refill_from, started_until=until, updated_at=timezone.now()
    )
    dialect = current_dialect()
    if rebuild and since is None:
        # Everything in one statement per dimension (one scan of the raw
        # table each), rows of days before the first record included.
        with transaction.atomic():
            if not empty:
                StatRow.objects.filter(metric=metric.key, station_id__in=station_ids).delete()
            _refill_days(metric, dialect, station_ids, start, until, delete=False)
            _resum_months(metric, dialect, station_ids, month_start(start), until, delete=not empty)
        if on_chunk is not None:
            on_chunk(metric, start, until)
        ranges = []
    for range_start, range_end in ranges:
        for chunk_start, chunk_end in month_chunks(range_start, range_end):
            with transaction.atomic():
                if trust_months and (chunk_end - chunk_start).days < SMALL_REFILL_DAYS:
                    _refill_days_moving_month(metric, dialect, station_ids, chunk_start, chunk_end)
                else:
                    _refill_days(metric, dialect, station_ids, chunk_start, chunk_end)
                    _resum_months(metric, dialect, station_ids, month_start(chunk_start), chunk_end)
            if on_chunk is not None:
                on_chunk(metric, chunk_start, chunk_end)
    if rebuild and since is None:
        ranges = [(start, until)]
    FillState.objects.filter(pk__in=[s.pk for s in states]).update(
        status=FillStatus.DONE,
        filled_until=until,
        started_from=None,
        started_until=None,
        history_seen_at=run_started_at,
        updated_at=timezone.now(),
    )
    return ranges


def _first_day(metric: Metric, station_ids: list[int]) -> date | None:
    source = metric.source
    model = apps.get_model(source.model)
    first = model._base_manager.filter(**{f"{source.station_field}__in": station_ids}).aggregate(
        first=Min(source.date_field)
    )["first"]
    if first is None:
        return None
    return first if source.is_date else timezone.localdate(first)


def _changed_days(metric: Metric, station_ids: list[int], since: datetime, window_start: date) -> list[date]:
    """Days (in the window) of every version of every record changed since `since`.

    Every version: a record moved from one day to another dirties both.
    """
    model = apps.get_model(metric.source.model)
    history = getattr(model, "history", None)
    if history is None:
        return []
    historical = history.model
    source = metric.source
    field_name = source.date_field
    changed = historical.objects.filter(history_date__gte=since).values("id")
    versions = historical.objects.filter(
        id__in=Subquery(changed),
        **{f"{source.station_field}__in": station_ids},
        **{f"{field_name}__gte": window_start if source.is_date else local_midnight(window_start)},
    )
    if source.is_date:
        days = versions.values_list(field_name, flat=True).distinct()
    else:
        days = (
            versions.annotate(local_day=TruncDate(field_name, tzinfo=timezone.get_current_timezone()))
            .values_list("local_day", flat=True)
            .distinct()
        )
    return [d for d in days if d is not None]


def _refill_days(metric: Metric, dialect, station_ids: list[int], start: date, end: date, delete=True) -> None:
    if delete:
        StatRow.objects.filter(
            frequency=Frequency.DAY, day__gte=start, day__lte=end, station_id__in=station_ids, metric=metric.key
        ).delete()
    table = StatRow._meta.db_table
    params = {
        "start": connection.ops.adapt_datetimefield_value(local_midnight(start)),
        "end": connection.ops.adapt_datetimefield_value(local_midnight(end + timedelta(days=1))),
        "start_day": connection.ops.adapt_datefield_value(start),
        "end_day": connection.ops.adapt_datefield_value(end + timedelta(days=1)),
        "metric": metric.key,
        "frequency": Frequency.DAY.value,
    }
    stations = ", ".join(str(int(sid)) for sid in station_ids)
    with connection.cursor() as cursor:
        for subgroup in metric.dimensions.values():
            select = metric.sql(dialect, subgroup).replace("{stations}", stations)
            cursor.execute(
                f"INSERT INTO {table} (station_id, community_id, frequency, day, metric, subgroup, value) "
                f"SELECT src.station_id, src.community_id, %(frequency)s, src.day, %(metric)s, src.subgroup, src.value "
                # Rows of a day kept together on disk: a month's re-sum and a
                # dashboard's edge days then read a few pages, not thousands.
                f"FROM ({select}) src ORDER BY src.day",
                params,
            )


def _refill_days_moving_month(metric: Metric, dialect, station_ids: list[int], start: date, end: date) -> None:
    """Refill a few days of one month, and move the month's rows by what those days changed:
    month rows + (new days − old days), summed per key. Reads the month's rows and the
    refilled days only, not every day of the month."""
    month = month_start(start)
    table = StatRow._meta.db_table
    stations = ", ".join(str(int(sid)) for sid in station_ids)
    adapt = connection.ops.adapt_datefield_value
    columns = "station_id, community_id, frequency, day, metric, subgroup, value"
    scope = f"metric = %s AND station_id IN ({stations})"
    days = [adapt(start), adapt(end)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET frequency = %s WHERE frequency = %s AND day = %s AND {scope}",
            [Frequency.SCRATCH.value, Frequency.MONTH.value, adapt(month), metric.key],
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT station_id, community_id, %s, %s, metric, subgroup, -value "
            f"FROM {table} WHERE frequency = %s AND day >= %s AND day <= %s AND {scope}",
            [Frequency.SCRATCH.value, adapt(month), Frequency.DAY.value, *days, metric.key],
        )
        _refill_days(metric, dialect, station_ids, start, end)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT station_id, community_id, %s, %s, metric, subgroup, value "
            f"FROM {table} WHERE frequency = %s AND day >= %s AND day <= %s AND {scope}",
            [Frequency.SCRATCH.value, adapt(month), Frequency.DAY.value, *days, metric.key],
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT station_id, community_id, %s, day, metric, subgroup, SUM(value) "
            f"FROM {table} WHERE frequency = %s AND day = %s AND {scope} "
            f"GROUP BY station_id, community_id, day, metric, subgroup HAVING SUM(value) <> 0",
            [Frequency.MONTH.value, Frequency.SCRATCH.value, adapt(month), metric.key],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE frequency IN (%s, %s) AND day = %s AND {scope}",
            [Frequency.SCRATCH.value, Frequency.STATION_MONTH.value, adapt(month), metric.key],
        )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT station_id, NULL, %s, day, metric, subgroup, SUM(value) "
            f"FROM {table} WHERE frequency = %s AND day = %s AND {scope} GROUP BY station_id, day, metric, subgroup",
            [Frequency.STATION_MONTH.value, Frequency.MONTH.value, adapt(month), metric.key],
        )


def _resum_months(metric: Metric, dialect, station_ids: list[int], first: date, last: date, delete=True) -> None:
    """Month rows = sums of their day rows, for every month from `first` to the month of `last`;
    then the whole stations' month rows = sums of their communities' month rows."""
    last = month_end(last)
    if delete:
        StatRow.objects.filter(
            frequency__in=[Frequency.MONTH, Frequency.STATION_MONTH],
            day__gte=first,
            day__lte=last,
            station_id__in=station_ids,
            metric=metric.key,
        ).delete()
    table = StatRow._meta.db_table
    stations = ", ".join(str(int(sid)) for sid in station_ids)
    month = dialect.month_start("day")
    where = f"metric = %s AND day >= %s AND day <= %s AND station_id IN ({stations})"
    bounds = [metric.key, connection.ops.adapt_datefield_value(first), connection.ops.adapt_datefield_value(last)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (station_id, community_id, frequency, day, metric, subgroup, value) "
            f"SELECT station_id, community_id, %s, {month}, metric, subgroup, SUM(value) FROM {table} "
            f"WHERE frequency = %s AND {where} GROUP BY station_id, community_id, {month}, metric, subgroup "
            f"ORDER BY 4",
            [Frequency.MONTH.value, Frequency.DAY.value, *bounds],
        )
        cursor.execute(
            f"INSERT INTO {table} (station_id, community_id, frequency, day, metric, subgroup, value) "
            f"SELECT station_id, NULL, %s, day, metric, subgroup, SUM(value) FROM {table} "
            f"WHERE frequency = %s AND {where} GROUP BY station_id, day, metric, subgroup ORDER BY day",
            [Frequency.STATION_MONTH.value, Frequency.MONTH.value, *bounds],
        )
