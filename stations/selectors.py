from django.db.models import Q

from stations.models import Reminder
from stations.queue import QueueEntry
from stations.roles import Role
from stations.scoping import user_station_id


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
