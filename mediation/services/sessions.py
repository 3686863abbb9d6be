"""Mediation sessions (调解) and the agreements (调解协议) signed at them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.services import check_fields
from kit.versioning import save_versioned
from mediation.choices import (
    AGREEMENT_OUTCOMES,
    OPEN_STATUSES,
    DisputeStatus,
    Fulfilment,
    MediatingBody,
    SessionOutcome,
)
from mediation.models import Agreement, Dispute, MediationSession
from mediation.services.common import (
    check_mediator,
    close_dispute_reminders,
    no_session_reminder_key,
    now,
    require_status,
    save_state,
)
from mediation.services.follow_ups import follow_up_create
from stations.services import reminder_done

#: What a session is recorded or corrected with.
SESSION_FIELDS = frozenset(
    {"held_at", "venue", "location", "mediators", "other_mediators", "bodies", "attendees", "notes", "outcome"}
)
#: What recording an agreement takes besides its session.
AGREEMENT_FIELDS = frozenset({"terms", "signed_at", "follow_up_days"})
#: What an agreement's correction may change.
AGREEMENT_EDIT_FIELDS = frozenset({"terms", "signed_at", "fulfilment"})


def _check_session(session: MediationSession, dispute: Dispute, *, held_at_changed: bool = True) -> None:
    """The rules a session's values keep, on record and on correction (the time against the registration
    only when it is set or changed: sessions recorded under the older rule stay correctable)."""
    if session.held_at is None:
        raise ValidationError({"held_at": _("Say when the session is held.")})
    # To the minute: the form offers "now" without seconds, just after a dispute registered "now".
    if held_at_changed and session.held_at < dispute.registered_at.replace(second=0, microsecond=0):
        raise ValidationError(
            {
                "held_at": _("The session cannot be before the dispute was registered (%(at)s).")
                % {"at": f"{timezone.localtime(dispute.registered_at):%Y-%m-%d %H:%M}"}
            }
        )
    if session.outcome and session.outcome not in SessionOutcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if session.outcome and session.held_at > now():
        raise ValidationError({"outcome": _("A session in the future has no outcome yet.")})
    session.bodies = list(dict.fromkeys(session.bodies or []))
    if any(body not in MediatingBody.values for body in session.bodies):
        raise ValidationError({"bodies": _("Unknown participating body.")})


def session_record(*, dispute: Dispute, by, **fields) -> MediationSession:
    """Record a session held (or planned, without an outcome); the dispute is now in mediation."""
    check_fields(fields, SESSION_FIELDS)
    require_status(dispute, OPEN_STATUSES, _("mediated (reopen it first)"))
    mediators = list(fields.pop("mediators", None) or [])
    values = {name: value for name, value in fields.items() if value is not None}
    session = MediationSession(dispute=dispute, recorded_by=by, **values)
    _check_session(session, dispute)
    for mediator in mediators:
        check_mediator(dispute.station_id, mediator, "mediators")
    if not mediators and not session.other_mediators.strip():
        raise ValidationError({"mediators": _("Say who mediated.")})
    with transaction.atomic():
        session._history_user = by
        session.full_clean(exclude=["dispute"])
        session.save()
        session.mediators.set(mediators)
        if dispute.status == DisputeStatus.REGISTERED:
            dispute.status = DisputeStatus.IN_MEDIATION
            save_state(dispute, by=by, fields=["status"])
        for who in ("station", "mediator"):
            reminder_done(key=no_session_reminder_key(dispute, who=who))
    return session


def session_update(*, session: MediationSession, by, expected_version: int, **fields) -> MediationSession:
    """Correct a session, e.g. record the outcome of a planned one once it was held."""
    check_fields(fields, SESSION_FIELDS)
    mediators = fields.pop("mediators", None)
    held_at_changed = "held_at" in fields and fields["held_at"] != session.held_at
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session(session, session.dispute, held_at_changed=held_at_changed)
    if hasattr(session, "agreement") and session.outcome not in AGREEMENT_OUTCOMES:
        raise ValidationError({"outcome": _("An agreement was signed at this session.")})
    if mediators is not None:
        for mediator in mediators:
            check_mediator(session.dispute.station_id, mediator, "mediators")
        if not mediators and not session.other_mediators.strip():
            raise ValidationError({"mediators": _("Say who mediated.")})
    session._history_user = by
    session.full_clean(exclude=["dispute"])
    with transaction.atomic():
        save_versioned(session, expected_version=expected_version)
        if mediators is not None:
            session.mediators.set(mediators)
    return session


def next_agreement_number(dispute: Dispute) -> str:
    count = Agreement.objects.filter(dispute=dispute).count()
    return f"{dispute.number}-XY{count + 1}"


def agreement_record(*, session: MediationSession, by, **fields) -> Agreement:
    """Record the agreement signed at a session: the dispute is resolved and follow-up visits are scheduled
    `follow_up_days` after signing (the site's default when not given)."""
    check_fields(fields, AGREEMENT_FIELDS)
    dispute = session.dispute
    terms, signed_at = (fields.get("terms") or "").strip(), fields.get("signed_at")
    follow_up_days = fields.get("follow_up_days")
    if session.outcome not in AGREEMENT_OUTCOMES:
        raise ValidationError({"session": _("An agreement needs a session whose outcome was an agreement.")})
    if hasattr(session, "agreement"):
        raise ValidationError({"session": _("This session already has an agreement.")})
    require_status(dispute, [DisputeStatus.IN_MEDIATION], _("settled by an agreement"))
    if not terms:
        raise ValidationError({"terms": _("Write down the terms the parties agreed on.")})
    if signed_at is None:
        raise ValidationError({"signed_at": _("Say when the agreement was signed.")})
    if signed_at > now():
        raise ValidationError({"signed_at": _("An agreement cannot be signed in the future.")})
    if signed_at < session.held_at - timedelta(hours=12):
        raise ValidationError({"signed_at": _("The agreement cannot be signed before its session.")})
    if follow_up_days is None:
        follow_up_days = settings.WULING["MEDIATION_FOLLOW_UP_DAYS"]
    if any(days < 1 or days > 366 for days in follow_up_days):
        raise ValidationError({"follow_up_days": _("Follow-up visits are 1 to 366 days after signing.")})
    with transaction.atomic():
        Dispute.objects.select_for_update().filter(pk=dispute.pk).first()  # one agreement number at a time
        if Agreement.objects.filter(session=session).exists():  # a double submit, seen after the lock
            raise ValidationError({"session": _("This session already has an agreement.")})
        agreement = Agreement(
            dispute=dispute,
            session=session,
            number=next_agreement_number(dispute),
            terms=terms,
            signed_at=signed_at,
            fulfilment=Fulfilment.PENDING,
            recorded_by=by,
        )
        agreement._history_user = by
        agreement.save()
        dispute.status = DisputeStatus.RESOLVED
        dispute.resolved_at = signed_at
        save_state(dispute, by=by, fields=["status", "resolved_at"])
        signed_day = timezone.localdate(signed_at)
        for days in sorted(set(follow_up_days)):
            follow_up_create(dispute=dispute, agreement=agreement, due_date=signed_day + timedelta(days=days), by=by)
        close_dispute_reminders(dispute)
    return agreement


def agreement_update(*, agreement: Agreement, by, expected_version: int, **fields) -> Agreement:
    """Correct the terms or record how the agreement is being kept."""
    check_fields(fields, AGREEMENT_EDIT_FIELDS)
    for name, value in fields.items():
        setattr(agreement, name, value)
    if not (agreement.terms or "").strip():
        raise ValidationError({"terms": _("Write down the terms the parties agreed on.")})
    if agreement.signed_at is None:
        raise ValidationError({"signed_at": _("Say when the agreement was signed.")})
    if agreement.signed_at > now():
        raise ValidationError({"signed_at": _("An agreement cannot be signed in the future.")})
    if agreement.fulfilment not in Fulfilment.values:
        raise ValidationError({"fulfilment": _("Choose how the agreement is being kept.")})
    agreement._history_user = by
    save_versioned(agreement, expected_version=expected_version)
    return agreement
