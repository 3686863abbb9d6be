"""Factories of the staffing app, and its record makers for the generic scoping test."""

import itertools
from datetime import date

import factory

from staffing.choices import SeatLevel
from staffing.models import Assignment, Award, CommitteeSeat
from stations.choices import Unit
from tests.factories import CommunityFactory, StationFactory, make_person
from tests.scoping import register_record_maker

_people = itertools.count(1)


def _person(station):
    return make_person(f"staff_{next(_people)}", station=station)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    station = factory.SubFactory(StationFactory)
    bureau = factory.LazyAttribute(lambda o: o.station.bureau)
    person = factory.LazyAttribute(lambda o: _person(o.station))
    unit = Unit.COMMUNITY_SQUAD
    start = date(2026, 1, 1)


class CommitteeSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeSeat

    station = factory.SubFactory(StationFactory)
    bureau = factory.LazyAttribute(lambda o: o.station.bureau)
    person = factory.LazyAttribute(lambda o: _person(o.station))
    level = SeatLevel.COMMUNITY
    community = factory.LazyAttribute(lambda o: CommunityFactory(station=o.station))
    committee = factory.Sequence(lambda n: f"第{n}社区居委会")
    since = date(2026, 1, 1)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    station = factory.SubFactory(StationFactory)
    bureau = factory.LazyAttribute(lambda o: o.station.bureau)
    person = factory.LazyAttribute(lambda o: _person(o.station))
    unit = Unit.COMMUNITY_SQUAD
    title = factory.Sequence(lambda n: f"个人三等功{n}")
    awarded_on = date(2026, 3, 1)


@register_record_maker(Assignment, search=lambda a: a.person.first_name)
def _assignment(station):
    return AssignmentFactory(station=station)


@register_record_maker(CommitteeSeat, search=lambda s: s.person.first_name)
def _seat(station):
    return CommitteeSeatFactory(station=station)


@register_record_maker(Award, search=lambda a: a.person.first_name)
def _award(station):
    return AwardFactory(station=station)
