"""Read-side queries of the control centre: the queues, each station's load, the assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from control.choices import ItemStatus, OrderKind, OrderStatus, PartStatus
from control.models import Order, StationTask, TaskItem
from kit.dates import local_midnight
from stations.choices import StaffKind, Unit
from stations.models import StaffProfile, Station
from stations.queue import QueueEntry
from stations.scoping import is_bureau_level, user_station_id

QUEUE_LIMIT = 200
OPEN_ITEM = (ItemStatus.OPEN, ItemStatus.RETURNED)
OPEN_PART = (PartStatus.TO_SIGN, PartStatus.SIGNED, PartStatus.ASSIGNED, PartStatus.RETURNED)


def _day(value):
    return timezone.localdate(value) if value else None


def part_list(user):
    return StationTask.objects.visible_to(user).select_related("order", "station")


def order_list(user):
    return Order.objects.visible_to(user).select_related("issued_by", "bureau")


def item_list(user):
    return TaskItem.objects.visible_to(user).select_related(
        "part__order", "station", "community", "assignee", "resident", "place", "hazard"
    )


def part_counts(part_ids) -> dict[int, tuple[int, int]]:
    """{part id: (items, items done)} in one query."""
    rows = (
        TaskItem.objects.filter(part_id__in=list(part_ids))
        .values("part_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)))
        .order_by()
    )
    return {row["part_id"]: (row["n"], row["done"]) for row in rows}


# --- Queues ------------------------------------------------------------------------------------------


def centre_queue(user) -> list[QueueEntry]:
    """The centre's: orders to admit, parts to verify, and each station's overdue parts."""
    if not (is_bureau_level(user) and user.has_perm("control.admit_order")):
        return []
    entries = []
    kind_admit, kind_verify, kind_overdue = _("To admit"), _("To verify"), _("Overdue at a station")
    for order in Order.objects.visible_to(user).filter(status=OrderStatus.PENDING).order_by("deadline")[:QUEUE_LIMIT]:
        entries.append(
            QueueEntry(
                title=str(order),
                url=order.get_absolute_url(),
                kind_label=kind_admit,
                due_date=_day(order.deadline),
                priority=10,
                detail=order.get_department_display(),
            )
        )
    parts = StationTask.objects.filter(status=PartStatus.SUBMITTED, order__in=Order.objects.visible_to(user))
    if user.has_perm("control.verify_order"):
        for part in parts.select_related("order", "station").order_by("submitted_at")[:QUEUE_LIMIT]:
            if part.order.kind == OrderKind.COOPERATION:
                continue
            entries.append(
                QueueEntry(
                    title=f"{part.order} · {part.station}",
                    url=part.get_absolute_url(),
                    kind_label=kind_verify,
                    due_date=_day(part.order.deadline),
                    priority=20,
                )
            )
    overdue = (
        StationTask.objects.filter(order__in=Order.objects.visible_to(user))
        .filter(status__in=OPEN_PART, order__status=OrderStatus.ADMITTED, order__deadline__lt=timezone.now())
        .values("station_id", "station__name")
        .annotate(n=Count("pk"))
        .order_by("station__name")
    )
    for row in overdue:
        entries.append(
            QueueEntry(
                title=_("%(station)s: %(n)d overdue") % {"station": row["station__name"], "n": row["n"]},
                url=f"{reverse('control:part-list')}?station={row['station_id']}&overdue=true",
                kind_label=kind_overdue,
                due_date=timezone.localdate() - timedelta(days=1),
                priority=15,
            )
        )
    return entries


def issuer_queue(user) -> list[QueueEntry]:
    """The issuer's: orders returned to them, and answers to their cooperation orders."""
    if not user.has_perm("control.add_order"):
        return []
    entries = []
    for order in Order.objects.filter(issued_by=user, status=OrderStatus.RETURNED).order_by("deadline")[:QUEUE_LIMIT]:
        entries.append(
            QueueEntry(
                title=str(order),
                url=order.get_absolute_url(),
                kind_label=_("Returned by the centre"),
                due_date=_day(order.deadline),
                priority=25,
                detail=order.return_reason,
            )
        )
    answered = StationTask.objects.filter(
        order__issued_by=user, order__kind=OrderKind.COOPERATION, status=PartStatus.SUBMITTED
    ).select_related("order", "station")
    for part in answered[:QUEUE_LIMIT]:
        entries.append(
            QueueEntry(
                title=f"{part.order} · {part.station}",
                url=part.get_absolute_url(),
                kind_label=_("Cooperation answered"),
                due_date=None,
                priority=30,
                detail=part.answer[:80],
            )
        )
    return entries


def post_queue(user) -> list[QueueEntry]:
    """The station control post's: parts to sign for, to assign, to submit."""
    station_id = user_station_id(user)
    if station_id is None or not user.has_perm("control.sign_stationtask"):
        return []
    parts = (
        StationTask.objects.filter(station_id=station_id, status__in=OPEN_PART, order__status=OrderStatus.ADMITTED)
        .select_related("order")
        .annotate(
            open_items=Count("items", filter=~Q(items__status=ItemStatus.DONE)),
            unassigned=Count("items", filter=Q(items__assignee=None) & ~Q(items__status=ItemStatus.DONE)),
            all_items=Count("items"),
        )
        .order_by("order__deadline")
    )
    entries = []
    for part in parts[:QUEUE_LIMIT]:
        kind = part.order.kind
        if part.status == PartStatus.TO_SIGN:
            label, due, priority = _("To sign for"), _day(part.sign_due), 5
        elif part.status == PartStatus.SIGNED or (part.unassigned and kind not in (OrderKind.URGING,)):
            label, due, priority = _("To split and assign"), _day(part.order.deadline), 12
        elif part.open_items == 0:
            label, due, priority = _("To submit"), _day(part.order.deadline), 14
        else:
            continue
        entries.append(
            QueueEntry(
                title=str(part.order),
                url=part.get_absolute_url(),
                kind_label=label,
                due_date=due,
                priority=priority,
                detail=part.order.get_kind_display(),
            )
        )
    return entries


def officer_queue(user) -> list[QueueEntry]:
    """An officer's items to do."""
    if not user.has_perm("control.complete_taskitem"):
        return []
    items = (
        TaskItem.objects.filter(assignee=user, status__in=OPEN_ITEM)
        .filter(part__status__in=(PartStatus.ASSIGNED, PartStatus.RETURNED))
        .select_related("part__order")
        .order_by("part__order__deadline", "pk")
    )
    label = _("Task item")
    return [
        QueueEntry(
            title=f"{item.label} · {item.part.order.title}",
            url=item.get_absolute_url(),
            kind_label=label,
            due_date=_day(item.part.order.deadline),
            priority=18,
            detail=item.verify_note or item.part.order.get_kind_display(),
        )
        for item in items[:QUEUE_LIMIT]
    ]


def badge_count(user) -> int:
    """What waits on the user in this app (the menu's badge)."""
    return len(centre_queue(user)) + len(issuer_queue(user)) + len(post_queue(user)) + len(officer_queue(user))


# --- Load (减负): what each station and officer carries now ----------------------------------------


@dataclass
class Load:
    station: Station
    open_parts: int = 0
    open_items: int = 0
    due_this_week: int = 0
    overdue_parts: int = 0
    officers: int = 0
    items_per_officer: float | None = None
    assessment: dict = field(default_factory=dict)


def station_load(user, *, today: date | None = None) -> list[Load]:
    """Each visible station's open parts and items, items due this week, overdue parts, and the open
    items per community officer (a constant number of queries)."""
    today = today or timezone.localdate()
    week_end = local_midnight(today + timedelta(days=7 - today.weekday()))
    now = timezone.now()
    stations = list(Station.objects.visible_to(user).order_by("code"))
    loads = {s.pk: Load(station=s) for s in stations}
    part_rows = (
        StationTask.objects.filter(station__in=stations, status__in=OPEN_PART, order__status=OrderStatus.ADMITTED)
        .values("station_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(order__deadline__lt=now)))
    )
    for row in part_rows:
        loads[row["station_id"]].open_parts = row["n"]
        loads[row["station_id"]].overdue_parts = row["late"]
    item_rows = (
        TaskItem.objects.filter(station__in=stations, status__in=OPEN_ITEM, part__status__in=OPEN_PART)
        .values("station_id")
        .annotate(n=Count("pk"), week=Count("pk", filter=Q(part__order__deadline__lt=week_end)))
    )
    for row in item_rows:
        loads[row["station_id"]].open_items = row["n"]
        loads[row["station_id"]].due_this_week = row["week"]
    for row in community_post(stations).values("station_id").annotate(n=Count("pk")):
        loads[row["station_id"]].officers = row["n"]
    for load in loads.values():
        load.items_per_officer = round(load.open_items / load.officers, 1) if load.officers else None
    return [loads[s.pk] for s in stations]


def community_post(stations):
    """The community squad's police and auxiliaries in service: those a burden is counted for."""
    return StaffProfile.objects.filter(
        station__in=stations,
        unit=Unit.COMMUNITY_SQUAD,
        kind__in=(StaffKind.POLICE, StaffKind.AUXILIARY),
        user__is_active=True,
    )


def officer_load(station_id: int) -> list[tuple[object, int]]:
    """(officer, open items) for a station's community officers, busiest first."""
    profiles = community_post([station_id]).select_related("user")
    counts = dict(
        TaskItem.objects.filter(station_id=station_id, status__in=OPEN_ITEM, part__status__in=OPEN_PART)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [(p.user, counts.get(p.user_id, 0)) for p in profiles]
    return sorted(rows, key=lambda row: (-row[1], row[0].pk))


# --- Assessment (监督评价), read from the raw records ------------------------------------------------


def assessment(user, *, start: date, end: date) -> dict[int, dict]:
    """{station id: figures} over the days [start, end]: parts received, signed on time, done on time,
    returned at verification, and items assigned per community officer per week."""
    lo, hi = local_midnight(start), local_midnight(end + timedelta(days=1))
    stations = Station.objects.visible_to(user)
    parts = StationTask.objects.filter(station__in=stations).exclude(order__kind=OrderKind.URGING)
    received = dict(
        parts.filter(received_at__gte=lo, received_at__lt=hi)
        .values_list("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    signed_on_time = dict(
        parts.filter(signed_at__gte=lo, signed_at__lt=hi, signed_at__lte=F("sign_due"))
        .values_list("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    signed = dict(
        parts.filter(signed_at__gte=lo, signed_at__lt=hi).values_list("station_id").annotate(n=Count("pk")).order_by()
    )
    done = dict(
        parts.filter(verified_at__gte=lo, verified_at__lt=hi)
        .values_list("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    done_on_time = dict(
        parts.filter(verified_at__gte=lo, verified_at__lt=hi, submitted_at__lte=F("order__deadline"))
        .values_list("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    from control.choices import OrderAction
    from control.models import OrderEvent

    returned = dict(
        OrderEvent.objects.filter(action=OrderAction.VERIFY_RETURNED, at__gte=lo, at__lt=hi, part__station__in=stations)
        .values_list("part__station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assigned = dict(
        TaskItem.objects.filter(station__in=stations, assigned_at__gte=lo, assigned_at__lt=hi)
        .filter(assignee__staff_profile__in=community_post(stations))
        .values_list("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Officer-weeks in service within the period up to today (from the day each account was opened), as the
    # statistics count them for days in the community.
    last = min(end, timezone.localdate())
    weeks: dict[int, float] = {}
    for station_id, joined in community_post(stations).values_list("station_id", "user__date_joined"):
        days = (last - max(start, timezone.localdate(joined))).days + 1
        if days > 0:
            weeks[station_id] = weeks.get(station_id, 0) + days / 7
    result = {}
    for station_id in stations.values_list("pk", flat=True):
        officer_weeks = weeks.get(station_id, 0)
        result[station_id] = {
            "received": received.get(station_id, 0),
            "signed": signed.get(station_id, 0),
            "signed_on_time": signed_on_time.get(station_id, 0),
            "done": done.get(station_id, 0),
            "done_on_time": done_on_time.get(station_id, 0),
            "returned": returned.get(station_id, 0),
            "items_assigned": assigned.get(station_id, 0),
            "burden": round(assigned.get(station_id, 0) / officer_weeks, 2) if officer_weeks else None,
        }
    return result
