"""The lists benchmark: the incident list at 1,000,000 incidents on PostgreSQL.

`python -m bench.lists` (and `make bench`, after the statistics). In a database of its own
(<DATABASE_URL's name>_bench, created and dropped here; BENCH_KEEP=1 keeps it and its rows for
the next run). It times, as a bureau supervisor, through Django's test client in this process:

- the search box (`?q=`): an address, a reporter's name, a phrase of the summary, a number;
- a filtered list (two categories ticked), a deep page (page 20,000 of 25 rows);
- the CSV export of 100,000 rows: seconds and the process's peak memory while streaming it;
- the HTML list against the API list of the same rows (25 and 100 rows), samples alternated
  (A, B, A, B, …) so that a load spike on a shared machine hits both sides; medians.

Every figure is printed with the load average it was taken under, and the targets beside it.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
import warnings
from datetime import timedelta

# Before anything of wuling is imported: wuling/__init__ (Celery) would set its own settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from wuling.env import env_int

BIG = env_int("BENCH_INCIDENTS", 1_000_000, minimum=1)
SAMPLES = env_int("BENCH_LIST_SAMPLES", 15, minimum=1)
EXPORT_ROWS = env_int("BENCH_EXPORT_ROWS", 100_000, minimum=1)

# Texts that vary like the stations' own: ~300 addresses, ~150 summaries, ~2,000 names.
ROADS = ["长江", "黄河", "人民", "建设", "解放", "中山", "和平", "幸福", "光明", "胜利", "东风", "新华", "文化", "青年"]
ROAD_KINDS = ["路", "街", "大道", "一路", "二路", "三路", "东路", "西路", "南路", "北路", "巷"]
PLACES = [
    "小区门口",
    "菜市场",
    "地铁站",
    "超市",
    "学校附近",
    "公园",
    "停车场",
    "网吧",
    "饭店",
    "居民楼",
    "商场",
    "公交站",
]
EVENTS = [
    "发生口角",
    "电动车被盗",
    "手机被盗",
    "噪音扰民",
    "醉酒闹事",
    "老人走失",
    "车辆剐蹭",
    "接到诈骗电话",
    "求助开锁",
    "邻里纠纷",
    "车窗被砸",
    "钱包遗失",
    "儿童走失",
]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英"]
GIVEN2 = ["", "建国", "国强", "文", "海", "红", "平", "华", "玉兰"]


def say(message: str) -> None:
    print(message, flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _array(values) -> str:
    return "ARRAY[" + ", ".join("'" + v + "'" for v in values) + "]"


def vary_texts() -> None:
    """Give the generated incidents addresses, summaries and reporters that vary (bench/generate.py
    writes one summary and no address), from the incident's id so every run has the same rows."""
    from django.db import connection

    roads = [r + k for r in ROADS for k in ROAD_KINDS]
    summaries = [p + e for p in PLACES for e in EVENTS]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE cases_incident SET
              address = ({_array(roads)})[1 + abs(hashint4((id)::int)::bigint) % {len(roads)}]
                || (abs(hashint4((id + 1)::int)::bigint) % 300 + 1) || '号',
              summary = ({_array(summaries)})[1 + abs(hashint4((id + 2)::int)::bigint) % {len(summaries)}],
              reporter_name = ({_array(SURNAMES)})[1 + abs(hashint4((id + 3)::int)::bigint) % {len(SURNAMES)}]
                || ({_array(GIVEN)})[1 + abs(hashint4((id + 4)::int)::bigint) % {len(GIVEN)}]
                || ({_array(GIVEN2)})[1 + abs(hashint4((id + 5)::int)::bigint) % {len(GIVEN2)}]
            """
        )
        cursor.execute("VACUUM (ANALYZE) cases_incident")


def prepare():
    """The organisation and BIG incidents over two years (kept from an earlier run with BENCH_KEEP=1)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.__main__ import organisation
    from bench.generate import copy_incidents
    from cases.models import Incident
    from stations.models import Station

    user = get_user_model().objects.filter(username="bench_bureau").first()
    if user is not None and Incident.objects.count() >= BIG:
        say(f"reusing {Incident.objects.count():,} incidents from the kept database")
        return user
    if user is None:
        layout, user = organisation()
    else:
        layout = [(s.pk, list(s.communities.values_list("pk", flat=True))) for s in Station.objects.all()]
    today = timezone.localdate()
    started = time.perf_counter()
    copy_incidents(
        count=BIG,
        first_day=today - timedelta(days=730),
        last_day=today - timedelta(days=1),
        stations=layout,
        seed=2,
        prefix="B",
    )
    vary_texts()
    say(f"generated {BIG:,} incidents with varied texts in {time.perf_counter() - started:.1f} s")
    return user


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def sample(client, url: str, count: int = SAMPLES) -> tuple[float, int]:
    """Median seconds of `count` GETs after two warm ones; the status."""
    for _n in range(2):
        response = client.get(url)
    samples = []
    for _n in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), response.status_code


def alternate(client, url_a: str, url_b: str, count: int = SAMPLES) -> tuple[float, float]:
    """Medians of A and B, their samples taken alternately (A, B, A, B, …)."""
    for url in (url_a, url_b):
        client.get(url)
        client.get(url)
    a, b = [], []
    for _n in range(count):
        for url, samples in ((url_a, a), (url_b, b)):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(a), statistics.median(b)


def peak_rss_reset() -> None:
    """Start a new high-water mark of this process's resident memory (Linux: clear_refs 5)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def rss_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def export(client, url: str) -> tuple[float, int, int, bool]:
    """Seconds, rows and peak memory growth (bytes) of one export read to its end; whether it streamed."""
    import gc

    gc.collect()
    peak_rss_reset()
    before = rss_kib("VmRSS")
    started = time.perf_counter()
    response = client.get(url)
    rows = 0
    streamed = response.streaming
    chunks = response.streaming_content if streamed else [response.content]
    for chunk in chunks:
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = rss_kib("VmHWM")
    assert response.status_code == 200, response.status_code
    return seconds, rows - 1, (peak - before) * 1024, streamed


def run() -> int:
    from django.utils import timezone

    from cases.choices import IncidentCategory

    user = prepare()
    client = client_for(user)
    results = []  # (name, value, target, unit)
    say("")
    say(f"incident list at {BIG:,} incidents, as a bureau supervisor ({load_average()})")

    html, api = "/cases/incidents/", "/api/v1/incidents/"
    searches = [
        ("an address", "长江二路"),
        ("a reporter's name", "王建国"),
        ("a phrase of the summary", "电动车被盗"),
        ("two words", "地铁站 手机"),
        ("an incident number", "B00123456"),
    ]
    for label, term in searches:
        seconds, status = sample(client, f"{api}?q={term}&page_size=25", count=5)
        say(f"  search {label} ({term}): API {seconds * 1000:.0f} ms ({status})")
        results.append((f"search, {label}", seconds * 1000, 100, "ms"))
    fraud, traffic = IncidentCategory.FRAUD, IncidentCategory.TRAFFIC
    seconds, status = sample(client, f"{api}?category={fraud}&category={traffic}&page_size=25", count=5)
    say(f"  two categories ticked: API {seconds * 1000:.0f} ms ({status})")
    results.append(("filtered list (two categories)", seconds * 1000, 100, "ms"))
    seconds, status = sample(client, f"{html}?category={fraud}&category={traffic}", count=5)
    say(f"  two categories ticked: HTML {seconds * 1000:.0f} ms ({status})")
    seconds, status = sample(client, f"{api}?page=20000&page_size=25", count=3)
    say(f"  deep page (API page 20,000 of 25 rows): {seconds * 1000:.0f} ms, status {status}")
    seconds, status = sample(client, f"{html}?page=20000", count=3)
    say(f"  deep page (HTML page 20,000): {seconds * 1000:.0f} ms, status {status}")

    # An export of about EXPORT_ROWS rows: the latest days that hold that many.
    today = timezone.localdate()
    days = max(1, round(EXPORT_ROWS * 730 / BIG))
    first = today - timedelta(days=days)
    query = f"reported_after={first.isoformat()}&reported_before={today.isoformat()}"
    seconds, rows, peak, streamed = export(client, f"{html}?{query}&_export=csv")
    say(
        f"  CSV export of {rows:,} rows: {seconds:.1f} s, peak memory +{peak / 2**20:.0f} MiB, "
        f"{'streamed' if streamed else 'built whole'}"
    )
    results.append((f"CSV export of {rows:,} rows, seconds", seconds, 10, "s"))
    results.append((f"CSV export of {rows:,} rows, peak memory", peak / 2**20, 100, "MiB"))

    for rows_per_page in (25, 100):
        page_html, page_api = alternate(client, f"{html}?per_page={rows_per_page}", f"{api}?page_size={rows_per_page}")
        say(
            f"  {rows_per_page} rows: HTML list {page_html * 1000:.0f} ms, API list {page_api * 1000:.0f} ms "
            f"(alternated, medians of {SAMPLES})"
        )
        results.append((f"HTML ÷ API list, {rows_per_page} rows", page_html / page_api, 2, "×"))

    say("")
    say(f"{'lists target':<46} {'value':>9}   target   ({load_average()})")
    failed = 0
    for name, value, target, unit in results:
        ok = value <= target
        failed += not ok
        say(f"{name:<46} {value:9.2f} {unit:<3} ≤ {target:<5} {'met' if ok else 'MISSED'}")
    return 1 if failed else 0


def main() -> int:
    from wuling.env import env_database

    if "postgresql" not in env_database("DATABASE_URL", {"ENGINE": ""})["ENGINE"]:
        say("the lists benchmark needs DATABASE_URL=postgres://… (its database name gets a _bench twin).")
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The pages' stylesheets without a collectstatic run; axes' line per login would bury the figures.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    keep = os.environ.get("BENCH_KEEP") == "1"
    main_name = settings.DATABASES["default"]["NAME"]
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": f"{main_name}_bench"}
    say(f"{'using' if keep else 'creating and migrating'} database {main_name}_bench …")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
    try:
        return run()
    finally:
        if not keep:
            connection.creation.destroy_test_db(main_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
