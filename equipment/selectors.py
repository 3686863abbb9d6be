"""Each station's inventory against its allocation: one query for the allocations, one for the items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from equipment.choices import GONE, ItemStatus
from equipment.filters import due_q
from equipment.models import Allocation, EquipmentItem
from stations.models import Station


@dataclass
class InventoryRow:
    station: Station
    type_name: str
    allocated: int
    held: int  # items the station has (not lost)
    issued: int
    out_of_service: int  # damaged or in maintenance
    due: int

    @property
    def short(self) -> int:
        return max(0, self.allocated - self.held)


def inventory(user) -> list[InventoryRow]:
    stations = {s.pk: s for s in Station.objects.visible_to(user)}
    allocated = {
        (a.station_id, a.type_id): (a.type.name, a.quantity)
        for a in Allocation.objects.visible_to(user).select_related("type")
    }
    counts = (
        EquipmentItem.objects.visible_to(user)
        .values("station_id", "type_id", "type__name")
        .annotate(
            held=Count("pk", filter=~Q(status__in=GONE)),
            issued=Count("pk", filter=Q(status=ItemStatus.ISSUED)),
            out=Count("pk", filter=Q(status__in=[ItemStatus.DAMAGED, ItemStatus.MAINTENANCE])),
            due=Count("pk", filter=due_q() & ~Q(status__in=GONE)),
        )
        .order_by()
    )
    rows: dict = defaultdict(dict)
    for c in counts:
        key = (c["station_id"], c["type_id"])
        name, quantity = allocated.pop(key, (c["type__name"], 0))
        rows[key] = InventoryRow(stations[c["station_id"]], name, quantity, c["held"], c["issued"], c["out"], c["due"])
    for (station_id, type_id), (name, quantity) in allocated.items():
        rows[(station_id, type_id)] = InventoryRow(stations[station_id], name, quantity, 0, 0, 0, 0)
    return sorted(rows.values(), key=lambda r: (r.station.code, r.type_name))
