"""`make bench-city`: the statistics, dashboards and incident lists at the size of a whole city.

A city of 10 sub-bureaus and 150 stations (6 communities each) is migrated
once and cloned (CREATE DATABASE … TEMPLATE) into databases of its own, all
named <DATABASE_URL's name>_<side>, created here and dropped at the end:

- small: 1,000 incidents over two years (the "at 1k" side of the dashboards);
- mid:   1,000,000 incidents over two years (the like-for-like 1M figures);
- big:   10,000,000 incidents over two years (the city);
- mid3:  a copy of mid with a third year of history before the two (500,000
  more incidents): whether list, search and refill costs grow with history,
  which decides time partitioning (docs/scale.md).

Cases (one for ten incidents) and disputes (one for twenty) are generated
with the incidents by COPY (bench/generate.py), as `make bench` does.

Every ratio is measured with its two sides alternated in one run (A, B, A,
B, …) and reported as medians, with the load average beside it: the machine
is shared. `--scale 0.01` makes every side but the 1k one a hundredth (for
developing); the dashboards' 1k side stays 1k.

Printed: full rebuild ÷ the floor (bench/floor.py, as on main), cost per
incident at 10M ÷ at 1M (rebuild, floor), the incremental one-day run ÷
the rebuild, the city/bureau/station dashboards at 10M ÷ at 1k, the incident
list and search at 10M ÷ at 1M, peak memory (process peak RSS, PostgreSQL
backend peak RSS and temp files), disk, and the history comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import timedelta

# Before anything of wuling's is imported: its package sets the app's own settings by default.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from wuling.env import env_database

BUREAUS = 10
STATIONS_PER_BUREAU = 15
COMMUNITIES_PER_STATION = 6
CITY_INCIDENTS = 10_000_000
LIKE_FOR_LIKE = 1_000_000
SMALL = 1000
# Seconds of requests per side and round, after which a slow side stops sampling for that round.
BUDGET = 20.0


STARTED = time.perf_counter()


def say(message: str = "") -> None:
    print(message, flush=True)


def progress(message: str) -> None:
    """A line while it runs, with the minutes since the start (the figures come at the end)."""
    print(f"[{(time.perf_counter() - STARTED) / 60:5.1f} min] {message}", flush=True)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- Databases ------------------------------------------------------------------------


class Databases:
    """The sides of the comparison, each a database; `use(side)` points Django's connection at one."""

    def __init__(self, base: str):
        self.base = base
        self.names: dict[str, str] = {}
        self.current: str | None = None

    def name(self, side: str) -> str:
        return f"{self.base}_{side}"

    def admin(self, sql: str) -> None:
        import psycopg
        from django.db import connection

        params = connection.settings_dict
        with psycopg.connect(
            host=params["HOST"] or None,
            port=params["PORT"] or None,
            user=params["USER"],
            password=params["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def use(self, side: str) -> None:
        from django.db import connection

        if self.current == side:
            return
        connection.close()
        connection.settings_dict["NAME"] = self.names[side]
        self.current = side

    def clone(self, template: str, side: str) -> None:
        from django.db import connection

        connection.close()
        self.current = None
        self.admin(f'DROP DATABASE IF EXISTS "{self.name(side)}"')
        self.admin(f'CREATE DATABASE "{self.name(side)}" TEMPLATE "{self.names[template]}"')
        self.names[side] = self.name(side)

    def drop_all(self) -> None:
        from django.db import connection

        connection.close()
        self.current = None
        for name in self.names.values():
            self.admin(f'DROP DATABASE IF EXISTS "{name}"')
        self.names.clear()


# --- The organisation -----------------------------------------------------------------


def organisation():
    """10 sub-bureaus of 15 stations; a city supervisor, a bureau supervisor, a station officer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from stations.choices import Unit
    from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station
    from stations.roles import Role

    city = City.objects.create(name="基准市局", code="BCITY")
    year = timezone.localdate().year
    layout = []
    bureaus = []
    for b in range(BUREAUS):
        bureau = Bureau.objects.create(name=f"基准{b + 1}分局", code=f"B{b + 1:02d}", city=city)
        bureaus.append(bureau)
        for s in range(STATIONS_PER_BUREAU):
            station = Station.objects.create(
                bureau=bureau, name=f"基准{b + 1}-{s + 1}派出所", code=f"B{b + 1:02d}S{s + 1:02d}"
            )
            communities = Community.objects.bulk_create(
                Community(station=station, name=f"基准{b + 1}-{s + 1}-{c + 1}社区")
                for c in range(COMMUNITIES_PER_STATION)
            )
            CommunityPopulation.objects.bulk_create(
                CommunityPopulation(community=c, year=y, population=8000 + 500 * i)
                for i, c in enumerate(communities)
                for y in range(year - 4, year + 1)
            )
            layout.append((station.pk, [c.pk for c in communities]))
    users = get_user_model().objects
    city_user = users.create(username="bench_city")
    StaffProfile.objects.create(user=city_user, city=city, unit=Unit.CITY)
    city_user.groups.add(Group.objects.get(name=Role.BUREAU_SUPERVISOR))
    bureau_user = users.create(username="bench_bureau")
    StaffProfile.objects.create(user=bureau_user, bureau=bureaus[0], unit=Unit.BUREAU)
    bureau_user.groups.add(Group.objects.get(name=Role.BUREAU_SUPERVISOR))
    return layout, {"city": city_user.pk, "bureau": bureau_user.pk}, bureaus[0].pk


def analyze_organisation() -> None:
    """What autovacuum does soon after 150 stations are created: without statistics the planner
    takes a city's stations for one, and loops over the rollup index once per station."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE stations_city, stations_bureau, stations_station, stations_community, "
            "stations_communitypopulation, stations_staffprofile, auth_user, auth_user_groups"
        )


# --- Data -----------------------------------------------------------------------------


def generate(count: int, layout, first_day, last_day, seed: int, prefix: str) -> float:
    """COPY `count` incidents with a case for ten and a dispute for twenty; returns seconds."""
    from bench.generate import copy_cases, copy_disputes, copy_incidents

    span = {"first_day": first_day, "last_day": last_day, "stations": layout}
    started = time.perf_counter()
    copy_incidents(count=count, seed=seed, prefix=prefix, **span)
    copy_cases(count=count // 10, seed=seed + 1, prefix=f"{prefix}C", **span)
    copy_disputes(count=count // 20, seed=seed + 2, prefix=f"{prefix}D", **span)
    return time.perf_counter() - started


def settle() -> None:
    from bench.__main__ import settle as settle_rollups

    settle_rollups()


# --- Memory ---------------------------------------------------------------------------


def reset_peak_rss() -> bool:
    """Linux: writing 5 to clear_refs resets VmHWM, so the next peak is the next step's own."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mib(pid: int | str = "self") -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_backend_peak() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return None
    return pid


def temp_usage() -> tuple[int, int]:
    """(temp files, temp bytes) PostgreSQL has written for the current database so far."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT temp_files, temp_bytes FROM pg_stat_database WHERE datname = current_database()")
        files, size = cursor.fetchone()
    return int(files), int(size)


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) of a process on this machine so far, or 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, TypeError, IndexError, ValueError):
        return 0.0


def measured(step):
    """Run step(); returns (seconds, process peak RSS MiB, backend peak RSS MiB, temp files, temp MiB,
    CPU seconds of this process and its PostgreSQL backend: the part of the work a loaded machine
    does not inflate, to size a quiet one by)."""
    reset_peak_rss()
    pid = reset_backend_peak()
    files0, bytes0 = temp_usage()
    cpu0 = time.process_time() + cpu_seconds(pid)
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    cpu = time.process_time() + cpu_seconds(pid) - cpu0
    files1, bytes1 = temp_usage()
    backend = peak_rss_mib(pid) if pid else None
    return seconds, peak_rss_mib(), backend, files1 - files0, (bytes1 - bytes0) / 2**20, cpu


def sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_total_relation_size('cases_incident'), pg_total_relation_size('cases_case'), "
            "pg_total_relation_size('mediation_dispute'), pg_total_relation_size('stats_statrow'), "
            "(SELECT COUNT(*) FROM stats_statrow)"
        )
        db, incidents, cases, disputes, rollups, rows = cursor.fetchone()
    return {
        "database": db,
        "incidents": incidents,
        "cases": cases,
        "disputes": disputes,
        "rollups": rollups,
        "rows": rows,
    }


# --- Requests -------------------------------------------------------------------------


class Requests:
    """Logged-in test clients, one per (side, user): a session lives in its side's database."""

    def __init__(self, dbs: Databases, user_ids: dict[str, int]):
        self.dbs = dbs
        self.user_ids = user_ids
        self.clients = {}

    def client(self, side: str, who: str):
        from django.contrib.auth import get_user_model
        from django.test import Client

        self.dbs.use(side)
        if (side, who) not in self.clients:
            client = Client()
            client.force_login(get_user_model().objects.get(pk=self.user_ids[who]))
            self.clients[side, who] = client
        return self.clients[side, who]

    def queries(self, side: str, who: str, url: str) -> tuple[int, int]:
        """(status, query count) of one GET."""
        from django.db import connection

        client = self.client(side, who)
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        return response.status_code, len(executed)

    def times(self, side: str, who: str, url: str, n: int, budget: float = BUDGET) -> list[float]:
        """Up to n timed GETs; fewer when they take longer than `budget` seconds together (at least one)."""
        client = self.client(side, who)
        samples = []
        for _n in range(n):
            if sum(samples) > budget:
                break
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return samples


def alternate(requests: Requests, sides: tuple[str, str], who: str, url: str, rounds: int, per_round: int):
    """Median seconds of GET url on each side, the sides taking turns; plus each side's query count."""
    samples = {side: [] for side in sides}
    counts = {}
    for side in sides:
        status, counts[side] = requests.queries(side, who, url)
        assert status == 200, (side, url, status)
        requests.times(side, who, url, 1)  # warm
    for _round in range(rounds):
        for side in sides:
            samples[side].extend(requests.times(side, who, url, per_round))
    return {side: median(samples[side]) for side in sides}, counts


# --- The run --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.city", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of every side but the 1k one (1 = 10M/1M)")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the heavy steps (rebuild, floor)")
    parser.add_argument("--keep", action="store_true", help="keep the databases (for looking into them; drop by hand)")
    args = parser.parse_args(argv)
    if "postgresql" not in env_database("DATABASE_URL", {"ENGINE": ""})["ENGINE"]:
        say(
            "make bench-city needs DATABASE_URL=postgres://… "
            "(its name gets _small/_mid/_big/_mid3 twins, dropped after)."
        )
        return 2
    import signal

    import django

    # A stopped run still drops its databases (the finally below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    django.setup()
    from django.conf import settings
    from django.db import connection

    base = settings.DATABASES["default"]["NAME"]
    dbs = Databases(base)
    dbs.names["small"] = dbs.name("small")
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": dbs.names["small"]}
    progress(f"creating and migrating {dbs.names['small']} … ({load()})")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    dbs.current = "small"
    try:
        return run(dbs, args)
    finally:
        if args.keep:
            say(f"kept: {', '.join(dbs.names.values())}")
        else:
            dbs.drop_all()
            say("dropped the benchmark databases")


def run(dbs: Databases, args) -> int:
    from django.utils import timezone

    from bench.floor import drop_floor, run_floor
    from bench.generate import copy_cases, copy_incidents
    from stats.models import StatRow
    from stats.rollup import run_rollup

    big = max(int(CITY_INCIDENTS * args.scale), 1000)
    mid = max(int(LIKE_FOR_LIKE * args.scale), 100)
    today = timezone.localdate()
    first_day, last_day = today - timedelta(days=730), today - timedelta(days=1)
    started_all = time.perf_counter()
    layout, user_ids, bureau_id = organisation()
    station_id = layout[0][0]
    analyze_organisation()
    progress(
        f"organisation: 1 city, {BUREAUS} sub-bureaus, {len(layout)} stations, "
        f"{len(layout) * COMMUNITIES_PER_STATION} communities"
    )
    for side in ("mid", "big"):
        dbs.clone("small", side)
    progress("cloned the organisation into mid and big")

    # --- Data --------------------------------------------------------------------
    dbs.use("small")
    generate(SMALL, layout, first_day, last_day, seed=1, prefix="S")
    run_rollup(rebuild=True)
    settle()
    generated = {}
    for side, count in (("mid", mid), ("big", big)):
        dbs.use(side)
        reset_peak_rss()
        generated[side] = generate(count, layout, first_day, last_day, seed=2, prefix="B")
        progress(
            f"{side}: generated {count:,} incidents, {count // 10:,} cases, {count // 20:,} disputes over "
            f"{first_day} – {last_day} by COPY in {generated[side]:.0f} s "
            f"(peak RSS {peak_rss_mib() or 0:.0f} MiB; {load()})"
        )
    # The third year before the two, in a copy of mid (before any rollup, so cloned small).
    progress("cloning mid into mid3")
    dbs.clone("mid", "mid3")
    dbs.use("mid3")
    older_first, older_last = first_day - timedelta(days=365), first_day - timedelta(days=1)
    seconds = generate(mid // 2, layout, older_first, older_last, seed=9, prefix="H")
    progress(f"mid3: mid plus a third year before it ({mid // 2:,} incidents with theirs) in {seconds:.0f} s")

    # --- Rebuild and floor, alternating sides ------------------------------------------
    heavy = {(side, step): [] for side in ("big", "mid") for step in ("rebuild", "floor")}
    memory = {}
    cpu = {key: [] for key in heavy}
    for _round in range(args.rounds):
        for side in ("big", "mid"):
            dbs.use(side)
            for step in ("floor", "rebuild") if _round % 2 == 0 else ("rebuild", "floor"):
                if step == "floor":
                    figures = measured(run_floor)
                    drop_floor()
                else:
                    figures = measured(lambda: run_rollup(rebuild=True))
                    settle()
                heavy[side, step].append(figures[0])
                cpu[side, step].append(figures[5])
                previous = memory.get((side, step), (0, 0, 0, 0))
                memory[side, step] = tuple(max(a or 0, b or 0) for a, b in zip(figures[1:5], previous, strict=True))
                progress(f"  {side} {step}: {figures[0]:.1f} s, {figures[5]:.1f} CPU s ({load()})")
    # Cross-check: the floor and the rollup count the same incidents at the city size.
    dbs.use("big")
    totals = run_floor()
    drop_floor()
    rolled = sum(
        StatRow.objects.filter(metric="incidents_reported", subgroup="", frequency="d").values_list("value", flat=True)
    )
    check = totals["floor_incidents_total_day"]
    progress(f"cross-check at the city size: the floor counts {check:,} incidents, the rollup {rolled:,}")
    disk = {side: (dbs.use(side), sizes())[1] for side in ("small", "mid", "big")}

    # --- Incremental one-day run ---------------------------------------------------
    progress(f"incremental runs ({load()})")
    incremental = {"big": [], "mid": [], "mid3": []}
    dbs.use("mid3")
    run_rollup(rebuild=True)  # mid3's rollups take in the third year (not timed as a rebuild)
    settle()
    for _round in range(args.rounds):
        for side, count in (("big", big), ("mid", mid), ("mid3", mid)):
            dbs.use(side)
            span = {"first_day": today, "last_day": today, "stations": layout}
            copy_incidents(count=count // 730, seed=30 + _round, prefix=f"N{_round}", **span)
            copy_cases(count=count // 7300, seed=40 + _round, prefix=f"NC{_round}", **span)
            settle()
            started = time.perf_counter()
            run_rollup()
            incremental[side].append(time.perf_counter() - started)
            progress(f"  {side} incremental: {incremental[side][-1] * 1000:.0f} ms ({load()})")

    # --- Dashboards: 10M ÷ 1k, alternating ------------------------------------------
    progress(f"dashboards ({load()})")
    requests = Requests(dbs, user_ids)
    for side in ("small", "big", "mid", "mid3"):
        dbs.use(side)
        settle()
    dashboards = {}
    for kind, query in (
        ("city", "scope=city"),
        ("bureau", f"scope=bureau&bureau={bureau_id}"),
        ("station", f"scope=station&station={station_id}"),
    ):
        url = f"/api/v1/stats/summary/?{query}&period=month"
        dashboards[kind] = (*alternate(requests, ("small", "big"), "city", url, 3, 5), load())
        times, counts, when = dashboards[kind]
        progress(f"  {kind} dashboard: 1k {times['small'] * 1000:.0f} ms, city {times['big'] * 1000:.0f} ms ({when})")

    # --- Incident list and search: 10M ÷ 1M, and 3 years ÷ 2 years ------------------------
    progress(f"incident lists and search ({load()})")
    number = "B00000777"  # one incident, the same on every side
    lists = {}
    for label, who, url in (
        ("incident list, city (API, page 1)", "city", "/api/v1/incidents/"),
        ("incident list, one bureau (API)", "bureau", "/api/v1/incidents/"),
        ("incident list, one station (API)", "city", f"/api/v1/incidents/?station={station_id}"),
        ("incident search by number, city (API)", "city", f"/api/v1/incidents/?q={number}"),
        ("incident search by number, one bureau (API)", "bureau", f"/api/v1/incidents/?q={number}"),
    ):
        lists[label] = (*alternate(requests, ("mid", "big"), who, url, args.rounds, 2), load())
        history, _counts = alternate(requests, ("mid", "mid3"), who, url, args.rounds, 2)
        lists[label] += (history,)
        times = lists[label][0]
        progress(
            f"  {label}: 1M {times['mid'] * 1000:.0f} ms, city {times['big'] * 1000:.0f} ms; "
            f"3 years {history['mid3'] * 1000:.0f} ms vs 2 years {history['mid'] * 1000:.0f} ms"
        )

    # --- Report --------------------------------------------------------------------
    def ms(seconds):
        return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"

    total = time.perf_counter() - started_all
    say()
    say(f"=== city benchmark: {big:,} incidents (city) and {mid:,} (like for like), two years; {load()} ===")
    if args.scale != 1:
        say(f"(below, 'city' names the {big:,}-incident side and '1M' the {mid:,}-incident side: --scale {args.scale})")
    say(f"generation by COPY: {generated['big']:.0f} s for the city ({big:,} incidents with cases and disputes)")
    rb = {side: median(heavy[side, "rebuild"]) for side in ("big", "mid")}
    fl = {side: median(heavy[side, "floor"]) for side in ("big", "mid")}
    say(
        f"full rebuild: city {rb['big']:.1f} s, 1M {rb['mid']:.1f} s; "
        f"floor: city {fl['big']:.1f} s, 1M {fl['mid']:.1f} s"
    )
    say(f"  (medians of {args.rounds} alternated runs; the floor is bench/floor.py as on main)")
    say(
        "  CPU seconds (this process and its PostgreSQL backend; parallel workers not counted): "
        + ", ".join(f"{side} {step} {median(values):.1f}" for (side, step), values in cpu.items())
    )
    for side in ("big", "mid"):
        for step in ("rebuild", "floor"):
            proc, backend, files, temp = memory[side, step]
            say(
                f"  peak memory, {side} {step}: process RSS {proc or 0:.0f} MiB, PostgreSQL backend RSS "
                f"{backend or 0:.0f} MiB, temp files {files} ({temp:,.0f} MiB)"
            )
    for side in ("small", "mid", "big"):
        d = disk[side]
        say(
            f"disk, {side}: database {d['database'] / 2**20:,.0f} MiB (incidents {d['incidents'] / 2**20:,.0f}, "
            f"cases {d['cases'] / 2**20:,.0f}, disputes {d['disputes'] / 2**20:,.0f} MiB, with indexes; rollups "
            f"{d['rollups'] / 2**20:,.0f} MiB, {d['rows']:,} rows)"
        )
    inc = {side: median(values) for side, values in incremental.items()}
    say(f"incremental one-day run: city {ms(inc['big'])}, 1M {ms(inc['mid'])}, 1M with a third year {ms(inc['mid3'])}")
    for kind, (times, counts, when) in dashboards.items():
        say(
            f"{kind} dashboard API: 1k {ms(times['small'])}, city {ms(times['big'])} "
            f"({counts['small']} / {counts['big']} queries; {when})"
        )
    for label, (times, counts, when, history) in lists.items():
        say(
            f"{label}: 1M {ms(times['mid'])}, city {ms(times['big'])} ({counts['mid']} / {counts['big']} queries; "
            f"{when}); 1M with a third year {ms(history['mid3'])} vs {ms(history['mid'])}"
        )
    size_ratio = big / mid
    ratios = [
        ("full rebuild ÷ floor, city", rb["big"] / fl["big"], 1.5),
        ("rebuild per incident, city ÷ 1M", rb["big"] / rb["mid"] / size_ratio, 1.2),
        ("floor per incident, city ÷ 1M", fl["big"] / fl["mid"] / size_ratio, 1.2),
        ("incremental one-day run ÷ full rebuild, city", inc["big"] / rb["big"], 0.01),
        ("incremental per incident of the day, city ÷ 1M", inc["big"] / inc["mid"] / size_ratio, 1.2),
        ("incremental run, 3 years ÷ 2 years (1M)", inc["mid3"] / inc["mid"], 1.2),
    ]
    for kind, (times, _counts, _when) in dashboards.items():
        ratios.append((f"{kind} dashboard API, city ÷ 1k", times["big"] / times["small"], 1.3))
    for label, (times, _counts, _when, history) in lists.items():
        ratios.append((f"{label}, city ÷ 1M", times["big"] / times["mid"], None))
        ratios.append(("  the same per incident, city ÷ 1M", times["big"] / times["mid"] / size_ratio, 1.2))
        ratios.append(("  the same, 3 years ÷ 2 years (1M)", history["mid3"] / history["mid"], None))
    say()
    say(f"{'ratio':<66} {'value':>8}  target")
    failed = 0
    for name, value, target in ratios:
        if target is None:
            say(f"{name:<66} {value:8.3f}")
            continue
        ok = value <= target
        failed += not ok
        say(f"{name:<66} {value:8.3f}  ≤ {target:<4} {'met' if ok else 'MISSED'}")
    for kind, (_times, counts, _when) in dashboards.items():
        same = counts["small"] == counts["big"]
        failed += not same
        verdict = "same" if same else "DIFFERENT"
        say(f"{kind + ' dashboard query count, 1k and city':<66} {counts['small']:>3} / {counts['big']:<3} {verdict}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"whole run {total / 60:.1f} min; process peak RSS (getrusage, over the whole run) {peak:.0f} MiB; {load()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
