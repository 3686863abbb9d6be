"""Writes of the stations app: the audit log and reminders."""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.utils import timezone

from stations.choices import AuditEventType, AuditOutcome, ReminderKind
from stations.models import AuditEvent, Reminder


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    event_type: AuditEventType,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    user=None,
    username: str = "",
    obj: models.Model | None = None,
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit log (never updated, never deleted)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        event_type=event_type,
        outcome=outcome,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip_address=client_ip(request),
        detail=detail or {},
    )


def reminder_upsert(
    *,
    key: str,
    station_id: int,
    kind: ReminderKind,
    title: str,
    url: str = "",
    assignee=None,
    due_date: date | None = None,
    priority: int = 50,
) -> tuple[Reminder, bool]:
    """Create the reminder named `key` unless it exists; returns (reminder, created).

    Idempotent by design: jobs call it on every run.
    """
    with transaction.atomic():
        return Reminder.objects.get_or_create(
            key=key,
            defaults={
                "station_id": station_id,
                "kind": kind,
                "title": title,
                "url": url,
                "assignee": assignee,
                "due_date": due_date,
                "priority": priority,
            },
        )


def reminder_done(*, key: str) -> int:
    """Mark the reminder named `key` done (if open); returns how many changed."""
    return Reminder.objects.filter(key=key, done_at__isnull=True).update(done_at=timezone.now())


def revoke_api_tokens(*, user, reason: str, request=None) -> int:
    """End every API token of the user (sign-out, password change, deactivation); audited when any."""
    from knox.models import AuthToken

    count, _deleted = AuthToken.objects.filter(user=user).delete()
    if count:
        audit_record(
            event_type=AuditEventType.TOKEN_REVOKED,
            user=user,
            request=request,
            detail={"reason": reason, "tokens": count},
        )
    return count
