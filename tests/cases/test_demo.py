"""Demo data: plausible, numbered like real records, and a second run adds nothing."""

import random

import pytest
from django.utils import timezone
from faker import Faker

from cases import demo
from cases.models import Case, CustodyRecord, Incident
from stations.demo import DemoContext
from stations.models import NumberCounter
from tests.cases.factories import IncidentFactory
from tests.factories import CommunityFactory, StationFactory, make_person

pytestmark = pytest.mark.django_db


def test_demo_seeds_two_years_per_station_and_is_idempotent():
    stations = [StationFactory(code=f"D{n}") for n in range(2)]
    for station in stations:
        CommunityFactory(station=station)
        make_person(f"cmd{station.code}", station=station)
    ctx = DemoContext(rng=random.Random(1), faker=Faker("zh_CN"), stations=stations)
    demo.seed(ctx)
    incidents = Incident.objects.count()
    assert incidents > 200
    assert Case.objects.exists()
    first, last = Incident.objects.order_by("reported_at").first(), Incident.objects.order_by("reported_at").last()
    assert (last.reported_at - first.reported_at).days > 700
    numbers = list(Incident.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # Counters continue after the demo: the next number is not a duplicate.
    assert NumberCounter.objects.filter(station=stations[0], kind="J").exists()
    demo.seed(ctx)
    assert Incident.objects.count() == incidents


def test_demo_is_skipped_when_incidents_exist(station_a):
    IncidentFactory(station=station_a)
    ctx = DemoContext(rng=random.Random(1), faker=Faker("zh_CN"), stations=[station_a])
    demo.seed(ctx)
    assert Incident.objects.count() == 1


def test_demo_brings_suspects_through_the_case_processing_center():
    station = StationFactory(code="D9")
    CommunityFactory(station=station)
    make_person("cmdD9", station=station)
    ctx = DemoContext(rng=random.Random(2), faker=Faker("zh_CN"), stations=[station])

    demo.seed(ctx)

    records = list(CustodyRecord.objects.select_related("case", "person"))
    assert records, "the case-processing center list would be empty"
    for record in records:
        assert record.station_id == record.case.station_id and record.person.case_id == record.case_id
        assert record.case.registered_at <= record.time_in <= timezone.now()
        assert record.time_out is None or record.time_in < record.time_out <= timezone.now()
        record.full_clean()
    assert any(r.time_out and r.escort_destination for r in records)
    assert CustodyRecord.objects.count() == len(records)
    demo.seed(ctx)
    assert CustodyRecord.objects.count() == len(records)
