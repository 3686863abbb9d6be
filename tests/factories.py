"""factory_boy factories for the organisation, and helpers to make people."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from stations.choices import StaffKind, Unit
from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station
from stations.roles import Role
from tests.scoping import register_record_maker

TEST_PASSWORD = "Correct-horse-battery-9"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["code"]

    name = "常德市公安局"
    code = "CD"


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau
        django_get_or_create = ["code"]

    city = factory.SubFactory(CityFactory)
    name = "武陵分局"
    code = "WL"


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    bureau = factory.SubFactory(BureauFactory)
    name = factory.Sequence(lambda n: f"测试{n}派出所")
    code = factory.Sequence(lambda n: f"T{n:03d}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"第{n}社区")


class CommunityPopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityPopulation

    community = factory.SubFactory(CommunityFactory)
    year = 2026
    population = 10000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "测"
    first_name = factory.Sequence(lambda n: f"试{n}")
    password = factory.django.Password(TEST_PASSWORD)


_ROLE_SNAPSHOT: dict[str, list[tuple[str, str]]] = {}


def remember_roles():
    """Record the roles and their permissions as the migrations made them (first call only)."""
    if _ROLE_SNAPSHOT:
        return
    for group in Group.objects.prefetch_related("permissions__content_type"):
        _ROLE_SNAPSHOT[group.name] = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]


def ensure_roles():
    """Put the roles back after a transactional test flushed the database.

    A flush drops what data migrations created; permissions and content types
    come back by themselves (post_migrate), groups do not. Django's serialized
    rollback cannot restore them here: Playwright's event loop gives the test
    thread a different database connection object than the one holding the
    serialized copy.
    """
    if Group.objects.exists():
        return
    for name, perms in _ROLE_SNAPSHOT.items():
        group = Group.objects.create(name=name)
        wanted = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in perms]
        group.permissions.set(wanted)


def make_person(
    username, *, station, roles=(), unit=None, kind=StaffKind.POLICE, communities=(), bureau=None, city=None
):
    """A user with a staff profile at `station`, or at `bureau` or `city` (station None and neither
    given: the default bureau, 武陵分局), with the given roles."""
    ensure_roles()
    user = UserFactory(username=username)
    if station is None and bureau is None and city is None:
        bureau = BureauFactory()
    if unit is None:
        unit = Unit.COMMAND_ROOM if station is not None else (Unit.CITY if city is not None else Unit.BUREAU)
    profile = StaffProfile.objects.create(user=user, station=station, bureau=bureau, city=city, unit=unit, kind=kind)
    if communities:
        profile.communities.set(communities)
    user.groups.add(*Group.objects.filter(name__in=list(roles)))
    return user


def grant_all_model_permissions(user):
    """Every model permission, but no superuser flag: scoping is the only barrier left."""
    user.user_permissions.add(*Permission.objects.all())
    return user


ALL_STATION_ROLES = [
    Role.STATION_OFFICER,
    Role.COMMUNITY_OFFICER,
    Role.CASE_OFFICER,
    Role.MEDIATOR,
    Role.STATION_SUPERVISOR,
]


@register_record_maker(Station, search=lambda station: station.name)
def _station_record(station):
    return station


@register_record_maker(Community, search=lambda community: community.name)
def _community_record(station):
    return CommunityFactory(station=station, name="独有社区")
