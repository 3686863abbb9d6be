"""Factories of the community app, and its record makers for the generic scoping test."""

import itertools
from datetime import date, timedelta

import factory
from django.utils import timezone

from community.choices import ActivityKind, Affiliation, HazardCategory, HazardStatus, ImportKind, PlaceKind, PostKind
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    ImportJob,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    TeamMember,
)
from kit.personal import build_id_number
from tests.factories import CommunityFactory, StationFactory, UserFactory
from tests.scoping import register_record_maker

_id_sequence = itertools.count(1)


def next_id_number(birth_date=date(1980, 5, 17), sex="M") -> str:
    """A valid, unused ID number of 武陵区 (430702)."""
    n = next(_id_sequence)
    return build_id_number("430702", birth_date + timedelta(days=n // 400), n, sex)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    street = "建设路"
    number = factory.Sequence(lambda n: str(n + 1))
    building = "1"
    room = "101"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address = factory.SubFactory(AddressFactory)
    station = factory.LazyAttribute(lambda o: o.address.station)
    community = factory.LazyAttribute(lambda o: o.address.community)
    head_name = factory.Sequence(lambda n: f"户主{n}")


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    name = factory.Sequence(lambda n: f"居民{n}")
    id_number = factory.LazyFunction(next_id_number)
    birth_date = factory.LazyAttribute(
        lambda o: date(int(o.id_number[6:10]), int(o.id_number[10:12]), int(o.id_number[12:14]))
    )
    sex = factory.LazyAttribute(lambda o: "M" if int(o.id_number[16]) % 2 else "F")
    phone = "13812345678"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    name = factory.Sequence(lambda n: f"场所{n}")
    kind = PlaceKind.SHOP
    contact_phone = "13912345678"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    officer = factory.SubFactory(UserFactory)
    kind = ActivityKind.HOUSEHOLD_VISIT
    occurred_at = factory.LazyFunction(timezone.now)
    summary = factory.Sequence(lambda n: f"走访记录{n}")


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    officer = factory.SubFactory(UserFactory)
    category = HazardCategory.FIRE
    description = factory.Sequence(lambda n: f"消防通道堵塞{n}")
    found_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    status = HazardStatus.DUE


class PatrolTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolTeam

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"巡逻队{n}")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(PatrolTeamFactory)
    name = factory.Sequence(lambda n: f"队员{n}")
    affiliation = Affiliation.VOLUNTEER


class PatrolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patrol

    team = factory.SubFactory(PatrolTeamFactory)
    station = factory.LazyAttribute(lambda o: o.team.station)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    ended_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    area = factory.Sequence(lambda n: f"建设路沿线{n}")
    police_count = 2
    volunteer_count = 6


class PolicePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicePost

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    kind = PostKind.ROOM
    name = factory.Sequence(lambda n: f"警务室{n}")
    location = "建设路1号"


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    station = factory.SubFactory(StationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    kind = ImportKind.RESIDENTS
    file_name = factory.Sequence(lambda n: f"register{n}.xlsx")
    content = b""


@register_record_maker(Address, search=lambda obj: obj.street)
def _address(station):
    return AddressFactory(station=station, street="独有路")


@register_record_maker(Household, search=lambda obj: obj.head_name)
def _household(station):
    return HouseholdFactory(address=AddressFactory(station=station), head_name="独有户主")


@register_record_maker(Resident, search=lambda obj: obj.name)
def _resident(station):
    return ResidentFactory(station=station, name="独有居民")


@register_record_maker(Place, search=lambda obj: obj.name)
def _place(station):
    return PlaceFactory(station=station, name="独有场所")


@register_record_maker(Activity, search=lambda obj: obj.summary)
def _activity(station):
    return ActivityFactory(station=station, summary="独有走访")


@register_record_maker(Hazard, search=lambda obj: obj.description)
def _hazard(station):
    return HazardFactory(station=station, description="独有隐患")


@register_record_maker(PatrolTeam, search=lambda obj: obj.name)
def _team(station):
    return PatrolTeamFactory(station=station, name="独有巡逻队")


@register_record_maker(TeamMember)
def _member(station):
    return TeamMemberFactory(team=PatrolTeamFactory(station=station))


@register_record_maker(Patrol, search=lambda obj: obj.area)
def _patrol(station):
    return PatrolFactory(team=PatrolTeamFactory(station=station), area="独有路线")


@register_record_maker(PolicePost, search=lambda obj: obj.name)
def _post(station):
    return PolicePostFactory(station=station, name="独有警务室")


@register_record_maker(ImportJob, search=lambda obj: obj.file_name)
def _import(station):
    return ImportJobFactory(station=station, file_name="独有名册.xlsx")


def with_community_permissions(user):
    """Every permission of the community app, given to the user directly.

    Transactional tests (a real worker or browser) run after a database flush,
    which removes the role groups the data migrations made; direct
    permissions do not depend on them.
    """
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="community"))
    return user
