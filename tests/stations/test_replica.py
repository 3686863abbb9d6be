"""The read replica, against a real streaming replica (.ci/run makes one on port 5433).

Dashboards, the statistics API and exports read from the replica; the pages around them read from
the primary, so an officer sees their own write at once even while the replica lags behind (here:
its replay paused); a replica that does not answer leaves the primary to serve, and /healthz says so.

The test database is created on the primary and reaches the replica by physical replication; the
`replica` alias is its test mirror (wuling/settings.py) on the replica's own host and port. Only
committed rows cross, hence transactional tests.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import wuling.replica
from cases.models import Incident
from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident, uncached
from tests.utils import body

ALIASES = ["default", "replica"] if "replica" in settings.DATABASES else ["default"]
pytestmark = pytest.mark.django_db(transaction=True, databases=ALIASES)

SUMMARY = "/api/v1/stats/summary/"


@pytest.fixture
def routed(settings):
    """The router on (the test settings leave it off), a replica that is replaying, no memory of a
    failure from an earlier test."""
    if "replica" not in settings.DATABASES:
        pytest.skip("needs DATABASE_REPLICA_URL naming a streaming replica of the test server (.ci/run makes one)")
    settings.DATABASE_ROUTERS = ["wuling.replica.ReplicaRouter"]
    settings.DATABASE_REPLICA_RETRY_SECONDS = 0
    wuling.replica._down_until = 0.0
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")  # in case an interrupted run left it paused
    yield
    wuling.replica._down_until = 0.0


def _caught_up(timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has committed so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the replica did not replay up to {lsn} within {timeout}s")
            time.sleep(0.05)


@contextmanager
def _replay_paused():
    """The replica stops replaying: whatever the primary commits meanwhile is not there yet."""
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def _incidents(station, day, count: int) -> None:
    for hour in range(8, 8 + count):
        make_incident(station=station, reported_at=local(day, hour))


def _reported(api, day) -> int:
    """The figure as computed now (not as the dashboard cache kept it): where its queries go is what
    these tests are about. A figure cached from a lagging replica lasts until the next rollup run."""
    response = uncached(api.get, SUMMARY, {"period": "month", "date": day.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()["metrics"]["incidents_reported"]["value"]


def _tables_read(queries) -> set[str]:
    return {table for q in queries if q["sql"].lstrip().upper().startswith("SELECT") for table in _tables(q["sql"])}


def _tables_queried(queries) -> set[str]:
    """The table each SELECT reads from (not those it joins)."""
    return {m.group(1) for q in queries if (m := re.search(r'^\s*SELECT .*? FROM "(\w+)"', q["sql"], re.S))}


def _tables(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', sql))


@contextmanager
def _queries_by_alias():
    primary, replica = CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections["replica"])
    with primary, replica:
        yield primary, replica


def test_the_replica_alias_is_a_streaming_standby_of_the_test_database(routed):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database(), inet_server_port()")
        in_recovery, name, port = cursor.fetchone()
    assert in_recovery is True
    assert name == connections["default"].settings_dict["NAME"]
    assert (
        port == int(connections["replica"].settings_dict["PORT"]) != int(connections["default"].settings_dict["PORT"])
    )


@pytest.mark.parametrize(
    ("who", "url", "table"),
    [
        ("bureau_supervisor", "/api/v1/stats/summary/?period=month", "stats_statrow"),
        ("bureau_supervisor", "/api/v1/stats/series/?metric=incidents_reported&period=month", "stats_statrow"),
        ("bureau_supervisor", "/stats/bureau/", "stats_statrow"),
        ("city_supervisor", "/stats/city/", "stats_statrow"),
        ("city_supervisor", "/stats/city/?_export=xlsx", "stats_statrow"),
        ("bureau_supervisor", "/stats/bureau/?_export=xlsx", "stats_statrow"),
        ("supervisor_a", "/stats/report/", "stats_statrow"),
        ("supervisor_a", "/cases/incidents/?_export=csv", "cases_incident"),
        ("supervisor_a", "/cases/incidents/?_export=xlsx", "cases_incident"),
    ],
)
def test_dashboards_the_statistics_api_and_exports_read_from_the_replica(
    routed, request, station_a, client_for, who, url, table
):
    _incidents(station_a, timezone.localdate() - timedelta(days=1), 3)
    run_rollup()
    _caught_up()
    client = client_for(request.getfixturevalue(who))
    with _queries_by_alias() as (primary, replica):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert table in _tables_read(replica.captured_queries)
    assert table not in _tables_read(primary.captured_queries)
    # Who is signed in, and the session: the primary's answer (a sign-in holds on the next request).
    assert "django_session" in _tables_queried(primary.captured_queries)
    assert not {"django_session", "auth_user", "auth_permission"} & _tables_queried(replica.captured_queries)


def test_a_list_page_itself_reads_from_the_primary(routed, station_a, supervisor_a, client_for):
    _incidents(station_a, timezone.localdate() - timedelta(days=1), 2)
    with _queries_by_alias() as (primary, replica):
        response = client_for(supervisor_a).get(reverse("cases:incident-list"))
    assert response.status_code == 200
    assert "cases_incident" in _tables_read(primary.captured_queries)
    assert replica.captured_queries == []


def test_while_the_replica_lags_the_dashboard_shows_its_figures_and_an_officer_still_sees_their_own_write(
    routed, station_a, officer_a, bureau_supervisor, client_for, api_for
):
    yesterday = timezone.localdate() - timedelta(days=1)
    _incidents(station_a, yesterday, 3)
    run_rollup()
    _caught_up()
    bureau = api_for(bureau_supervisor)
    assert _reported(bureau, yesterday) == 3

    officer = client_for(officer_a)
    with _replay_paused():
        _incidents(station_a, yesterday, 2)
        run_rollup()  # committed on the primary, not replayed on the replica
        assert _reported(bureau, yesterday) == 3  # the replica's figure: the API reads there

        response = _log_incident(officer, "楼上噪音扰民，复制延迟中登记")
        assert response.status_code == 302
        incident = Incident.objects.get(summary="楼上噪音扰民，复制延迟中登记")
        detail = officer.get(response.url)
        assert detail.status_code == 200 and "楼上噪音扰民，复制延迟中登记" in detail.content.decode()
        listed = officer.get(reverse("cases:incident-list"))
        assert incident in listed.context["table"].data.data

    _caught_up()
    assert _reported(bureau, yesterday) == 5  # replayed: the replica has the new rollup rows


def _log_incident(client, summary: str):
    now = timezone.localtime()
    return client.post(
        reverse("cases:incident-create"),
        {
            "category": "dispute",
            "channel": "110",
            "occurred_at": (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "reported_at": (now - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
            "summary": summary,
            "address": "朝阳路12号",
        },
    )


@pytest.mark.parametrize("pin_seconds", [10, 0])
def test_an_officer_who_has_just_written_exports_from_the_primary_for_a_few_seconds(
    routed, settings, pin_seconds, station_a, officer_a, colleague_a, client_for
):
    settings.DATABASE_REPLICA_PIN_SECONDS = pin_seconds
    _incidents(station_a, timezone.localdate() - timedelta(days=1), 1)
    _caught_up()
    officer, colleague = client_for(officer_a), client_for(colleague_a)
    export = reverse("cases:incident-list") + "?_export=csv"
    with _replay_paused():
        assert _log_incident(officer, "刚登记的警情").status_code == 302
        with _queries_by_alias() as (primary, replica):
            exported = body(officer.get(export)).decode("utf-8-sig")
        # Pinned to the primary while the replica lags: their export has what they just saved.
        # Without the pin it is read from the replica, which has not replayed it yet.
        assert ("刚登记的警情" in exported) is bool(pin_seconds)
        where = primary if pin_seconds else replica
        assert "cases_incident" in _tables_read(where.captured_queries)
        # A colleague who wrote nothing reads the replica as before.
        with _queries_by_alias() as (primary, replica):
            assert "刚登记的警情" not in body(colleague.get(export)).decode("utf-8-sig")
        assert "cases_incident" in _tables_read(replica.captured_queries)


class _SilentServer:
    """A port that accepts connections and never says a word (a hung server, a dropped route)."""

    def __enter__(self) -> int:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        return self.socket.getsockname()[1]

    def __exit__(self, *exc_info) -> None:
        self.socket.close()


@contextmanager
def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield port  # nothing listens there now: connections are refused


@contextmanager
def _replica_on_port(port: int):
    replica = connections["replica"]
    saved = dict(replica.settings_dict)
    replica.close()
    replica.settings_dict.update(HOST="127.0.0.1", PORT=port, OPTIONS={**saved["OPTIONS"], "connect_timeout": 1})
    try:
        yield
    finally:
        replica.close()
        replica.settings_dict.clear()
        replica.settings_dict.update(saved)


@pytest.mark.parametrize("failure", ["refused", "silent"])
def test_a_replica_that_does_not_answer_leaves_reads_on_the_primary_and_healthz_says_so(
    routed, failure, station_a, bureau_supervisor, api_for, client, caplog
):
    yesterday = timezone.localdate() - timedelta(days=1)
    _incidents(station_a, yesterday, 4)
    run_rollup()
    _caught_up()
    bureau = api_for(bureau_supervisor)
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "replica": "ok",
        "reads": "replica",
    }

    unreachable = _closed_port() if failure == "refused" else _SilentServer()
    with unreachable as port, _replica_on_port(port), caplog.at_level(logging.WARNING, logger="wuling.replica"):
        began = time.monotonic()
        with CaptureQueriesContext(connections["default"]) as primary:
            assert _reported(bureau, yesterday) == 4
        assert time.monotonic() - began < 5  # one short connect timeout, not a hung request
        assert connections["replica"].connection is None  # never connected: nothing read there
        assert "stats_statrow" in _tables_read(primary.captured_queries)
        assert "The read replica does not answer; reading from the primary" in caplog.text

        health = client.get("/healthz")
        assert health.status_code == 200  # the application serves: from the primary
        assert health.json() == {
            "status": "ok",
            "database": "ok",
            "broker": "ok",
            "replica": "down",
            "reads": "primary",
        }

    # Back: the next request reads from the replica again.
    assert client.get("/healthz").json()["reads"] == "replica"
    with _queries_by_alias() as (primary, replica):
        assert _reported(bureau, yesterday) == 4
    assert "stats_statrow" in _tables_read(replica.captured_queries)


def test_after_a_failure_the_replica_is_left_alone_for_the_retry_period(
    routed, settings, station_a, bureau_supervisor, api_for
):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 60
    bureau = api_for(bureau_supervisor)
    yesterday = timezone.localdate() - timedelta(days=1)
    with _closed_port() as port, _replica_on_port(port):
        _reported(bureau, yesterday)
    # The replica answers again, but within the retry period nobody tries it: no request pays for
    # a second connect timeout; /healthz, probing it afresh, ends the wait.
    with _queries_by_alias() as (_primary, replica):
        _reported(bureau, yesterday)
    assert replica.captured_queries == []
    assert api_for(bureau_supervisor).get("/healthz").json()["reads"] == "replica"
    with _queries_by_alias() as (_primary, replica):
        _reported(bureau, yesterday)
    assert "stats_statrow" in _tables_read(replica.captured_queries)


def test_without_a_replica_nothing_changes(settings, station_a, supervisor_a, client_for, client):
    settings.DATABASE_ROUTERS = []
    assert "replica" not in client.get("/healthz").json()
    with wuling.replica.reading_traffic() as alias:
        assert alias == "default"


def test_someone_placed_a_moment_ago_is_served_at_their_level_while_the_replica_lags(routed, station_a, client_for):
    """Where a person sits decides what they may read, so their staff profile is read from the primary
    like their rights: a city supervisor made while the replica lags is not refused as nobody."""
    from stations.roles import Role
    from tests.factories import make_person

    city = station_a.bureau.city
    _caught_up()
    with _replay_paused():
        citizen = make_person("placed_just_now", station=None, city=city, roles=[Role.BUREAU_SUPERVISOR])
        response = client_for(citizen).get("/stats/city/")
        assert response.status_code == 200
        assert response.context["board"].scope.kind == "city"
