from django.contrib.auth import get_user_model
from django.db.models import Q

from kit.collation import by_pinyin
from stations.models import Reminder, Station
from stations.queue import QueueEntry
from stations.roles import Role
from stations.scoping import user_station_id


def station_staff(user, *, station_id: int | None = None, include_inactive: bool = False):
    """The staff of the stations `user` may see (every station for the bureau), or of
    `station_id` among them: the people officer pickers offer and assignments accept.

    Deactivated users are left out unless `include_inactive`, which only filters
    over past records want (to find an old case by the officer who worked it).
    Bureau staff without a station are nobody's station staff.
    """
    users = get_user_model().objects.filter(staff_profile__station__in=Station.objects.visible_to(user))
    if station_id is not None:
        users = users.filter(staff_profile__station_id=station_id)
    if not include_inactive:
        users = users.filter(is_active=True)
    return users.select_related("staff_profile").order_by(*by_pinyin("last_name", "first_name", "username"))


def open_reminders_for(user):
    """Open reminders addressed to the user, plus the station-wide ones for supervisors."""
    mine = Q(assignee=user)
    if user.groups.filter(name=Role.STATION_SUPERVISOR).exists():
        mine |= Q(assignee__isnull=True, station_id=user_station_id(user))
    return Reminder.objects.visible_to(user).filter(mine, done_at__isnull=True)


def reminder_queue(user) -> list[QueueEntry]:
    return [
        QueueEntry(
            title=r.title,
            url=r.get_absolute_url(),
            kind_label=r.get_kind_display(),
            due_date=r.due_date,
            priority=r.priority,
        )
        for r in open_reminders_for(user)[:200]
    ]
