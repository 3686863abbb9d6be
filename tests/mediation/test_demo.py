"""The mediation demo: two years of disputes for every station, matched to incidents sent to mediation."""

import random

import pytest
from django.utils import timezone
from faker import Faker

from cases.choices import Disposition
from mediation import demo
from mediation.choices import DisputeStatus, FollowUpResult, FollowUpStatus
from mediation.models import Dispute, FollowUp
from stations.demo import DemoContext
from stations.demo import seed as seed_organisation
from tests.mediation.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    context = DemoContext(rng=random.Random(7), faker=Faker("zh_CN"))
    seed_organisation(context)
    return context


def test_every_station_gets_two_years_of_disputes_and_a_second_run_adds_nothing(ctx):
    incident = IncidentFactory(station=ctx.stations[0], disposition=Disposition.MEDIATION, summary="邻居装修噪音扰民")
    IncidentFactory(station=ctx.stations[0], disposition=Disposition.ON_SITE)

    demo.seed(ctx)
    counts = (Dispute.objects.count(), FollowUp.objects.count())
    demo.seed(ctx)

    assert (Dispute.objects.count(), FollowUp.objects.count()) == counts
    assert set(Dispute.objects.values_list("station", flat=True)) == {s.pk for s in ctx.stations}
    oldest = Dispute.objects.order_by("registered_at").first().registered_at
    assert (timezone.now() - oldest).days > 600
    matched = Dispute.objects.get(incident=incident)
    assert matched.category == "noise"
    assert matched.parties.first().name == incident.reporter_name
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert {DisputeStatus.CLOSED, DisputeStatus.REFERRED, DisputeStatus.RESOLVED} <= statuses
    assert FollowUp.objects.filter(result=FollowUpResult.RELAPSED).exists()
    assert Dispute.objects.filter(relapse_count__gt=0).exists()
    # Closed disputes carry no visit still due.
    assert not FollowUp.objects.filter(dispute__status=DisputeStatus.CLOSED, status=FollowUpStatus.SCHEDULED).exists()
