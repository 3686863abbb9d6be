"""The interface shell: error pages, health, CSP, language, home pages per role."""

import logging
import re

import pytest
from django.urls import reverse

from stations.choices import ReminderKind
from stations.queue import QueueEntry
from stations.services import reminder_upsert

pytestmark = pytest.mark.django_db


def test_unknown_url_gets_the_styled_404_page(client_for, officer_a):
    response = client_for(officer_a).get("/no/such/page/")
    assert response.status_code == 404
    assert "该页面不存在" in response.content.decode()


@pytest.mark.urls("tests.stations.urls_with_error")
def test_server_error_shows_a_reference_and_no_traceback(client_for, officer_a, caplog):
    client = client_for(officer_a)
    client.raise_request_exception = False
    response = client.get("/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    reference = re.search(r'data-testid="error-reference">([0-9A-F]{12})<', body).group(1)
    assert "secret internals" not in body and "Traceback" not in body
    assert any(reference in record.getMessage() for record in caplog.records)


def test_a_record_not_there_or_not_theirs_is_logged_without_error_or_traceback(
    client_for, officer_a, supervisor_a, caplog
):
    client = client_for(officer_a)
    with caplog.at_level("INFO", logger="wuling.errors"):
        assert client.get(reverse("cases:incident-detail", kwargs={"pk": 987654})).status_code == 404
        # A page the officer's role may not open: 403.
        assert client.get(reverse("stats:bureau")).status_code in (302, 403)
    ours = [r for r in caplog.records if r.name == "wuling.errors"]
    assert ours, "the 404 is still logged"
    assert all(r.levelno < logging.ERROR and r.exc_info is None for r in ours)
    assert "Unhandled" not in caplog.text


@pytest.mark.urls("tests.stations.urls_with_error")
def test_a_server_error_is_logged_at_error_with_its_traceback(client_for, officer_a, caplog):
    client = client_for(officer_a)
    client.raise_request_exception = False
    client.get("/broken/")
    errors = [r for r in caplog.records if r.name == "wuling.errors" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None


def test_health_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_answers_503_when_the_broker_is_down(client):
    from wuling.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")  # the check opens a connection of its own, not from the pool
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_pages_carry_a_content_security_policy_without_unsafe_script(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_pages_load_nothing_from_another_host(client_for, officer_a):
    body = client_for(officer_a).get(reverse("home")).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', body)
    assert external == []


def test_chinese_even_when_the_browser_asks_for_english(client_for, officer_a):
    body = client_for(officer_a).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "我的待办" in body


def test_english_can_be_chosen(client_for, officer_a):
    client = client_for(officer_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My work queue" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "我的待办" in client.get(reverse("home")).content.decode()


def test_home_shows_an_empty_queue_in_chinese(client_for, officer_a):
    body = client_for(officer_a).get(reverse("home")).content.decode()
    assert "我的待办" in body
    assert "暂无待办事项" in body
    assert "派出所民警" in body  # the role badge


def test_menu_shows_only_what_the_role_may_open(client_for, officer_a, db):
    from django.contrib.auth import get_user_model

    from tests.factories import make_person

    nobody = make_person("no_roles", station=officer_a.staff_profile.station)
    officer_menu = client_for(officer_a).get(reverse("home")).content.decode()
    bare_menu = client_for(get_user_model().objects.get(pk=nobody.pk)).get(reverse("home")).content.decode()
    assert reverse("community-list") in officer_menu
    assert reverse("community-list") not in bare_menu


class TestQueue:
    def test_urgency_is_red_within_three_days_or_overdue_yellow_within_seven(self):
        from datetime import timedelta

        from django.utils import timezone

        today = timezone.localdate()

        def urgency(days):
            return QueueEntry("t", "/", "k", due_date=today + timedelta(days=days)).urgency

        assert [urgency(d) for d in (-1, 0, 3, 4, 7, 8)] == ["red", "red", "red", "yellow", "yellow", ""]
        assert QueueEntry("t", "/", "k").urgency == ""

    def test_a_reminder_for_the_officer_shows_on_their_home_page(self, client_for, officer_a, colleague_a):
        reminder_upsert(
            key="test:1", station_id=officer_a.staff_profile.station_id, kind=ReminderKind.TASK,
            title="核查城东菜市场周边监控", assignee=officer_a,
        )  # fmt: skip
        assert "核查城东菜市场周边监控" in client_for(officer_a).get(reverse("home")).content.decode()
        assert "核查城东菜市场周边监控" not in client_for(colleague_a).get(reverse("home")).content.decode()

    def test_station_wide_reminders_go_to_that_stations_supervisors(self, client_for, supervisor_a, officer_b):
        from stations.roles import Role
        from tests.factories import make_person

        supervisor_b = make_person(
            "supervisor_b", station=officer_b.staff_profile.station, roles=[Role.STATION_SUPERVISOR]
        )
        reminder_upsert(
            key="test:2", station_id=supervisor_a.staff_profile.station_id, kind=ReminderKind.TASK,
            title="分局下发：辖区电动车盗窃专项整治",
        )  # fmt: skip
        assert "电动车盗窃专项整治" in client_for(supervisor_a).get(reverse("home")).content.decode()
        assert "电动车盗窃专项整治" not in client_for(supervisor_b).get(reverse("home")).content.decode()

    def test_reminders_are_created_once_per_key(self, officer_a):
        station_id = officer_a.staff_profile.station_id
        first = reminder_upsert(key="k", station_id=station_id, kind=ReminderKind.OTHER, title="a")
        second = reminder_upsert(key="k", station_id=station_id, kind=ReminderKind.OTHER, title="a")
        assert first[1] is True and second[1] is False
        assert first[0].pk == second[0].pk


def test_list_page_says_how_many_records_match(client_for, officer_a, community_a):
    from tests.factories import CommunityFactory

    CommunityFactory(station=community_a.station, name="建设社区")
    body = client_for(officer_a).get(reverse("community-list")).content.decode()
    assert re.search(r'data-testid="result-count">2<', body)
    filtered = client_for(officer_a).get(reverse("community-list"), {"q": "建设"}).content.decode()
    assert re.search(r'data-testid="result-count">1<', filtered)


def test_list_page_has_an_empty_state(client_for, officer_a):
    body = client_for(officer_a).get(reverse("community-list"), {"q": "没有这个社区"}).content.decode()
    assert 'data-testid="empty-state"' in body
    assert "没有符合筛选条件的记录" in body


def test_names_are_written_family_name_first(client_for, officer_a):
    officer_a.last_name, officer_a.first_name = "李", "明"
    officer_a.save()
    assert "李明" in client_for(officer_a).get(reverse("home")).content.decode()


def test_the_menu_groups_each_modules_pages_under_its_name(client_for, supervisor_a):
    from stations.navigation import nav_groups_for

    groups = {group.label: group.url_names for group in nav_groups_for(supervisor_a)}
    assert groups["待办"] == ["home"]
    assert {"cases:incident-list", "cases:case-list"} <= set(groups["警情与案件"])
    assert "mediation:dispute-list" in groups["矛盾纠纷调解"]


def _cut_our_database_connection():
    """Ends this test's PostgreSQL session from a second one, as a server restart would."""
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k in ("host", "port", "user", "password")},
                         dbname=connection.settings_dict["NAME"], autocommit=True) as other:  # fmt: skip
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_the_api_answers_json_503_and_a_browser_the_styled_page(officer_a, client_for):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server to cut the connection of (CI runs on one)")
    api = client_for(officer_a)
    api.raise_request_exception = False  # see the answer a browser would get
    api.get(reverse("home"))  # signed in, session stored
    try:
        _cut_our_database_connection()
        response = api.get("/api/v1/stations/")
        assert response.status_code == 503
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "database_unavailable" and int(response["Retry-After"]) > 0
        connection.close()
        _cut_our_database_connection()
        page = api.get(reverse("home"))
        assert page.status_code == 503 and "503" in page.content.decode() and page["Retry-After"]
    finally:
        connection.close()
