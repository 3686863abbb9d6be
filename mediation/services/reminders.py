"""The daily reminder pass: follow-up visits due or overdue, red/orange disputes without a session in time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mediation.choices import OPEN_STATUSES, FollowUpStatus, RiskGrade
from mediation.models import Dispute, FollowUp
from mediation.services.common import no_session_reminder_key
from stations.choices import ReminderKind
from stations.models import Reminder
from stations.services import reminder_upsert


def remind_follow_up(*, follow_up_id: int, today: date) -> bool:
    """Queue a reminder for one follow-up due today or overdue; quiet if it is gone or done."""
    follow_up = (
        FollowUp.objects.select_related("dispute").filter(pk=follow_up_id, status=FollowUpStatus.SCHEDULED).first()
    )
    if follow_up is None or follow_up.due_date > today:
        return False
    dispute = follow_up.dispute
    overdue = follow_up.due_date < today
    title = (_("Follow-up visit overdue: %(dispute)s") if overdue else _("Follow-up visit due today: %(dispute)s")) % {
        "dispute": dispute
    }
    _reminder, created = reminder_upsert(
        key=follow_up.reminder_key,
        station_id=dispute.station_id,
        kind=ReminderKind.FOLLOW_UP_DUE,
        title=title,
        url=follow_up.get_absolute_url(),
        assignee=dispute.mediator,
        due_date=follow_up.due_date,
        priority=20,
    )
    return created


def remind_dispute_without_session(*, dispute_id: int, today: date) -> int:
    """Queue reminders (supervisors, mediator) for a red/orange dispute with no session in time."""
    dispute = Dispute.objects.filter(pk=dispute_id, status__in=OPEN_STATUSES).select_related("mediator").first()
    if dispute is None or dispute.sessions.exists():
        return 0
    due = dispute.session_due_date()
    if due is None or due > today:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("No mediation session yet for %(risk)s dispute %(dispute)s") % {
            "risk": dispute.get_risk_display().split(":")[0].split("：")[0],
            "dispute": dispute,
        }
    created = 0
    targets = [("station", None)]
    if dispute.mediator_id:
        targets.append(("mediator", dispute.mediator))
    for who, assignee in targets:
        _reminder, made = reminder_upsert(
            key=no_session_reminder_key(dispute, who=who),
            station_id=dispute.station_id,
            kind=ReminderKind.DISPUTE_ESCALATION,
            title=title,
            url=dispute.get_absolute_url(),
            assignee=assignee,
            due_date=due,
            priority=5 if dispute.risk == RiskGrade.RED else 10,
        )
        created += made
    return created


def reminders_sweep() -> int:
    """Mark done the open mediation reminders whose visit or dispute is gone or no longer waits."""
    open_reminders = Reminder.objects.filter(done_at__isnull=True, key__startswith="mediation:")
    follow_up_ids, dispute_ids = {}, {}
    for pk, key in open_reminders.values_list("pk", "key"):
        parts = key.split(":")
        if len(parts) >= 3 and parts[2].isdigit():
            (follow_up_ids if parts[1] == "follow-up" else dispute_ids)[pk] = int(parts[2])
    waiting_visits = set(
        FollowUp.objects.filter(pk__in=follow_up_ids.values(), status=FollowUpStatus.SCHEDULED).values_list(
            "pk", flat=True
        )
    )
    open_disputes = set(
        Dispute.objects.filter(pk__in=dispute_ids.values(), status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    stale = [pk for pk, target in follow_up_ids.items() if target not in waiting_visits]
    stale += [pk for pk, target in dispute_ids.items() if target not in open_disputes]
    return Reminder.objects.filter(pk__in=stale).update(done_at=timezone.now())


def reminders_create(*, today: date | None = None) -> dict[str, int]:
    """The daily pass: follow-ups due today or overdue, red/orange disputes without a session in time.

    Idempotent (reminder keys); rows deleted between listing and processing are skipped.
    """
    today = today or timezone.localdate()
    follow_up_ids = list(
        FollowUp.objects.filter(status=FollowUpStatus.SCHEDULED, due_date__lte=today).values_list("pk", flat=True)
    )
    dispute_ids = list(
        Dispute.objects.filter(
            status__in=OPEN_STATUSES, risk__in=[RiskGrade.RED, RiskGrade.ORANGE], sessions__isnull=True
        ).values_list("pk", flat=True)
    )
    counts = {"follow_ups": 0, "disputes": 0, "cleared": reminders_sweep()}
    for pk in follow_up_ids:
        counts["follow_ups"] += remind_follow_up(follow_up_id=pk, today=today)
    for pk in dispute_ids:
        counts["disputes"] += remind_dispute_without_session(dispute_id=pk, today=today)
    return counts
