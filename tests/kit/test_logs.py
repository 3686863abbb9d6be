"""No identifier in a log line: a search by ID number leaves the number in no log."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from kit.logs import DropQueryStrings, without_query_strings
from tests.community.factories import ResidentFactory
from tests.fixtures.worker import ROOT, database_url_for_tests

NUMBER = "43070219900101123X"


def test_query_strings_are_cut_from_request_lines_and_urls():
    line = f'"GET /community/residents/?q={NUMBER}&page=2 HTTP/1.1" 200 5120'
    assert without_query_strings(line) == '"GET /community/residents/?… HTTP/1.1" 200 5120'
    assert without_query_strings("是否？") == "是否？"


def test_the_filter_rewrites_a_record_made_with_arguments():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"GET /x/?q={NUMBER} HTTP/1.1", 200, 9), None
    )
    assert DropQueryStrings().filter(record)
    assert NUMBER not in record.getMessage() and "/x/" in record.getMessage()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_search_by_id_number_through_gunicorn_leaves_it_in_no_log(officer_a, station_a, tmp_path):
    from knox.models import AuthToken

    ResidentFactory(station=station_a, id_number=NUMBER)
    _instance, token = AuthToken.objects.create(user=officer_a)
    connection.close()
    port = _free_port()
    log = Path(tmp_path / "gunicorn.log")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_for_tests(),
        "LOG_LEVEL": "DEBUG",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "wuling/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "wuling.wsgi:application"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/v1/residents/?q={NUMBER}"
        request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.3)
        assert '"count":1' in body.replace(" ", "")
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    written = log.read_text()
    assert "/api/v1/residents/" in written, written
    assert NUMBER not in written and NUMBER[:10] not in written
