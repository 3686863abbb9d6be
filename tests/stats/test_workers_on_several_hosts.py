"""Celery workers on several hosts share one rollup run: the beat entry queues one task per station,
each station's fill states are claimed by one run at a time, and a claim lapses when its worker dies.

Two real worker processes with node names of different hosts, one Redis broker, one PostgreSQL
database. To catch both in the middle of a station, the test holds a lock on the rollup table:
each worker claims a station, marks it STARTED, begins refilling it, and waits on the lock.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from stats.choices import FillStatus, Frequency
from stats.metrics import stored_metrics
from stats.models import FillState, StatRow
from stats.rollup import run_rollup
from stats.tasks import rollup_all, rollup_station
from tests.factories import StationFactory
from tests.stats.factories import local, make_case, make_incident
from tests.stats.independent import expected_day_rows, rollup_rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

STATIONS = 6
# Short claims, so that a dead worker's lapse within the test (a deployment keeps at least 60 s).
CLAIM_SECONDS = 10
TASK = "stats.tasks.rollup_station"


@pytest.fixture
def city_of_stations(db):
    if connection.vendor != "postgresql":
        pytest.skip("the workers are caught mid-station by a PostgreSQL table lock (CI runs on PostgreSQL)")
    today = timezone.localdate()
    stations = [StationFactory(name=f"第{n}派出所", code=f"W{n:02d}") for n in range(STATIONS)]
    for n, station in enumerate(stations):
        for back in range(0, 40, 3):
            day = today - timedelta(days=back)
            for hour in range(8, 9 + (n + back) % 3):
                make_incident(station=station, reported_at=local(day, hour), response_minutes=hour - 4)
        make_case(station=station, registered_at=local(today - timedelta(days=n + 1), 10))
    return stations


def _all_rows() -> Counter:
    """Every rollup row, day and month, keyed by everything but its id."""
    fields = ("station_id", "community_id", "frequency", "day", "metric", "subgroup", "value")
    rows = Counter(StatRow.objects.values_list(*fields))
    assert all(count == 1 for count in rows.values()), "a rollup row written twice"
    return rows


def _single_run_rows() -> Counter:
    """The rows one run in one process writes, from scratch, over the same records."""
    report = run_rollup(rebuild=True)
    assert report.skipped_busy == {}, "a worker was still at work"
    return _all_rows()


def _states_total() -> int:
    return STATIONS * len(stored_metrics())


def _wait(condition, what: str, workers, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {w.nodename}\n{w.log()[-2000:]}" for w in workers)
            pytest.fail(f"{what} did not happen within {timeout}s:\n{logs}")
        time.sleep(0.2)


def _all_filled() -> bool:
    return FillState.objects.filter(status=FillStatus.DONE, filled_until__isnull=False, claimed_by="").count() == (
        _states_total()
    )


@contextmanager
def _rollup_table_locked():
    """Writers of the rollup table wait until the block ends (readers do not)."""
    params = connection.get_connection_params()
    server = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(**server, dbname=connection.settings_dict["NAME"]) as locker:
        locker.execute(f"LOCK TABLE {StatRow._meta.db_table} IN EXCLUSIVE MODE")
        try:
            yield locker
        finally:
            locker.rollback()


def _runs_waiting_on_the_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND wait_event = 'relation'"
        )
        return cursor.fetchone()[0]


def _stations_started() -> set[int]:
    return set(FillState.objects.filter(status=FillStatus.STARTED).values_list("station_id", flat=True))


def test_two_workers_on_two_hosts_share_one_run_and_write_the_rows_of_a_single_run(city_of_stations, celery_workers):
    a, b = celery_workers(["a@wuling-host-a", "b@wuling-host-b"], WULING_TEST_STATS_CLAIM_SECONDS=str(CLAIM_SECONDS))
    with _rollup_table_locked():
        assert rollup_all.delay().get(timeout=60) == STATIONS
        # Both are in the middle of a station of their own: the run is shared, not one worker's.
        _wait(lambda: _runs_waiting_on_the_lock() == 2, "both workers waiting mid-station", [a, b])
        assert len(_stations_started()) == 2
        assert FillState.objects.exclude(claimed_by="").values("claimed_by").distinct().count() == 2
    _wait(_all_filled, "the whole run", [a, b])
    _wait(lambda: a.tasks_done(TASK) + b.tasks_done(TASK) == STATIONS, "every station's task", [a, b])

    assert a.tasks_done(TASK) >= 1 and b.tasks_done(TASK) >= 1
    assert rollup_rows(Frequency.DAY) == expected_day_rows()
    shared = _all_rows()
    assert shared == _single_run_rows()


def test_a_worker_killed_mid_station_leaves_it_to_the_other_once_its_claim_lapses(city_of_stations, celery_workers):
    a, b = celery_workers(["a@wuling-host-a", "b@wuling-host-b"], WULING_TEST_STATS_CLAIM_SECONDS=str(CLAIM_SECONDS))
    with _rollup_table_locked():
        rollup_all.delay().get(timeout=60)
        _wait(lambda: _runs_waiting_on_the_lock() == 2, "both workers waiting mid-station", [a, b])
        a.kill()  # mid-station: claimed, STARTED, its refill transaction open
    # The survivor finishes its station and every other one queued, but not the dead one's.
    one_station = len(stored_metrics())
    survivors_share = lambda: FillState.objects.filter(status=FillStatus.DONE, claimed_by="").count()  # noqa: E731
    _wait(lambda: survivors_share() == _states_total() - one_station, "the survivor's share", [b])
    _wait(lambda: b.tasks_done(TASK) == STATIONS - 1, "the survivor's last task", [b])
    (orphan,) = _stations_started()
    assert set(FillState.objects.filter(station_id=orphan).values_list("claimed_by", flat=True)) != {""}

    # While the dead run's claim holds (it renewed it until it died), a new run leaves the station
    # alone (unless the survivor was slower than the claim: tests/stats/test_rollup.py has that case)...
    claimed_until = FillState.objects.filter(station_id=orphan).values_list("claimed_until", flat=True)[0]
    done = STATIONS - 1
    if timezone.now() < claimed_until - timedelta(seconds=2):
        done += 1
        answer = rollup_station.delay(orphan).get(timeout=60)
        assert answer["busy"] == sorted(m.key for m in stored_metrics())
        assert _stations_started() == {orphan}

    # ...and once it lapses, the next run (beat's, every few minutes) takes it over and refills it.
    time.sleep(max((claimed_until - timezone.now()).total_seconds(), 0) + 0.5)
    rollup_all.delay().get(timeout=60)
    _wait(_all_filled, "the orphaned station's refill", [b])
    _wait(lambda: b.tasks_done(TASK) == done + STATIONS, "the rest of the run", [b])

    assert rollup_rows(Frequency.DAY) == expected_day_rows()
    assert _all_rows() == _single_run_rows()
    assert b.process.poll() is None  # the survivor is still running
