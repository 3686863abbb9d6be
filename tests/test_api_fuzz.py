"""Schemathesis over the whole API schema, as a station officer who can write and as a bureau supervisor.

Every operation of /api/schema/ is called with inputs generated from the schema (valid and not),
in-process through the real Django stack, on the test database with a few records of each kind.
No answer may be a server error (5xx), and every answer must match what the schema says of it.
Bounded: `WULING_FUZZ_EXAMPLES` examples per operation (default 4), a few minutes in all.
"""

import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from stations.roles import Role
from tests.factories import make_person
from tests.scoping import RECORD_MAKERS

EXAMPLES = int(os.environ.get("WULING_FUZZ_EXAMPLES", "4"))
WRITER_ROLES = [Role.STATION_OFFICER, Role.CASE_OFFICER, Role.COMMUNITY_OFFICER, Role.MEDIATOR, Role.STATION_SUPERVISOR]


def _schema_dict() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


@pytest.fixture
def api_schema(db):
    schema = schemathesis.openapi.from_dict(_schema_dict())
    schema.app = WSGIHandler()
    # As Django's test client does: the handler would otherwise close the test's connection (and its
    # transaction) after every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def people(station_a, community_a):
    """A writer at station A holding every station role, a bureau supervisor, and records to find."""
    from knox.models import AuthToken

    for maker in RECORD_MAKERS.values():
        maker.make(station_a)
    writer = make_person("fuzz_writer", station=station_a, roles=WRITER_ROLES, communities=[community_a])
    bureau = make_person("fuzz_bureau", station=None, roles=[Role.BUREAU_SUPERVISOR])
    return {name: AuthToken.objects.create(user=user)[1] for name, user in (("writer", writer), ("bureau", bureau))}


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def _describe(exc) -> str:
    """The kinds of failure and the first response line schemathesis shows, on one line."""
    parts = [str(e).strip().splitlines()[0] for e in getattr(exc, "exceptions", [exc])]
    shown = [line.strip() for line in str(exc).splitlines() if line.strip().startswith(("[", "Received", "`"))]
    return "; ".join(parts + shown[:3])[:400]


def _fuzz(schema, token) -> list[str]:
    """Every operation, EXAMPLES generated cases each; the failures found, one line each."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/v1/auth/"):
            continue  # signing in and out: their own tests (tests/stations/test_sign_in.py)

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers={"Authorization": f"Token {token}"})
            case.validate_response(
                response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation's failures, reported together
            failures.append(f"{operation.label}: {_describe(exc)}")
    return failures


def test_as_a_station_writer_no_server_error_and_every_answer_as_documented(api_schema, people):
    failures = _fuzz(api_schema, people["writer"])
    assert not failures, "\n".join(failures)


def test_as_a_bureau_supervisor_no_server_error_and_every_answer_as_documented(api_schema, people):
    failures = _fuzz(api_schema, people["bureau"])
    assert not failures, "\n".join(failures)
