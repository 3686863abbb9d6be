"""Factories of the anti-fraud app, and its record makers for the generic scoping test."""

from datetime import timedelta

import factory
from django.utils import timezone

from antifraud.models import FraudWarning, WarningImport
from tests.community.factories import next_id_number
from tests.factories import StationFactory
from tests.scoping import register_record_maker


class FraudWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FraudWarning

    station = factory.SubFactory(StationFactory)
    reference = factory.Sequence(lambda n: f"YJ2026-{n:06d}")
    person_name = factory.Sequence(lambda n: f"预警对象{n}")
    id_number = factory.LazyFunction(next_id_number)
    reason = "疑似冒充客服退款诈骗"
    warned_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=20))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))


@register_record_maker(FraudWarning, search=lambda w: w.reference)
def _warning(station):
    return FraudWarningFactory(station=station)


@register_record_maker(WarningImport, search=lambda j: j.file_name)
def _import(station):
    return WarningImport.objects.create(station=station, file_name="预警名单.xlsx", content=b"")
