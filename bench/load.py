"""The load benchmark: gunicorn on PostgreSQL on 127.0.0.1, driven by locust (headless, bounded).

`python -m bench.load` (and `make bench`). In the benchmark's own database (<DATABASE_URL's
name>_bench, as bench/lists.py; BENCH_KEEP=1 keeps it): BENCH_LOAD_INCIDENTS incidents (100,000
unless more are there already), a station officer and a bureau supervisor with API tokens and a
session. gunicorn serves the production settings (bench/settings.py) with BENCH_LOAD_WORKERS sync
workers; locust runs 1 client and 50 clients alternately (1, 50, 1, 50: a load spike on a shared
machine hits both sides), BENCH_LOAD_SECONDS each, over a mix of lists (API and HTML, searches),
details, new incidents and the bureau dashboard (bench/locustfile.py). Printed: requests per
second, p50/p95/p99 and errors of each run, the medians, the ratio of throughputs, and the load
average.

Targets: no errors; throughput at 50 clients ≥ 1.7 × at 1 client (on 2 cores).
"""

from __future__ import annotations

import csv
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from wuling.env import env_int

LOAD_INCIDENTS = env_int("BENCH_LOAD_INCIDENTS", 100_000, minimum=1)
SECONDS = env_int("BENCH_LOAD_SECONDS", 20, minimum=5)
WORKERS = env_int("BENCH_LOAD_WORKERS", 4, minimum=1)
CLIENTS = 50
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def say(message: str) -> None:
    print(message, flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare() -> dict[str, str]:
    """Data, people and their credentials (as environment variables for the locust clients)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone
    from knox.models import AuthToken

    from bench.__main__ import organisation
    from bench.generate import copy_incidents
    from bench.lists import vary_texts
    from cases.models import Incident
    from stations.choices import Unit
    from stations.models import StaffProfile, Station
    from stations.roles import Role

    bureau = get_user_model().objects.filter(username="bench_bureau").first()
    if bureau is None:
        _layout, bureau = organisation()
    if Incident.objects.count() < LOAD_INCIDENTS:
        layout = [(s.pk, list(s.communities.values_list("pk", flat=True))) for s in Station.objects.all()]
        today = timezone.localdate()
        copy_incidents(
            count=LOAD_INCIDENTS,
            first_day=today - timedelta(days=730),
            last_day=today - timedelta(days=1),
            stations=layout,
            seed=12,
            prefix="L",
        )
        vary_texts()
    station = Station.objects.order_by("pk").first()
    officer, created = get_user_model().objects.get_or_create(username="bench_officer", last_name="基准民警")
    if created:
        StaffProfile.objects.create(user=officer, station=station, unit=Unit.COMMAND_ROOM)
        officer.groups.add(Group.objects.get(name=Role.STATION_OFFICER))
    ids = list(Incident.objects.filter(station=station).order_by("-reported_at").values_list("pk", flat=True)[:500])
    session = Client()
    session.force_login(officer)
    return {
        "BENCH_OFFICER_TOKEN": AuthToken.objects.create(user=officer)[1],
        "BENCH_BUREAU_TOKEN": AuthToken.objects.create(user=bureau)[1],
        "BENCH_OFFICER_SESSION": session.cookies["sessionid"].value,
        "BENCH_INCIDENT_IDS": ",".join(map(str, ids)),
    }


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "wuling.wsgi",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def locust(env: dict[str, str], port: int, clients: int) -> dict[str, float]:
    """One bounded headless locust run; the aggregated figures."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "run")
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                f"--users={clients}",
                f"--spawn-rate={clients}",
                f"--run-time={SECONDS}s",
                f"--host=http://127.0.0.1:{port}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=ERROR",
                "--stop-timeout=5",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", newline="") as f:
            rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    return {
        "rps": float(total["Requests/s"]),
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "by_name": {
            name: (int(r["Request Count"]), int(r["Failure Count"]), float(r["50%"]))
            for name, r in rows.items()
            if name != "Aggregated"
        },
    }


def run(database_name: str) -> int:
    from django.conf import settings
    from django.core.management import call_command

    credentials = prepare()
    env = {
        **os.environ,
        **credentials,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
    }
    db = settings.DATABASES["default"]
    env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{database_name}"
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    if not manifest.exists() or any(p.stat().st_mtime > manifest.stat().st_mtime for p in sources):
        # The pages name their stylesheets through the manifest; compressing them all takes minutes
        # on a busy machine, so only when the sources changed.
        call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    say("")
    say(f"load: gunicorn ({WORKERS} sync workers) on 127.0.0.1, locust headless, {SECONDS} s a run ({load_average()})")
    server = start_gunicorn(env, port)
    runs: dict[int, list[dict]] = {1: [], CLIENTS: []}
    try:
        for clients in (1, CLIENTS, 1, CLIENTS):
            figures = locust(env, port, clients)
            runs[clients].append(figures)
            say(
                f"  {clients:>2} client{'s' if clients > 1 else ' '}: {figures['rps']:7.1f} requests/s, "
                f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, p99 {figures['p99']:.0f} ms, "
                f"{figures['errors']} errors of {figures['requests']:,} ({load_average()})"
            )
            failing = {name: v for name, v in figures["by_name"].items() if v[1]}
            if failing:
                say(f"     failures by request: {failing}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    one = statistics.median(r["rps"] for r in runs[1])
    many = statistics.median(r["rps"] for r in runs[CLIENTS])
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    ratio = many / one if one else 0.0
    say("")
    say(f"{'load target':<46} {'value':>9}   target   ({load_average()})")
    say(f"{'errors, all runs':<46} {errors:9d}     = 0     {'met' if errors == 0 else 'MISSED'}")
    name = f"throughput at {CLIENTS} clients ÷ at 1 (medians)"
    say(f"{name:<46} {ratio:9.2f} ×   ≥ 1.7   {'met' if ratio >= 1.7 else 'MISSED'}")
    return 0 if errors == 0 and ratio >= 1.7 else 1


def main() -> int:
    from wuling.env import env_database

    if "postgresql" not in env_database("DATABASE_URL", {"ENGINE": ""})["ENGINE"]:
        say("the load benchmark needs DATABASE_URL=postgres://… (its database name gets a _bench twin).")
        return 2
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    keep = os.environ.get("BENCH_KEEP") == "1"
    main_name = settings.DATABASES["default"]["NAME"]
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": f"{main_name}_bench"}
    say(f"{'using' if keep else 'creating and migrating'} database {main_name}_bench …")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
    try:
        return run(f"{main_name}_bench")
    finally:
        if not keep:
            connection.creation.destroy_test_db(main_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
