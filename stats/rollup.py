"""Filling the rollup table, incrementally and idempotently (Zulip's analytics, STYLE.md convention 5).

For each stored metric and station a `FillState` remembers the last day
filled. A run claims the fill states of its stations (a lease, so two
overlapping runs do not both work on one station), marks them STARTED with
the days it is about to refill, and then, a calendar month at a time and in
one transaction each, refills those days with one `INSERT … SELECT … GROUP
BY` per metric and brings the month rows along. At the end the states are
DONE. A run that finds a state still STARTED (the last one crashed) refills
those days again, so half-written buckets never survive.

What is refilled on a run:
- every day after `filled_until` up to today (new days, and today again);
- within the trailing window (STATS_TRAILING_DAYS) the days whose records
  changed since the last run, found in the records' history (edits move a
  record between days; deletions leave a "-" history row);
- with `full_window=True` (nightly) the whole trailing window, for changes
  made around the history (bulk updates);
- with `rebuild=True` everything from the first record on.

What keeps a 15-minute run cheap, whatever the number of metrics:
- the bookkeeping (claim, STARTED, DONE) is a few statements for all metrics;
- a metric with no record and no rollup row on the days is left alone;
- the metrics refilling the same days share one transaction, and their month
  rows are moved by the difference of those days (`stats.fill.move_months_by_difference`)
  instead of being re-summed from every day of the month.

Each chunk (a month of days for some metrics and stations, or a rebuild's
metric) logs START and DONE on the `stats.rollup` logger, DONE with the rows
it wrote and its milliseconds. The statements themselves are in stats/fill.py.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import Min, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from kit.dates import local_midnight
from stats.cache import bump_generation
from stats.choices import FillStatus, Frequency
from stats.conf import stats_setting
from stats.dialect import current_dialect
from stats.fill import (
    Written,
    fill_days,
    key_index_built_after_load,
    month_end,
    month_start,
    move_months_by_difference,
    rebuild_settings,
    resum_months,
    truncate_rollup,
)
from stats.lease import LeaseKeeper, lease_expiry
from stats.metrics import Metric, Source, stored_metrics
from stats.models import FillState, StatRow

logger = logging.getLogger(__name__)

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


# More separate corrected ranges than this in one month are refilled as one range, from the
# first to the last: one transaction re-summing the month instead of one per corrected day.
BRIDGE_AFTER_RANGES = 2


def bridged_within_months(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Ranges cut at month ends; a month with more than BRIDGE_AFTER_RANGES of them gets one range
    from its first to its last corrected day instead. A day of a month of scattered late edits
    (a day's corrections of incidents, late solves of cases registered all over the window) then
    costs one month's refill, not a transaction per day; the clean days in between come out the same."""
    by_month: dict[date, list[tuple[date, date]]] = {}
    for start, end in ranges:
        for chunk in month_chunks(start, end):
            by_month.setdefault(month_start(chunk[0]), []).append(chunk)
    result = []
    for month in sorted(by_month):
        pieces = by_month[month]
        if len(pieces) > BRIDGE_AFTER_RANGES:
            pieces = [(pieces[0][0], pieces[-1][1])]
        result.extend(pieces)
    return result


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
    try:
        return _run(
            station_ids=station_ids,
            since=since,
            until=until,
            rebuild=rebuild,
            full_window=full_window,
            metrics=metrics,
            on_chunk=on_chunk,
        )
    finally:
        # Every cached dashboard figure is stale now (stats.cache): even a failed run may have
        # committed some months.
        bump_generation()


def _run(*, station_ids, since, until, rebuild, full_window, metrics, on_chunk) -> RunReport:
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
        with transaction.atomic(), rebuild_settings(), key_index_built_after_load():
            if everything:
                truncate_rollup()
            _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk, empty=everything)
        return report
    _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk)
    return report


@dataclass
class _Plan:
    """What one run refills for one metric over the stations it claimed."""

    metric: Metric
    states: list[FillState]
    ranges: list[tuple[date, date]]
    # Month rows may be moved by the difference of a few refilled days (they
    # equal their days); after a crash or when asked to recompute, re-sum instead.
    trust_months: bool

    @property
    def station_ids(self) -> list[int]:
        return [s.station_id for s in self.states]


def _fill_all(report, station_ids, metrics, since, until, rebuild, full_window, on_chunk, empty=False) -> None:
    """Claim, plan, mark STARTED, refill, mark DONE: the bookkeeping of every metric in a
    handful of statements, so that a run with little to do costs little."""
    metrics = metrics or stored_metrics()
    token = uuid.uuid4().hex
    run_started_at = timezone.now()
    claimed = _claim([m.key for m in metrics], station_ids, token)
    try:
        # Renewed while the run works; a killed worker's lapses soon after (stats.lease).
        with LeaseKeeper(token, stats_setting("STATS_CLAIM_SECONDS")):
            plans = []
            changed: dict[tuple, list[date]] = {}
            for metric in metrics:
                states = claimed.get(metric.key, [])
                busy = sorted(set(station_ids) - {s.station_id for s in states})
                if busy:
                    report.skipped_busy[metric.key] = busy
                if states:
                    plans.append(
                        _plan(
                            metric,
                            states,
                            since=since,
                            until=until,
                            rebuild=rebuild,
                            full_window=full_window,
                            changed=changed,
                        )
                    )
            if not plans:
                return
            _mark_started(plans, until)
            if rebuild and since is None:
                _rebuild(plans, until, on_chunk, empty=empty)
                refilled = {plan.metric.key: plan.ranges for plan in plans}
            else:
                refilled = _refill(plans, on_chunk)
            FillState.objects.filter(claimed_by=token).update(
                status=FillStatus.DONE,
                filled_until=until,
                started_from=None,
                started_until=None,
                history_seen_at=run_started_at,
                updated_at=timezone.now(),
                claimed_by="",
                claimed_until=None,
            )
            report.refilled.update(refilled)
    finally:
        FillState.objects.filter(claimed_by=token).update(claimed_by="", claimed_until=None)


def _claim(statistics: list[str], station_ids: list[int], token: str) -> dict[str, list[FillState]]:
    """Claim the fill states of every statistic and station not claimed by another run:
    {statistic: the states claimed}, in three or four statements whatever their number."""
    existing = FillState.objects.filter(statistic__in=statistics, station_id__in=station_ids)
    if existing.count() < len(statistics) * len(station_ids):  # a new station or statistic
        FillState.objects.bulk_create(
            [
                FillState(statistic=statistic, station_id=sid, status=FillStatus.DONE)
                for statistic in statistics
                for sid in station_ids
            ],
            ignore_conflicts=True,
        )
    now = timezone.now()
    # One conditional UPDATE: of two runs racing for a row, the second finds
    # the lease taken when it re-reads the row, and claims nothing.
    FillState.objects.filter(statistic__in=statistics, station_id__in=station_ids).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ).update(claimed_by=token, claimed_until=lease_expiry(stats_setting("STATS_CLAIM_SECONDS")))
    claimed: dict[str, list[FillState]] = {}
    for state in FillState.objects.filter(claimed_by=token).order_by("station_id"):
        claimed.setdefault(state.statistic, []).append(state)
    return claimed


def _plan(metric: Metric, states: list[FillState], *, since, until, rebuild, full_window, changed: dict) -> _Plan:
    """`changed`: the changed days found so far in this run, by source and stations."""
    station_ids = [s.station_id for s in states]
    today = timezone.localdate()
    window_start = today - timedelta(days=stats_setting("STATS_TRAILING_DAYS") - 1)

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
            # Metrics of one source share the answer (the nine of the work log, say).
            asked = (metric.source, tuple(station_ids), changed_since, window_start)
            if asked not in changed:
                changed[asked] = _changed_days(metric.source, station_ids, changed_since, window_start)
            dirty = [d for d in changed[asked] if d < start]
            ranges = bridged_within_months(merge_days(dirty)) + ranges
    trust_months = not (rebuild or full_window or since is not None) and all(
        s.status == FillStatus.DONE for s in states
    )
    return _Plan(metric, states, ranges, trust_months)


def _mark_started(plans: list[_Plan], until: date) -> None:
    """Every claimed state STARTED with the days it is about to refill: one statement per
    first day refilled (usually one: the day after the last run)."""
    by_first_day: dict[date, list[int]] = {}
    for plan in plans:
        by_first_day.setdefault(plan.ranges[0][0], []).extend(s.pk for s in plan.states)
    now = timezone.now()
    for first_day, pks in by_first_day.items():
        FillState.objects.filter(pk__in=pks).update(
            status=FillStatus.STARTED, started_from=first_day, started_until=until, updated_at=now
        )


def _rebuild(plans: list[_Plan], until: date, on_chunk, *, empty: bool) -> None:
    """Everything in one statement per metric and dimension (one scan of the raw table each),
    then the month rows of all the metrics at once (one scan of the day rows, not one per metric).
    `empty`: the table was just emptied, so there is nothing to delete (and, with its index
    dropped for the load, deleting would scan it)."""
    dialect = current_dialect()
    by_stations: dict[tuple[int, ...], list[_Plan]] = {}
    for plan in plans:
        start = plan.ranges[0][0]
        with _logged_chunk([plan.metric], plan.station_ids, start, until, "rebuild days") as written:
            if not empty:
                StatRow.objects.filter(metric=plan.metric.key, station_id__in=plan.station_ids).delete()
            written.day_rows = fill_days(plan.metric, dialect, plan.station_ids, start, until, delete=False)
        if on_chunk is not None:
            on_chunk(plan.metric, start, until)
        by_stations.setdefault(tuple(plan.station_ids), []).append(plan)
    for station_ids, group in by_stations.items():
        first = month_start(min(plan.ranges[0][0] for plan in group))
        metrics = [plan.metric for plan in group]
        with _logged_chunk(metrics, list(station_ids), first, until, "rebuild months") as written:
            keys = [metric.key for metric in metrics]
            written.month_rows = resum_months(keys, dialect, list(station_ids), first, until, delete=not empty)


def _refill(plans: list[_Plan], on_chunk) -> dict[str, list[tuple[date, date]]]:
    """Refill the plans' days a month at a time, one transaction per month and set of
    stations, with every metric refilling the same days done together; returns the ranges
    refilled per metric (a range with no records and no rows to remove is left alone)."""
    dialect = current_dialect()
    changes = _Changes()
    refilled: dict[str, list[tuple[date, date]]] = {plan.metric.key: [] for plan in plans}
    # (stations, first day, last day, moving the month rows) -> the metrics refilling those days
    chunks: dict[tuple[tuple[int, ...], date, date, bool], list[Metric]] = {}
    for plan in plans:
        metric, station_ids = plan.metric, plan.station_ids
        for range_start, range_end in plan.ranges:
            if plan.trust_months and not changes.possible(metric, station_ids, range_start, range_end):
                continue
            refilled[metric.key].append((range_start, range_end))
            for chunk_start, chunk_end in month_chunks(range_start, range_end):
                moving = plan.trust_months and (chunk_end - chunk_start).days < SMALL_REFILL_DAYS
                chunks.setdefault((tuple(station_ids), chunk_start, chunk_end, moving), []).append(metric)
    for (station_ids, chunk_start, chunk_end, moving), metrics in sorted(chunks.items(), key=lambda c: c[0][1]):
        stations, keys = list(station_ids), [metric.key for metric in metrics]
        how = "move months" if moving else "resum months"
        with _logged_chunk(metrics, stations, chunk_start, chunk_end, how) as written, transaction.atomic():
            if moving:
                new_days = partial(_fill_days_of, metrics, dialect, stations, chunk_start, chunk_end, delete=False)
                moved = move_months_by_difference(keys, stations, chunk_start, chunk_end, new_days, dialect=dialect)
                written.add(moved)
            else:
                written.day_rows = _fill_days_of(metrics, dialect, stations, chunk_start, chunk_end)
                written.month_rows = resum_months(keys, dialect, stations, month_start(chunk_start), chunk_end)
        if on_chunk is not None:
            for metric in metrics:
                on_chunk(metric, chunk_start, chunk_end)
    return refilled


def _fill_days_of(metrics: list[Metric], dialect, station_ids, start: date, end: date, delete=True) -> int:
    return sum(fill_days(metric, dialect, station_ids, start, end, delete=delete) for metric in metrics)


@contextmanager
def _logged_chunk(metrics: list[Metric], station_ids: list[int], start: date, end: date, how: str) -> Iterator[Written]:
    """START and DONE lines around one chunk, with the rows it wrote and its milliseconds (as
    Zulip's analytics/lib/counts.py logs each fill): where a slow or stuck run spends its time."""
    few = len(station_ids) <= 5
    stations = f"stations {','.join(map(str, station_ids))}" if few else f"{len(station_ids)} stations"
    what = f"{','.join(m.key for m in metrics)} {start}..{end} {stations} ({how})"
    logger.info("START %s", what)
    began = time.monotonic()
    written = Written()
    yield written
    logger.info(
        "DONE %s: %d rows (%d day, %d month) in %dms",
        what,
        written.rows,
        written.day_rows,
        written.month_rows,
        (time.monotonic() - began) * 1000,
    )


class _Changes:
    """Whether refilling a range could change anything for a metric: its records on those days,
    or rollup rows of those days to remove. Asked once per range for the rollup rows of every
    metric and once per source table, not once per metric: most metrics see no record on most
    15-minute runs, and finding that out should cost next to nothing."""

    def __init__(self):
        self._rolled_up: dict[tuple, set[str]] = {}
        self._recorded: dict[tuple, bool] = {}

    def possible(self, metric: Metric, station_ids: list[int], start: date, end: date) -> bool:
        span = (tuple(station_ids), start, end)
        if span not in self._rolled_up:
            self._rolled_up[span] = set(
                StatRow.objects.filter(
                    frequency=Frequency.DAY, day__gte=start, day__lte=end, station_id__in=station_ids
                )
                .values_list("metric", flat=True)
                .distinct()
                .order_by()
            )
        if metric.key in self._rolled_up[span]:
            return True
        source = metric.source
        if (source, *span) not in self._recorded:
            if source.is_date:
                bounds = {f"{source.date_field}__gte": start, f"{source.date_field}__lte": end}
            else:
                bounds = {
                    f"{source.date_field}__gte": local_midnight(start),
                    f"{source.date_field}__lt": local_midnight(end + timedelta(days=1)),
                }
            records = apps.get_model(source.model)._base_manager.filter(
                **{f"{source.station_field}__in": station_ids}, **bounds
            )
            self._recorded[(source, *span)] = records.exists()
        return self._recorded[(source, *span)]


def _first_day(metric: Metric, station_ids: list[int]) -> date | None:
    source = metric.source
    model = apps.get_model(source.model)
    first = model._base_manager.filter(**{f"{source.station_field}__in": station_ids}).aggregate(
        first=Min(source.date_field)
    )["first"]
    if first is None:
        return None
    return first if source.is_date else timezone.localdate(first)


def _changed_days(source: Source, station_ids: list[int], since: datetime, window_start: date) -> list[date]:
    """Days (in the window) of every version of every record of `source` changed since `since`.

    Every version: a record moved from one day to another dirties both.
    """
    model = apps.get_model(source.model)
    history = getattr(model, "history", None)
    if history is None:
        return []
    historical = history.model
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
