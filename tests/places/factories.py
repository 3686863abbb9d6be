"""Factories of the places app, and its models in the generic scoping test's registry."""

from places.demo import polygon
from places.models import CommunityArea
from tests.factories import CommunityFactory
from tests.scoping import register_record_maker


def square(west: float, south: float, size: float = 0.01) -> dict:
    return polygon([(west, south), (west + size, south), (west + size, south + size), (west, south + size)])


def area_for(community, west: float = 111.6, south: float = 29.0, size: float = 0.01) -> CommunityArea:
    return CommunityArea.objects.create(community=community, boundary=square(west, south, size))


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


@register_record_maker(CommunityArea)
def _area(station):
    return area_for(CommunityFactory(station=station))


def dispute_at(station, *, community=None, standard_address=None, status=None, risk="yellow", **kwargs):
    """A dispute registered through the service (its address the standard one given); `status` set after."""
    from mediation.models import Dispute
    from tests.mediation.factories import make_dispute

    dispute = make_dispute(station, community=community, standard_address=standard_address, risk=risk, **kwargs)
    if status is not None:
        Dispute.objects.filter(pk=dispute.pk).update(status=status)
        dispute.refresh_from_db()
    return dispute
