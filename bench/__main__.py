"""`make bench`: the statistics benchmark on PostgreSQL.

Runs in a database of its own (<DATABASE_URL's name>_bench, created, migrated
and dropped here), so it never touches the data of the database named:

1. the organisation: 14 stations, 6 communities each, populations;
2. 1,000 incidents over two years: rebuild, then time the bureau dashboard
   API and a trivial authenticated API request (the framework's floor);
3. 1,000,000 incidents over two years (COPY): time the full rebuild (and its
   peak memory), the floor (bench/floor.py: plain GROUP BY over the raw
   table), an incremental run over one new day, the nightly trailing-window
   run, and the bureau dashboard API again;
4. a third year of history (500,000 incidents before the two years): the
   dashboard API once more, to see whether its cost grows with history;
5. print every figure and the ratios we hold ourselves to.

Cases (one for ten incidents) and disputes (one for twenty) are generated
with the incidents and join the floor; agreements, follow-ups and the
community work log are not generated (their rollup SQL is the same shape).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta

from wuling.env import env_database, env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

STATIONS = 14
COMMUNITIES_PER_STATION = 6
BIG = env_int("BENCH_INCIDENTS", 1_000_000, minimum=1)
SMALL = 1000
REQUESTS = 30


def say(message: str) -> None:
    print(message, flush=True)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> int:
    if "postgresql" not in env_database("DATABASE_URL", {"ENGINE": ""})["ENGINE"]:
        say("make bench needs DATABASE_URL=postgres://… (its database name gets a _bench twin that is dropped after).")
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    main_name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"].setdefault("TEST", {})
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{main_name}_bench"
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": f"{main_name}_bench"}
    creation = connection.creation
    say(f"creating and migrating database {main_name}_bench …")
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        return run()
    finally:
        creation.destroy_test_db(main_name, verbosity=0)


def organisation():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from stations.choices import Unit
    from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station
    from stations.roles import Role

    city = City.objects.create(name="基准市局", code="BENCH")
    bureau = Bureau.objects.create(name="基准分局", code="BENCH", city=city)
    layout = []
    year = timezone.localdate().year
    for s in range(STATIONS):
        station = Station.objects.create(bureau=bureau, name=f"基准{s + 1}派出所", code=f"BN{s + 1:02d}")
        communities = [
            Community.objects.create(station=station, name=f"基准{s + 1}-{c + 1}社区")
            for c in range(COMMUNITIES_PER_STATION)
        ]
        CommunityPopulation.objects.bulk_create(
            CommunityPopulation(community=c, year=y, population=8000 + 500 * i)
            for i, c in enumerate(communities)
            for y in range(year - 3, year + 1)
        )
        layout.append((station.pk, [c.pk for c in communities]))
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="bench_bureau")
    StaffProfile.objects.create(user=user, bureau=bureau, unit=Unit.BUREAU)
    user.groups.add(Group.objects.get(name=Role.BUREAU_SUPERVISOR))
    return layout, user


def settle() -> None:
    """What autovacuum does a little after bulk writes: dead rows gone, statistics current.
    Timing the dashboard or a 15-minute run in the middle of that work would measure the vacuum."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) stats_statrow")
        cursor.execute("VACUUM (ANALYZE) stats_fillstate")


def api_timing(user, url: str) -> tuple[float, int, int]:
    """Median seconds of REQUESTS authenticated GETs, the query count, the status."""
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _n in range(3):
        client.get(url)  # warm: sessions, permissions cache, imports
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    samples = []
    for _n in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), len(executed), response.status_code


def truncate_raw_and_rollups():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE cases_incident, cases_historicalincident, cases_case, mediation_dispute, "
            "stats_statrow, stats_fillstate CASCADE"
        )


def run() -> int:
    from django.db import connection
    from django.utils import timezone

    from bench.floor import drop_floor, run_floor
    from bench.generate import copy_cases, copy_disputes, copy_incidents
    from stats.models import StatRow
    from stats.rollup import run_rollup

    figures: dict[str, float] = {}
    today = timezone.localdate()
    first_day, last_day = today - timedelta(days=730), today - timedelta(days=1)
    layout, user = organisation()
    dashboard_url = "/api/v1/stats/summary/?scope=bureau&period=month"
    trivial_url = "/api/v1/stations/"

    # --- 1k ---------------------------------------------------------------------
    copy_incidents(count=SMALL, first_day=first_day, last_day=last_day, stations=layout, seed=1, prefix="S")
    # In proportion, here and at 1M: about one case for ten incidents, one dispute for twenty.
    span = {"first_day": first_day, "last_day": last_day, "stations": layout}
    copy_cases(count=SMALL // 10, seed=6, prefix="SC", **span)
    copy_disputes(count=SMALL // 20, seed=7, prefix="SD", **span)
    run_rollup(rebuild=True)
    settle()
    figures["dashboard_1k"], queries_1k, status = api_timing(user, dashboard_url)
    assert status == 200, status
    figures["trivial"], queries_trivial, status = api_timing(user, trivial_url)
    assert status == 200, status
    say(f"1k incidents: dashboard API {figures['dashboard_1k'] * 1000:.1f} ms ({queries_1k} queries)")
    say(f"trivial authenticated API request ({trivial_url}): {figures['trivial'] * 1000:.1f} ms")
    say(f"  ({queries_trivial} queries)")

    # --- 1M ---------------------------------------------------------------------
    truncate_raw_and_rollups()
    figures["generate"], _n = timed(
        lambda: copy_incidents(count=BIG, first_day=first_day, last_day=last_day, stations=layout, seed=2, prefix="B")
    )
    say(f"generated {BIG:,} incidents over {first_day} – {last_day} in {figures['generate']:.1f} s (COPY)")
    seconds, cases = timed(lambda: copy_cases(count=BIG // 10, seed=4, prefix="BC", **span))
    seconds2, disputes = timed(lambda: copy_disputes(count=BIG // 20, seed=5, prefix="BD", **span))
    say(f"generated {cases:,} cases and {disputes:,} disputes in {seconds + seconds2:.1f} s (COPY)")

    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["rebuild"], _report = timed(lambda: run_rollup(rebuild=True))
    _current, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = StatRow.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('stats_statrow')")
        rollup_bytes = cursor.fetchone()[0]
    say(f"full rebuild: {figures['rebuild']:.2f} s → {rows:,} rollup rows ({rollup_bytes / 2**20:.0f} MiB with index)")
    say(
        f"  peak memory of the rebuild: {peak_traced / 2**20:.1f} MiB allocated by Python (tracemalloc); "
        f"process peak RSS {rss_after / 1024:.0f} MiB (was {rss_before / 1024:.0f} MiB before)"
    )

    figures["floor"], floor_totals = timed(run_floor)
    say(f"floor (plain GROUP BY over the raw table, day and month, into unlogged tables): {figures['floor']:.2f} s")
    check = floor_totals["floor_incidents_total_day"]
    rolled = sum(
        StatRow.objects.filter(metric="incidents_reported", subgroup="", frequency="d").values_list("value", flat=True)
    )
    say(f"  cross-check: floor counts {check:,} incidents, the rollup {rolled:,}")
    for floor_table, metric in (
        ("floor_cases_registered_day", "criminal_cases_registered"),
        ("floor_cases_solved_day", "criminal_cases_solved"),
        ("floor_disputes_registered_day", "disputes_registered"),
    ):
        rolled = sum(StatRow.objects.filter(metric=metric, frequency="d").values_list("value", flat=True))
        say(f"  cross-check: floor counts {floor_totals[floor_table]:,} for {metric}, the rollup {rolled:,}")
    drop_floor()

    copy_incidents(count=BIG // 730, first_day=today, last_day=today, stations=layout, seed=3, prefix="N")
    copy_cases(count=BIG // 7300, first_day=today, last_day=today, stations=layout, seed=8, prefix="NC")
    # A 15-minute run meets a rollup table autovacuum has long since visited; just
    # after the rebuild's two million rows it would be racing that vacuum instead.
    settle()
    figures["incremental"], report = timed(lambda: run_rollup())
    say(
        f"incremental run over one new day ({BIG // 730:,} incidents): {figures['incremental'] * 1000:.0f} ms "
        f"(days refilled: {report.days('incidents_reported')})"
    )
    figures["window"], _report = timed(lambda: run_rollup(full_window=True))
    say(f"nightly trailing-window run (90 days, for changes made around the history): {figures['window']:.2f} s")

    settle()
    figures["dashboard_1m"], queries_1m, status = api_timing(user, dashboard_url)
    assert status == 200, status
    say(f"1M incidents: dashboard API {figures['dashboard_1m'] * 1000:.1f} ms ({queries_1m} queries)")
    year_url = "/api/v1/stats/summary/?scope=bureau&period=year"
    figures["dashboard_1m_year"], _q, _s = api_timing(user, year_url)
    say(f"  (this year instead of this month: {figures['dashboard_1m_year'] * 1000:.1f} ms)")

    # --- A third year of history ------------------------------------------------------
    # Whether the dashboard's cost grows with history: the same month, with a year of
    # records added before the first (and a rebuild that takes them in).
    older_first, older_last = first_day - timedelta(days=365), first_day - timedelta(days=1)
    older = {"first_day": older_first, "last_day": older_last, "stations": layout}
    copy_incidents(count=BIG // 2, seed=9, prefix="H", **older)
    copy_cases(count=BIG // 20, seed=10, prefix="HC", **older)
    copy_disputes(count=BIG // 40, seed=11, prefix="HD", **older)
    run_rollup(rebuild=True)
    settle()
    figures["dashboard_3y"], queries_3y, status = api_timing(user, dashboard_url)
    assert status == 200, status
    say(
        f"{BIG + BIG // 2:,} incidents over three years (a year of history added before the two): "
        f"dashboard API {figures['dashboard_3y'] * 1000:.1f} ms ({queries_3y} queries), "
        f"{figures['dashboard_3y'] / figures['dashboard_1m']:.3f} × the figure at two years"
    )

    ratios = [
        ("full rebuild ÷ floor", figures["rebuild"] / figures["floor"], 1.5),
        ("incremental one-day run ÷ full rebuild", figures["incremental"] / figures["rebuild"], 0.01),
        ("dashboard API at 1M ÷ at 1k", figures["dashboard_1m"] / figures["dashboard_1k"], 1.3),
        ("dashboard API ÷ trivial request", figures["dashboard_1m"] / figures["trivial"], 3.0),
    ]
    say("")
    say("ratio                                        value   target  ")
    failed = 0
    for name, value, target in ratios:
        ok = value <= target
        failed += not ok
        say(f"{name:<44} {value:7.3f}  ≤ {target:<5}  {'met' if ok else 'MISSED'}")
    same = queries_1k == queries_1m
    failed += not same
    say(f"{'dashboard query count at 1k and at 1M':<44} {queries_1k} / {queries_1m}  {'same' if same else 'DIFFERENT'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
