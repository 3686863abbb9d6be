"""The control centre's demo: its logins, orders in every state at every station, overdue ones urged,
target lists with one issued; a second run adds nothing."""

import random

import pytest
from django.contrib.auth import get_user_model
from faker import Faker

from control import demo
from control.choices import OrderKind, OrderStatus, PartStatus
from control.models import Order, StationTask, TargetList
from stations.choices import Unit
from stations.demo import DemoContext
from stations.roles import Role
from tests.factories import CommunityFactory, StationFactory, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    stations = [StationFactory(code=f"D{n:02d}") for n in range(3)]
    for station in stations:
        for n in range(2):
            community = CommunityFactory(station=station)
            make_person(
                f"cop_{station.code}_{n}",
                station=station,
                roles=[Role.COMMUNITY_OFFICER],
                unit=Unit.COMMUNITY_SQUAD,
                communities=[community],
            )
    context = DemoContext(rng=random.Random(7), faker=Faker("zh_CN"))
    context.stations = stations
    return context


def test_every_station_has_a_part_in_every_state_and_a_second_run_adds_nothing(ctx):
    demo.seed(ctx)
    counts = (Order.objects.count(), StationTask.objects.count())
    demo.seed(ctx)
    assert (Order.objects.count(), StationTask.objects.count()) == counts

    users = set(get_user_model().objects.values_list("username", flat=True))
    assert {"centre", "department", "post"} <= users
    for station in ctx.stations:
        states = set(StationTask.objects.filter(station=station).values_list("status", flat=True))
        assert set(PartStatus.values) <= states, station
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert set(Order.objects.values_list("kind", flat=True)) == set(OrderKind.values)
    assert Order.objects.filter(kind=OrderKind.URGING, parent__isnull=False).exists()
    assert TargetList.objects.count() == 5
