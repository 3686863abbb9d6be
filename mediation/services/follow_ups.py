"""Follow-up visits (回访) after an agreement: scheduling, moving, recording; a relapse reopens the dispute."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.services import check_fields
from kit.versioning import StaleVersionError, save_versioned
from mediation.choices import DisputeAction, DisputeEventMessage, DisputeStatus, FollowUpResult, FollowUpStatus
from mediation.models import Agreement, Dispute, FollowUp
from mediation.services.common import now
from mediation.services.disputes import reopen
from stations.models import Reminder
from stations.services import reminder_done

#: What scheduling or moving a visit takes.
FOLLOW_UP_FIELDS = frozenset({"due_date"})


def follow_up_create(*, dispute: Dispute, agreement: Agreement, due_date: date, by) -> FollowUp:
    follow_up = FollowUp(dispute=dispute, agreement=agreement, due_date=due_date)
    follow_up._history_user = by
    follow_up.save()
    return follow_up


def _check_due_date(due_date, agreement: Agreement) -> None:
    if due_date is None:
        raise ValidationError({"due_date": _("Say when the visit is due.")})
    if due_date < timezone.localdate(agreement.signed_at):
        raise ValidationError({"due_date": _("A follow-up visit cannot be due before the agreement was signed.")})


def follow_up_schedule(*, dispute: Dispute, by, **fields) -> FollowUp:
    """Schedule one more follow-up visit after the dispute's latest agreement."""
    check_fields(fields, FOLLOW_UP_FIELDS)
    agreement = dispute.agreements.order_by("-signed_at", "-id").first()
    if agreement is None:
        raise ValidationError({"due_date": _("Follow-up visits come after an agreement; there is none yet.")})
    if dispute.status != DisputeStatus.RESOLVED:
        raise ValidationError(
            {"due_date": _("Follow-up visits are scheduled for resolved disputes; this one is %(status)s.")
             % {"status": dispute.get_status_display()}}
        )  # fmt: skip
    due_date = fields.get("due_date")
    _check_due_date(due_date, agreement)
    with transaction.atomic():
        return follow_up_create(dispute=dispute, agreement=agreement, due_date=due_date, by=by)


def follow_up_update(*, follow_up: FollowUp, by, expected_version: int, **fields) -> FollowUp:
    """Move a scheduled visit to another day (not before the agreement)."""
    check_fields(fields, FOLLOW_UP_FIELDS)
    if "due_date" not in fields:
        # Nothing to change; a stale version is still told so.
        if FollowUp.objects.filter(pk=follow_up.pk).values_list("version", flat=True).get() != expected_version:
            raise StaleVersionError
        return follow_up
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError({"due_date": _("Only a scheduled visit can be moved.")})
    _check_due_date(fields["due_date"], follow_up.agreement)
    with transaction.atomic():
        follow_up.due_date = fields["due_date"]
        follow_up._history_user = by
        save_versioned(follow_up, expected_version=expected_version)
        # A reminder made for the old day would point at the wrong date.
        Reminder.objects.filter(key=follow_up.reminder_key, done_at__isnull=True).delete()
    return follow_up


def follow_up_record(
    *,
    follow_up: FollowUp,
    by,
    result: str,
    satisfaction: str = "",
    notes: str = "",
    done_at: datetime | None = None,
) -> FollowUp:
    """Record a follow-up visit; a relapse reopens the dispute and is counted as one."""
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError(
            {"status": _("This follow-up visit is %(status)s already.") % {"status": follow_up.get_status_display()}}
        )
    if result not in FollowUpResult.values:
        raise ValidationError({"result": _("Say whether the dispute is stable or has relapsed.")})
    done_at = done_at or now()
    if done_at > now() + timedelta(minutes=5):
        raise ValidationError({"done_at": _("A visit cannot be recorded in the future.")})
    if done_at < follow_up.agreement.signed_at:
        raise ValidationError({"done_at": _("A follow-up visit cannot be before the agreement was signed.")})
    with transaction.atomic():
        follow_up.status = FollowUpStatus.DONE
        follow_up.result = result
        follow_up.satisfaction = satisfaction or ""
        follow_up.notes = notes or ""
        follow_up.done_at = done_at
        follow_up.done_by = by
        follow_up.version += 1
        follow_up._history_user = by
        follow_up.full_clean(exclude=["dispute", "agreement"])
        follow_up.save()
        reminder_done(key=follow_up.reminder_key)
        if result == FollowUpResult.RELAPSED:
            dispute = Dispute.objects.select_for_update().get(pk=follow_up.dispute_id)
            # Without the mediator's own notes the system words it, in each reader's language.
            message, params = "", None
            if not notes:
                message, params = DisputeEventMessage.RELAPSED_AT_FOLLOW_UP, {"date": follow_up.due_date.isoformat()}
            reopen(
                dispute,
                by=by,
                note=notes or DisputeEventMessage.RELAPSED_AT_FOLLOW_UP.label % {"date": follow_up.due_date},
                action=DisputeAction.RELAPSED,
                message=message,
                params=params,
            )
            follow_up.dispute = dispute
    return follow_up
