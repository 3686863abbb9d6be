"""Shared fixtures: named people, clients, a real Celery worker, a real browser.

The people (STYLE.md, convention 7): `officer_a` (station officer of station
A), `colleague_a`, `supervisor_a`, `community_officer_a`, `case_officer_a`,
`mediator_a`, `retired_a` (a deactivated officer of station A), `officer_b`
and `mediator_b` (station B), `bureau_supervisor`.
"""

import os
from importlib import import_module
from importlib.util import find_spec

import pytest
from rest_framework.test import APIClient

from stations.choices import StaffKind, Unit
from stations.roles import Role
from tests.factories import CommunityFactory, StationFactory, make_person

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Each app's test factories register their scoped models with the registry.
for _module in (
    "tests.community.factories",
    "tests.cases.factories",
    "tests.mediation.factories",
    "tests.control.factories",
    "tests.stats.factories",
    "tests.staffing.factories",
    "tests.equipment.factories",
    "tests.antifraud.factories",
    "tests.places.factories",
):
    if find_spec(_module.rsplit(".", 1)[0]) and find_spec(_module):
        import_module(_module)

pytest_plugins = ["tests.fixtures.ci", "tests.fixtures.worker", "tests.fixtures.browser"]


@pytest.fixture
def station_a(db):
    return StationFactory(name="城东派出所", code="A01")


@pytest.fixture
def station_b(db):
    return StationFactory(name="城西派出所", code="B01")


@pytest.fixture
def community_a(station_a):
    return CommunityFactory(station=station_a, name="朝阳社区")


@pytest.fixture
def community_b(station_b):
    return CommunityFactory(station=station_b, name="建设社区")


@pytest.fixture
def officer_a(station_a):
    return make_person("officer_a", station=station_a, roles=[Role.STATION_OFFICER])


@pytest.fixture
def colleague_a(station_a):
    return make_person("colleague_a", station=station_a, roles=[Role.STATION_OFFICER])


@pytest.fixture
def supervisor_a(station_a):
    return make_person("supervisor_a", station=station_a, roles=[Role.STATION_SUPERVISOR], unit=Unit.LEADERSHIP)


@pytest.fixture
def community_officer_a(station_a, community_a):
    return make_person(
        "community_officer_a",
        station=station_a,
        roles=[Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        unit=Unit.COMMUNITY_SQUAD,
        communities=[community_a],
    )


@pytest.fixture
def retired_a(station_a):
    """An officer of station A whose account has been deactivated (left, or moved on)."""
    user = make_person("retired_a", station=station_a, roles=[Role.STATION_OFFICER])
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def case_officer_a(station_a):
    return make_person(
        "case_officer_a", station=station_a, roles=[Role.CASE_OFFICER, Role.STATION_OFFICER], unit=Unit.CASE_SQUAD
    )


@pytest.fixture
def mediator_a(station_a):
    return make_person(
        "mediator_a", station=station_a, roles=[Role.MEDIATOR], unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.MEDIATOR
    )


@pytest.fixture
def officer_b(station_b):
    return make_person("officer_b", station=station_b, roles=[Role.STATION_OFFICER])


@pytest.fixture
def mediator_b(station_b):
    return make_person(
        "mediator_b", station=station_b, roles=[Role.MEDIATOR], unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.MEDIATOR
    )


@pytest.fixture
def bureau_supervisor(db):
    return make_person("bureau_supervisor", station=None, roles=[Role.BUREAU_SUPERVISOR], unit=Unit.BUREAU)


@pytest.fixture
def other_bureau(db):
    """A second sub-bureau of the same city (鼎城分局), with a station of its own."""
    from tests.factories import BureauFactory, StationFactory

    bureau = BureauFactory(code="DC", name="鼎城分局")
    StationFactory(bureau=bureau, name="灌溪派出所", code="DC01")
    return bureau


@pytest.fixture
def other_bureau_supervisor(other_bureau):
    """The supervisor of the second sub-bureau: bureau level, but of another bureau."""
    return make_person(
        "other_bureau_supervisor", station=None, bureau=other_bureau, roles=[Role.BUREAU_SUPERVISOR], unit=Unit.BUREAU
    )


@pytest.fixture
def city_supervisor(db):
    """A supervisor of the city bureau, who sees every sub-bureau of the city."""
    from tests.factories import CityFactory

    return make_person("city_supervisor", station=None, city=CityFactory(), roles=[Role.BUREAU_SUPERVISOR])


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client signed in as that user."""
    from django.test import Client

    def sign_in(user):
        signed_in = Client()
        signed_in.force_login(user)
        return signed_in

    return sign_in


@pytest.fixture
def api_for():
    """`api_for(user)`: a DRF client authenticated as that user."""

    def authenticate(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return authenticate


@pytest.fixture(autouse=True)
def _roles_present(request):
    """Every test that uses the database starts with the roles in place."""
    from tests.factories import ensure_roles, remember_roles

    fixtures = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or fixtures & {"db", "transactional_db", "live_server"}:
        request.getfixturevalue("_django_db_helper")
        remember_roles()  # once, from the freshly migrated test database
        ensure_roles()


@pytest.fixture(autouse=True)
def _fresh_stats_cache():
    """Each test starts a new generation of the dashboard cache (stats.cache): on SQLite, ids come
    back from one test to the next, and a cached figure of the last test would answer this one."""
    from django.core.cache import cache

    from stats.cache import GENERATION_KEY

    cache.delete(GENERATION_KEY)
