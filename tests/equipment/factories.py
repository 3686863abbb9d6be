"""Factories of the equipment app, and its record makers for the generic scoping test."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from equipment.choices import EquipmentCategory
from equipment.models import EquipmentItem, EquipmentType, Footage
from tests.factories import StationFactory
from tests.scoping import register_record_maker


class EquipmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentType
        django_get_or_create = ["name"]

    name = "执法记录仪 DSJ-V8"
    category = EquipmentCategory.BODY_CAMERA
    maintenance_days = 180
    battery_days = 365


class EquipmentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentItem

    station = factory.SubFactory(StationFactory)
    type = factory.SubFactory(EquipmentTypeFactory)
    serial = factory.Sequence(lambda n: f"DSJ{n:06d}")
    received_on = date(2026, 1, 5)


class FootageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footage

    device = factory.SubFactory(EquipmentItemFactory)
    station = factory.LazyAttribute(lambda o: o.device.station)
    file_id = factory.Sequence(lambda n: f"VID_{n:05d}.mp4")
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    ended_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


@register_record_maker(EquipmentItem, search=lambda i: i.serial)
def _item(station):
    return EquipmentItemFactory(station=station)


@register_record_maker(Footage, search=lambda f: f.file_id)
def _footage(station):
    return FootageFactory(device=EquipmentItemFactory(station=station))
