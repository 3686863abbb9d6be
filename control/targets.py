"""Target lists from the registers: each rule is a saved filter over the app's own data.

`targets_of(target_list)` gives the `Target`s a list finds today, each owned by one station (and,
where the register says, a community): what an order issued from the list is made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from cases.models import Incident
from community.choices import ActivityKind, HazardStatus, HouseholdKind
from community.models import Activity, Hazard, Household, Place, Resident
from control.choices import Evidence, TargetRule
from mediation.models import Dispute
from stations.models import Station

#: Targets a list may bring into one order (the rest would drown the stations).
MAX_TARGETS = 2000


@dataclass(frozen=True)
class Target:
    station_id: int
    label: str
    community_id: int | None = None
    resident_id: int | None = None
    household_id: int | None = None
    address_id: int | None = None
    place_id: int | None = None
    hazard_id: int | None = None

    def item_fields(self) -> dict:
        return {
            "station_id": self.station_id,
            "label": self.label[:200],
            "community_id": self.community_id,
            "resident_id": self.resident_id,
            "household_id": self.household_id,
            "address_id": self.address_id,
            "place_id": self.place_id,
            "hazard_id": self.hazard_id,
        }


#: The evidence an order made from a list asks for, by rule.
RULE_EVIDENCE = {
    TargetRule.TAGGED_NOT_VISITED: Evidence.VISIT,
    TargetRule.PLACES_NOT_INSPECTED: Evidence.INSPECTION,
    TargetRule.HAZARDS_PAST_DEADLINE: Evidence.HAZARD,
    TargetRule.REPEAT_ADDRESSES: Evidence.VISIT,
    TargetRule.RENTALS_NOT_CHECKED: Evidence.VISIT,
}


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _stations(target_list):
    stations = Station.objects.filter(bureau_id=target_list.bureau_id)
    if target_list.station_id is not None:
        stations = stations.filter(pk=target_list.station_id)
    return stations.values("pk")


def targets_of(target_list, *, now=None, limit: int = MAX_TARGETS) -> list[Target]:
    """What the list finds now, ordered by station and community; at most `limit`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    stations = _stations(target_list)
    rule = target_list.rule
    since = now - timedelta(days=target_list.days)
    if rule == TargetRule.TAGGED_NOT_VISITED:
        visited = Activity.objects.filter(
            Q(resident=OuterRef("pk")) | Q(household_id=OuterRef("household_id"), household__isnull=False),
            kind=ActivityKind.HOUSEHOLD_VISIT,
            occurred_at__gte=since,
        )
        rows = (
            Resident.objects.filter(station__in=stations, tags__name=target_list.tag)
            .exclude(Exists(visited))
            .order_by("station_id", "community_id", "name", "pk")
            .values_list("station_id", "community_id", "pk", "name")[:limit]
        )
        return [Target(s, name, community_id=c, resident_id=pk) for s, c, pk, name in rows]
    if rule == TargetRule.PLACES_NOT_INSPECTED:
        first = quarter_start(today)
        start = timezone.make_aware(timezone.datetime(first.year, first.month, first.day))
        inspected = Activity.objects.filter(
            place=OuterRef("pk"), kind=ActivityKind.PLACE_INSPECTION, occurred_at__gte=start
        )
        rows = (
            Place.objects.filter(station__in=stations)
            .exclude(Exists(inspected))
            .order_by("station_id", "community_id", "name", "pk")
            .values_list("station_id", "community_id", "pk", "name")[:limit]
        )
        return [Target(s, name, community_id=c, place_id=pk) for s, c, pk, name in rows]
    if rule == TargetRule.HAZARDS_PAST_DEADLINE:
        rows = (
            Hazard.objects.filter(station__in=stations, due_on__lt=today)
            .exclude(status=HazardStatus.RECTIFIED)
            .order_by("station_id", "community_id", "due_on", "pk")
            .values_list("station_id", "community_id", "pk", "description")[:limit]
        )
        return [Target(s, text, community_id=c, hazard_id=pk) for s, c, pk, text in rows]
    if rule == TargetRule.REPEAT_ADDRESSES:
        window = now - timedelta(days=30)
        disputed = Dispute.objects.filter(
            station_id=OuterRef("station_id"), address=OuterRef("address"), registered_at__gte=window
        )
        rows = (
            Incident.objects.filter(station__in=stations, reported_at__gte=window)
            .exclude(address="")
            .values("station_id", "address")
            .annotate(calls=Count("pk"), disputed=Exists(disputed), community=Max("community_id"))
            .filter(calls__gte=target_list.min_incidents, disputed=False)
            .order_by("station_id", "address")
        )
        return [Target(r["station_id"], r["address"], community_id=r["community"]) for r in rows[:limit]]
    if rule == TargetRule.RENTALS_NOT_CHECKED:
        checked = Activity.objects.filter(
            household=OuterRef("pk"), kind=ActivityKind.HOUSEHOLD_VISIT, occurred_at__gte=since
        )
        rows = (
            Household.objects.filter(station__in=stations, kind=HouseholdKind.RENTAL)
            .exclude(Exists(checked))
            .select_related("address")
            .order_by("station_id", "community_id", "pk")[:limit]
        )
        return [
            Target(
                h.station_id,
                f"{h.head_name or ''} {h.address}".strip(),
                community_id=h.community_id,
                household_id=h.pk,
                address_id=h.address_id,
            )
            for h in rows
        ]
    return []
