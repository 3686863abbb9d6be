"""Demo equipment: body cameras, protective gear and radios at every station against its allocation
(some stations short), cameras issued to their officers, a few lost, damaged or due for maintenance,
and footage references from the first station's cameras matched to its recent incidents."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from equipment import services
from equipment.choices import EquipmentCategory, ItemStatus
from equipment.models import Allocation, EquipmentItem, EquipmentType, Issue
from stations.choices import StaffKind
from stations.models import StaffProfile, person_name

TYPES = [
    ("执法记录仪 DSJ-V8", EquipmentCategory.BODY_CAMERA, 180, 365, "DSJ", 16),
    ("防刺服及防护装备", EquipmentCategory.PROTECTIVE_GEAR, 365, None, "FH", 16),
    ("数字对讲机 PD-680", EquipmentCategory.RADIO, 365, 730, "DJJ", 8),
]
# 226 new body cameras and 230 sets of protective gear over the 14 stations, a few stations short.
SHORT = {3: 4, 9: 3}


def seed(ctx) -> None:
    if not ctx.stations:
        ctx.say("equipment: no stations, skipped")
        return
    if EquipmentType.objects.exists():
        ctx.say("equipment: exists, skipped")
        return
    rng, today = ctx.rng, ctx.today
    types = {}
    for name, category, maintenance, battery, prefix, allocated in TYPES:
        types[prefix] = (
            EquipmentType.objects.create(name=name, category=category, maintenance_days=maintenance,
                                         battery_days=battery),
            allocated,
        )  # fmt: skip
    items, allocations = [], []
    for index, station in enumerate(ctx.stations):
        for prefix, (etype, allocated) in types.items():
            allocations.append(Allocation(station=station, type=etype, quantity=allocated))
            held = allocated - SHORT.get(index, 0) if prefix != "DJJ" else allocated
            for n in range(held):
                received = today - timedelta(days=rng.randint(40, 420))
                status = ItemStatus.IN_STORE
                roll = rng.random()
                if roll < 0.02:
                    status = ItemStatus.LOST
                elif roll < 0.05:
                    status = ItemStatus.DAMAGED
                items.append(
                    EquipmentItem(station=station, type=etype, serial=f"{prefix}{index + 1:02d}{n + 1:04d}",
                                  received_on=received, status=status,
                                  last_maintained_on=received + timedelta(days=rng.randint(0, 30)))
                )  # fmt: skip
    Allocation.objects.bulk_create(allocations)
    EquipmentItem.objects.bulk_create(items)

    # Cameras issued to each station's police (signed), from a month ago.
    camera_type = types["DSJ"][0]
    issued = 0
    for station in ctx.stations:
        cameras = list(EquipmentItem.objects.filter(station=station, type=camera_type, status=ItemStatus.IN_STORE))
        profiles = StaffProfile.objects.filter(station=station, kind=StaffKind.POLICE, user__is_active=True)
        officers = [p.user for p in profiles.select_related("user")]
        for camera, officer in zip(cameras, officers, strict=False):
            issue = Issue.objects.create(
                item=camera,
                holder=officer,
                issued_at=timezone.now() - timedelta(days=35),
                signature=person_name(officer),
            )
            camera.status, camera.holder = ItemStatus.ISSUED, officer
            camera.save(update_fields=["status", "holder"])
            issued += bool(issue)

    # Footage from the first station's cameras, matched to the incidents their wearers attended.
    from cases.models import Incident

    station = ctx.stations[0]
    recent = Incident.objects.filter(
        station=station,
        responding_officer__isnull=False,
        arrived_at__gte=timezone.now() - timedelta(days=30),
        arrived_at__lte=timezone.now() - timedelta(hours=2),
    ).order_by("-arrived_at")[:40]
    footage = 0
    for incident in recent:
        camera = EquipmentItem.objects.filter(holder=incident.responding_officer, type=camera_type).first()
        if camera is None:
            continue
        end = incident.closed_at or incident.arrived_at + timedelta(minutes=40)
        try:
            services.footage_register(
                by=None, station=station, device=camera,
                file_id=f"{camera.serial}_{incident.arrived_at:%Y%m%d%H%M}.mp4",
                started_at=incident.arrived_at - timedelta(minutes=3), ended_at=min(end, timezone.now()),
            )  # fmt: skip
            footage += 1
        except Exception:  # noqa: BLE001 - a demo recording that does not fit is simply left out
            continue
    ctx.say(f"equipment: {len(items)} items, {issued} cameras issued, {footage} footage references")
