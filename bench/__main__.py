"""`make bench`: the statistics benchmark on PostgreSQL, measured so a shared machine cannot fool it.

Runs in two databases of its own, <DATABASE_URL's name>_bench (BENCH_INCIDENTS incidents,
1,000,000 by default) and <name>_bench1k (1,000), created, migrated and dropped here, so it
never touches the data of the database named. Both hold the same organisation (14 stations of
different sizes, 6 communities each, community officers, patrol teams) and every source table
the metrics read, generated realistically in proportion (bench/generate.py).

Every ratio is measured in one run with its two sides interleaved (A, B, A, B …) and compared
by medians, so that a load spike on the shared machine hits both sides; the load average is
printed with the figures. The two databases stay connected side by side, so the 1k and the 1M
dashboard samples alternate too.

After the statistics, bench/lists.py (the incident list at 1M incidents: search, filters, deep
pages, CSV export, HTML ÷ API) and bench/load.py (gunicorn under locust, 1 and 50 clients);
`BENCH_PARTS=stats,lists,load` chooses.

1. the full rebuild against the floor (bench/floor.py: the same rows by the plainest SQL),
   alternately, after checking once that the floor and the rollup hold the same rows;
2. after each rebuild, an incremental run over one new day late in a month, with late edits
   (corrections, late solves) and their history rows in the trailing window;
3. the dashboard API (computed, not cached) at 1M and at 1k for a month, a quarter and a year;
   a range not aligned to months against an aligned month;
4. the dashboard API as a supervisor meets it (the payload cached until the next rollup run,
   stats.cache) against a trivial authenticated API request.
Then every target with its figure and whether it was met. Exit status 1 if one was missed.

BENCH_INCIDENTS (default 1,000,000) and BENCH_SAMPLES (rebuild pairs, default 3) scale it down
for a quick look.
"""

from __future__ import annotations

import copy
import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta

# Before anything of wuling is imported: wuling/celery.py would name wuling.settings instead.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from wuling.env import env_database, env_int

BIG = env_int("BENCH_INCIDENTS", 1_000_000, minimum=1)
SMALL = 1000
SAMPLES = env_int("BENCH_SAMPLES", 3, minimum=1)
REQUESTS = env_int("BENCH_REQUESTS", 15, minimum=3)


def say(message: str = "") -> None:
    print(message, flush=True)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> int:
    if "postgresql" not in env_database("DATABASE_URL", {"ENGINE": ""})["ENGINE"]:
        say("make bench needs DATABASE_URL=postgres://… (its database name gets _bench twins that are dropped after).")
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    main_name = settings.DATABASES["default"]["NAME"]
    big_name, small_name = f"{main_name}_bench", f"{main_name}_bench1k"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = big_name
    creation = connection.creation
    parts = os.environ.get("BENCH_PARTS", "stats,lists,load").split(",")
    status = 0
    if "stats" in parts:
        say(f"creating and migrating {big_name}, and {small_name} as its copy … ({load()})")
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        connection.close()
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {small_name}")
            cursor.execute(f"CREATE DATABASE {small_name} TEMPLATE {big_name}")
        small = connections.create_connection("default")
        small.settings_dict = copy.deepcopy(connection.settings_dict)
        small.settings_dict["NAME"] = small_name
        big = connections["default"]
        databases = Databases(connections, {"1M": big, "1k": small})
        try:
            status = run(databases)
        finally:
            small.close()
            databases.use("1M")
            connection.close()
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {small_name}")
            creation.destroy_test_db(main_name, verbosity=0)
    # The lists at 1M incidents and the load benchmark, each in a database of its own (bench/lists.py,
    # bench/load.py).
    from bench import lists
    from bench import load as load_bench

    for name, part in (("lists", lists), ("load", load_bench)):
        if name in parts:
            status = max(status, part.main())
    return status


class Databases:
    """Both data sets connected at once; `use(name)` makes one the default for the next requests."""

    def __init__(self, connections, wrappers):
        self.connections = connections
        self.wrappers = wrappers

    def use(self, name: str) -> None:
        self.connections["default"] = self.wrappers[name]


def bench_user(world):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from stations.choices import Unit
    from stations.models import StaffProfile
    from stations.roles import Role

    user = get_user_model().objects.create(username="bench_bureau")
    StaffProfile.objects.create(user=user, bureau_id=world.bureau_id, unit=Unit.BUREAU)
    user.groups.add(Group.objects.get(name=Role.BUREAU_SUPERVISOR))
    return user


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def settle_rollup() -> None:
    """What autovacuum does a little after bulk writes: timing a run or a dashboard in the middle
    of that work would measure the vacuum."""
    from bench.generate import settle

    settle(["stats_statrow", "stats_fillstate"])


def interleaved(sides: dict[str, callable], samples: int, before=None) -> dict[str, list[float]]:
    """Seconds of each side, taken alternately: A, B, A, B … (`before(name)` runs untimed first)."""
    times = {name: [] for name in sides}
    for _n in range(samples):
        for name, fn in sides.items():
            if before is not None:
                before(name)
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return times


def median(values) -> float:
    return statistics.median(values)


def spread(values) -> str:
    return f"median {median(values) * 1000:.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"


def late_day(today: date) -> date:
    """The day the incremental run fills: late in a month (the month rows are then moved by the
    difference of a day against a month of 28 days, the dearest case)."""
    return today.replace(day=1) - timedelta(days=3)


def run(databases: Databases) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from bench.floor import compare_with_rollup, drop_floor, run_floor
    from bench.generate import Scale, generate, late_edits, organisation, settle
    from stats.cache import GENERATION_KEY
    from stats.conf import stats_setting
    from stats.fill import REBUILD_SETTINGS
    from stats.models import StatRow
    from stats.rollup import run_rollup

    today = timezone.localdate()
    first_day, last_day = today - timedelta(days=730), today - timedelta(days=1)
    day = late_day(today)
    window_start = today - timedelta(days=stats_setting("STATS_TRAILING_DAYS") - 1)
    figures: dict[str, float] = {}
    users = {}

    # --- the two data sets ---------------------------------------------------------------
    for name, count, seed in (("1k", SMALL, 1), ("1M", BIG, 2)):
        databases.use(name)
        world = organisation()
        users[name] = bench_user(world)
        seconds, written = timed(
            lambda world=world, count=count, seed=seed: generate(
                world, scale=Scale(count), first_day=first_day, last_day=last_day, seed=seed, prefix="B"
            )
        )
        settle()
        say(f"{name}: generated in {seconds:.1f} s ({load()}): " + ", ".join(f"{v:,} {k}" for k, v in written.items()))
        if name == "1k":
            run_rollup(rebuild=True)
            settle_rollup()
    figures["generate"] = seconds
    databases.use("1M")

    # --- rebuild ÷ floor, and the incremental run after each rebuild ---------------------
    say()
    say(f"rebuild (records up to {day - timedelta(days=1)}) and floor, alternately, {SAMPLES} pairs …")
    found = ", ".join(f"{k}={v}" for k, v in REBUILD_SETTINGS.items())
    say(f"  both with {found} (PostgreSQL's other settings as found)")
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    warm, _report = timed(lambda: run_rollup(rebuild=True, until=day - timedelta(days=1)))
    _current, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = StatRow.objects.count()
    floor_rows = run_floor(day - timedelta(days=1), settings=REBUILD_SETTINGS)
    missing, extra, examples = compare_with_rollup()
    say(f"  first rebuild {warm:.2f} s (not counted): {rows:,} rollup rows; the floor {floor_rows:,} rows")
    say(
        f"  floor against rollup: {missing} rows of the floor not in the rollup, {extra} of the rollup not in the "
        f"floor{' — ' + repr(examples) if examples else ' (the same rows)'}"
    )
    say(
        f"  peak memory of the rebuild: {peak_traced / 2**20:.1f} MiB allocated by Python (tracemalloc); "
        f"process peak RSS {rss_after / 1024:.0f} MiB (was {rss_before / 1024:.0f} MiB)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('stats_statrow')")
        rollup_bytes = cursor.fetchone()[0]
    rebuilds, floors, incrementals, edits = [], [], [], {}
    for n in range(SAMPLES):
        seconds, _r = timed(lambda: run_rollup(rebuild=True, until=day - timedelta(days=1)))
        rebuilds.append(seconds)
        seconds, _rows = timed(lambda: run_floor(day - timedelta(days=1), settings=REBUILD_SETTINGS))
        floors.append(seconds)
        drop_floor()
        edits = late_edits(day=day, window_start=window_start, seed=100 + n, scale=Scale(BIG))
        settle(["stats_statrow", "stats_fillstate", "cases_historicalincident", "cases_historicalcase"])
        seconds, report = timed(lambda: run_rollup(until=day))
        incrementals.append(seconds)
        say(
            f"  pair {n + 1}: rebuild {rebuilds[-1]:.2f} s, floor {floors[-1]:.2f} s, incremental "
            f"{seconds * 1000:.0f} ms (refilled {report.days('incidents_reported')} incident days) ({load()})"
        )
    figures["rebuild"], figures["floor"] = median(rebuilds), median(floors)
    figures["incremental"] = median(incrementals)
    say(f"  rollup table {rollup_bytes / 2**20:.0f} MiB with its index; late edits per run: {edits}")

    seconds, _r = timed(lambda: run_rollup())
    say(f"catch-up run to today ({(today - day).days} days): {seconds:.2f} s")
    figures["window"], _r = timed(lambda: run_rollup(full_window=True))
    say(f"nightly trailing-window run (90 days): {figures['window']:.2f} s ({load()})")
    databases.use("1k")
    run_rollup()
    settle_rollup()
    databases.use("1M")
    settle_rollup()

    # --- dashboards: 1M against 1k, computed (no cache) ------------------------------------
    say()
    clients = {}
    for name in ("1k", "1M"):
        databases.use(name)
        clients[name] = signed_in(users[name])
    last_month = today.replace(day=1) - timedelta(days=1)
    month_first = last_month.replace(day=1)
    two_back = month_first - timedelta(days=1)
    base = "/api/v1/stats/summary/?scope=bureau"
    urls = {
        "month": f"{base}&period=month&date={month_first}",
        "quarter": f"{base}&period=quarter&date={month_first}",
        "year": f"{base}&period=year&date={month_first}",
        "range": f"{base}&period=range&from={two_back.replace(day=15)}&to={month_first.replace(day=14)}",
        "two years": f"{base}&period=range&from={today - timedelta(days=730)}&to={today - timedelta(days=1)}",
    }
    trivial_url = "/api/v1/stations/"
    queries = {}
    for name in ("1k", "1M"):
        databases.use(name)
        for url in urls.values():
            response = clients[name].get(url)  # warm: sessions, permissions, imports
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        queries[name] = _queries(clients[name], urls["month"])

    def uncached(name):
        databases.use(name)
        cache.delete(GENERATION_KEY)  # computed, as right after a rollup run

    for period in ("month", "quarter", "year"):
        url = urls[period]
        times = interleaved(
            {n: (lambda n=n, url=url: clients[n].get(url)) for n in ("1M", "1k")}, REQUESTS, before=uncached
        )
        figures[f"dash_1m_{period}"], figures[f"dash_1k_{period}"] = median(times["1M"]), median(times["1k"])
        say(f"dashboard API, {period}, computed: 1M {spread(times['1M'])}; 1k {spread(times['1k'])} ({load()})")
    times = interleaved(
        {p: (lambda p=p: clients["1M"].get(urls[p])) for p in ("range", "month", "two years")},
        REQUESTS,
        before=lambda _p: uncached("1M"),
    )
    figures["range"], figures["aligned"], figures["two_years"] = (
        median(times[p]) for p in ("range", "month", "two years")
    )
    say(
        f"dashboard API at 1M, computed: {two_back.replace(day=15)} – {month_first.replace(day=14)} "
        f"{spread(times['range'])}; {month_first:%B %Y} {spread(times['month'])}; "
        f"two years {spread(times['two years'])} ({load()})"
    )

    # --- the dashboard as a supervisor meets it: cached, against a trivial request ----------
    databases.use("1M")
    cache.delete(GENERATION_KEY)
    client = clients["1M"]
    client.get(urls["month"])  # the first request after a rollup run computes and stores
    times = interleaved(
        {"dashboard": lambda: client.get(urls["month"]), "trivial": lambda: client.get(trivial_url)}, REQUESTS * 2
    )
    figures["dash_cached"], figures["trivial"] = median(times["dashboard"]), median(times["trivial"])
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    say(
        f"dashboard API at 1M, cached ({backend}): {spread(times['dashboard'])}; trivial authenticated request "
        f"({trivial_url}) {spread(times['trivial'])} ({load()})"
    )

    # --- the targets -------------------------------------------------------------------------
    targets = [
        ("full rebuild ÷ floor", figures["rebuild"] / figures["floor"], 1.5, "our own bar: 1.2"),
        ("incremental one-day run ÷ full rebuild", figures["incremental"] / figures["rebuild"], 0.01, ""),
        *[
            (
                f"dashboard API at {BIG // 1000:,}k ÷ at 1k, {p}",
                figures[f"dash_1m_{p}"] / figures[f"dash_1k_{p}"],
                1.1,
                "computed, not cached",
            )
            for p in ("month", "quarter", "year")
        ],
        ("range not aligned to months ÷ aligned month", figures["range"] / figures["aligned"], 1.3, "computed"),
        ("dashboard API ÷ trivial request", figures["dash_cached"] / figures["trivial"], 1.5, "cached"),
        (
            "(for information) dashboard computed ÷ trivial",
            figures["dash_1m_month"] / figures["trivial"],
            None,
            "right after a rollup run",
        ),
    ]
    say()
    say(f"scale: {BIG:,} incidents against {SMALL:,}; {SAMPLES} rebuild pairs, {REQUESTS} request pairs; {load()}")
    say(f"{'target':<52} {'value':>8}   {'bar':<7} result")
    failed = 0
    for name, value, bar, note in targets:
        if bar is None:
            say(f"{name:<52} {value:8.3f}   {'':<7} {note}")
            continue
        ok = value <= bar
        failed += not ok
        say(f"{name:<52} {value:8.3f}   ≤ {bar:<5} {'met' if ok else 'MISSED'}{f'  ({note})' if note else ''}")
    same = queries["1k"] == queries["1M"]
    failed += not same
    counts = f"{queries['1k']} / {queries['1M']}"
    say(f"{'dashboard query count at 1k and at 1M':<52} {counts:>8}   same    {'met' if same else 'MISSED'}")
    same_rows = missing == 0 and extra == 0
    failed += not same_rows
    verdict = "met" if same_rows else "MISSED"
    say(f"{'rows where the floor and the rollup differ':<52} {missing + extra:8d}   = 0     {verdict}")
    return 1 if failed else 0


def _queries(client, url) -> int:
    from django.core.cache import cache
    from django.db import connection

    from stats.cache import GENERATION_KEY

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    cache.delete(GENERATION_KEY)
    with connection.execute_wrapper(count):
        client.get(url)
    return len(executed)


if __name__ == "__main__":
    sys.exit(main())
