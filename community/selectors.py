"""Read-side queries of the community app: presence, overdue hazards, communities gone unvisited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from community.choices import ActivityKind, HazardStatus
from community.models import Activity, Hazard, PatrolTeam
from kit.dates import local_midnight, week_start
from stations.choices import StaffKind, Unit
from stations.models import Community
from stations.queue import QueueEntry
from stations.selectors import station_staff

PRESENCE_TARGET_DAYS = 4


@dataclass
class OfficerPresence:
    officer: object
    days_by_week: dict[date, int] = field(default_factory=dict)

    def row(self, weeks: list[date]) -> list[int]:
        return [self.days_by_week.get(week, 0) for week in weeks]

    def weeks_below_target(self, weeks: list[date]) -> int:
        return sum(1 for days in self.row(weeks) if days < PRESENCE_TARGET_DAYS)


def presence_days(activities, *, start: date, end: date) -> dict[int, dict[date, int]]:
    """{officer id: {Monday of ISO week: days in the community}} for local dates in [start, end].

    A day counts once however many entries the officer logged on it; the day
    is the calendar day in Asia/Shanghai, not in UTC (an entry at 07:00 in
    Changde is 23:00 the day before in UTC).
    """
    rows = (
        activities.filter(occurred_at__gte=local_midnight(start), occurred_at__lt=local_midnight(end + timedelta(1)))
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .order_by()  # Meta.ordering would add occurred_at to the DISTINCT
        .values_list("officer_id", "day")
        .distinct()
    )
    result: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for officer_id, day in rows:
        result[officer_id][week_start(day)] += 1
    return {officer: dict(weeks) for officer, weeks in result.items()}


def presence_for(user, *, weeks: int = 8, today: date | None = None) -> tuple[list[date], list[OfficerPresence]]:
    """Days in the community per community officer per ISO week, for the last `weeks` weeks
    (the current one included), for the officers of the stations the user may see."""
    today = today or timezone.localdate()
    last = week_start(today)
    week_list = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    officers = (
        station_staff(user, include_inactive=True)
        .filter(
            staff_profile__unit=Unit.COMMUNITY_SQUAD, staff_profile__kind__in=[StaffKind.POLICE, StaffKind.AUXILIARY]
        )
        .select_related("staff_profile__station")
        .order_by("staff_profile__station__code", "last_name", "first_name", "username")
    )
    days = presence_days(Activity.objects.visible_to(user), start=week_list[0], end=today)
    # A deactivated officer keeps the weeks they worked, but is not a row of zeros forever.
    return week_list, [
        OfficerPresence(officer=o, days_by_week=days.get(o.pk, {})) for o in officers if o.is_active or o.pk in days
    ]


def communities_without_visit(user, *, days: int | None = None, today: date | None = None):
    """Communities the user may see with no household visit for `days` days (oldest first), or none at all."""
    days = days or settings.WULING.get("COMMUNITY_VISIT_GAP_DAYS", 14)
    today = today or timezone.localdate()
    cutoff = local_midnight(today - timedelta(days=days))
    return (
        Community.objects.visible_to(user)
        .select_related("station")
        .annotate(last_visit=Max("activities__occurred_at", filter=Q(activities__kind=ActivityKind.HOUSEHOLD_VISIT)))
        .filter(Q(last_visit__lt=cutoff) | Q(last_visit__isnull=True))
        .order_by("last_visit", "station__code", "name")
    )


def open_hazards(user):
    return (
        Hazard.objects.visible_to(user)
        .exclude(status=HazardStatus.RECTIFIED)
        .select_related("community", "place", "officer")
        .order_by("due_on", "found_on")
    )


def teams_with_size(queryset):
    # An aggregate drops Meta.ordering, so the order is given again.
    return queryset.annotate(active_members=Count("members", filter=Q(members__active=True))).order_by("name", "id")


def patrol_teams(user):
    return teams_with_size(PatrolTeam.objects.visible_to(user)).prefetch_related("communities")


def hazard_queue(user) -> list[QueueEntry]:
    """Open hazards of the user's own with no stored reminder yet (found, no deadline): set one."""
    if not user.has_perm("community.change_hazard"):
        return []
    hazards = Hazard.objects.visible_to(user).filter(officer=user, status=HazardStatus.FOUND).order_by("found_on")[:50]
    return [
        QueueEntry(
            title=_("Set a rectification deadline: %(hazard)s") % {"hazard": h.description[:100]},
            url=h.get_absolute_url(),
            kind_label=str(HazardStatus.FOUND.label),
            due_date=h.found_on + timedelta(days=3),
            priority=40,
        )
        for h in hazards
    ]
