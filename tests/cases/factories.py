"""Factories for incidents and cases, and their record makers for the generic scoping test."""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.choices import CaseKind, CaseStatus, IncidentCategory, IncidentChannel, OffenseType, PersonRole
from cases.models import Case, CasePerson, CustodyRecord, Incident
from tests.factories import StationFactory
from tests.scoping import register_record_maker


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    station = factory.SubFactory(StationFactory)
    number = factory.Sequence(lambda n: f"TEST-J{n:06d}")
    category = IncidentCategory.DISPUTE
    channel = IncidentChannel.DISPATCH_110
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    reported_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    address = "武陵区朝阳路12号"
    summary = factory.Sequence(lambda n: f"邻里噪音纠纷{n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    station = factory.SubFactory(StationFactory)
    number = factory.Sequence(lambda n: f"TEST-A{n:06d}")
    kind = CaseKind.CRIMINAL
    offense_type = OffenseType.THEFT
    title = factory.Sequence(lambda n: f"电动车被盗案{n}")
    registered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    status = CaseStatus.REGISTERED


class CasePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePerson

    case = factory.SubFactory(CaseFactory)
    role = PersonRole.SUSPECT
    name = factory.Sequence(lambda n: f"嫌疑人{n}")


class CustodyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodyRecord

    case = factory.SubFactory(CaseFactory)
    station = factory.SelfAttribute("case.station")
    person_name = factory.Sequence(lambda n: f"到案人{n}")


@register_record_maker(Incident, search=lambda obj: obj.number)
def _incident(station):
    return IncidentFactory(station=station, summary="独有警情摘要")


@register_record_maker(Case, search=lambda obj: obj.number)
def _case(station):
    return CaseFactory(station=station, title="独有案件")


@register_record_maker(CasePerson, search=lambda obj: obj.name)
def _case_person(station):
    return CasePersonFactory(case=CaseFactory(station=station), name="独有嫌疑人")


@register_record_maker(CustodyRecord, search=lambda obj: obj.person_name)
def _custody_record(station):
    return CustodyRecordFactory(case=CaseFactory(station=station), person_name="独有到案人")
