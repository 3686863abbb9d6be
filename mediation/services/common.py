"""What every state change of a dispute shares: its event on the timeline, the version bump,
the status rule, the dispute's reminders and the red alert, and its number."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mediation.models import Dispute, DisputeEvent
from stations.choices import ReminderKind
from stations.numbering import next_number
from stations.services import reminder_done, reminder_upsert


def now() -> datetime:
    return timezone.now()


def record_event(
    dispute: Dispute,
    *,
    action,
    by,
    from_status,
    note: str = "",
    at: datetime | None = None,
    message: str = "",
    params: dict | None = None,
) -> DisputeEvent:
    """`message`/`params`: the system's own words (DisputeEventMessage), worded in the reader's language."""
    return DisputeEvent.objects.create(
        dispute=dispute,
        at=at or now(),
        action=action,
        by=by,
        from_status=from_status,
        to_status=dispute.status,
        note=note[:500],
        message=message,
        params=params or {},
    )


def save_state(dispute: Dispute, *, by, fields: list[str]) -> None:
    """Save a state change and bump the version, so an edit form opened before it is refused."""
    dispute.version += 1
    dispute._history_user = by
    dispute.save(update_fields=[*fields, "version"])


def require_status(dispute: Dispute, allowed, action_label: str) -> None:
    if dispute.status not in allowed:
        raise ValidationError(
            {
                "status": _("A dispute that is %(status)s cannot be %(action)s.")
                % {"status": dispute.get_status_display(), "action": action_label}
            }
        )


def check_mediator(station_id: int, mediator, field: str = "mediator") -> None:
    if mediator is None:
        return
    profile = getattr(mediator, "staff_profile", None)
    if profile is None or profile.station_id != station_id:
        raise ValidationError({field: _("The mediator must work at the dispute's station.")})


DISPUTE_NUMBER_KIND = "JF"  # 纠纷: WL01-2026-JF00001


def next_dispute_number(station, year: int) -> str:
    """Drawn from the same locked station-year counter as incident and case
    numbers, so a number is never handed out twice, even after a delete."""
    return next_number(station=station, kind=DISPUTE_NUMBER_KIND, year=year)


def red_dispute_reminder_key(dispute: Dispute) -> str:
    return f"mediation:dispute:{dispute.pk}:red"


def no_session_reminder_key(dispute: Dispute, *, who: str) -> str:
    return f"mediation:dispute:{dispute.pk}:no-session:{who}"


def close_dispute_reminders(dispute: Dispute) -> None:
    for key in (
        red_dispute_reminder_key(dispute),
        no_session_reminder_key(dispute, who="station"),
        no_session_reminder_key(dispute, who="mediator"),
    ):
        reminder_done(key=key)


def raise_red_alert(dispute: Dispute) -> None:
    """A red dispute goes to the station supervisors' queue at once."""
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language, not the caller's
        title = _("Red dispute: %(dispute)s") % {"dispute": dispute}
    reminder_upsert(
        key=red_dispute_reminder_key(dispute),
        station_id=dispute.station_id,
        kind=ReminderKind.DISPUTE_ESCALATION,
        title=title,
        url=dispute.get_absolute_url(),
        due_date=timezone.localdate(dispute.registered_at),
        priority=0,
    )
