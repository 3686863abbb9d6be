"""Every write of the mediation app: registering a dispute, sessions,
agreements, follow-up visits, and the dispute's state changes.

registered → in mediation → resolved / not resolved / referred → closed;
a relapse at a follow-up (or a manual reopen) takes it back to in mediation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.services import next_number
from mediation.choices import (
    AGREEMENT_OUTCOMES,
    OPEN_STATUSES,
    DisputeAction,
    DisputeEventMessage,
    DisputeSource,
    DisputeStatus,
    FollowUpResult,
    FollowUpStatus,
    Fulfilment,
    MediatingBody,
    PartySide,
    ReferralTarget,
    RiskGrade,
    SessionOutcome,
)
from mediation.models import Agreement, Dispute, DisputeEvent, FollowUp, MediationSession, Party
from stations.choices import ReminderKind
from stations.models import Reminder
from stations.services import reminder_done, reminder_upsert
from stations.versioning import save_versioned

User = get_user_model()


@dataclass
class PartyData:
    """What the register form or the API gives about one party."""

    name: str
    side: str = PartySide.APPLICANT
    phone: str = ""
    id_number: str = ""
    address: str = ""
    resident: object = None


# --- helpers -----------------------------------------------------------------


def _now() -> datetime:
    return timezone.now()


def _event(
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
    return DisputeEvent.objects.create(
        dispute=dispute,
        at=at or _now(),
        action=action,
        by=by,
        from_status=from_status,
        to_status=dispute.status,
        note=note[:500],
        message=message,
        params=params or {},
    )


def _save(dispute: Dispute, *, by, fields: list[str]) -> None:
    """Save a state change and bump the version, so an edit form opened before it is refused."""
    dispute.version += 1
    dispute._history_user = by
    dispute.save(update_fields=[*fields, "version"])


def _require_status(dispute: Dispute, allowed, action_label: str) -> None:
    if dispute.status not in allowed:
        raise ValidationError(
            {
                "status": _("A dispute that is %(status)s cannot be %(action)s.")
                % {"status": dispute.get_status_display(), "action": action_label}
            }
        )


def _check_mediator(station_id: int, mediator, field: str = "mediator") -> None:
    if mediator is None:
        return
    profile = getattr(mediator, "staff_profile", None)
    if profile is None or profile.station_id != station_id:
        raise ValidationError({field: _("The mediator must work at the dispute's station.")})


def _clean_parties(parties: list[PartyData], station_id: int) -> list[PartyData]:
    cleaned = []
    for party in parties:
        party.name = (party.name or "").strip()
        if not party.name and party.resident is not None:
            party.name = party.resident.name
        if not party.name:
            raise ValidationError({"parties": _("Every party needs a name.")})
        if party.resident is not None and party.resident.station_id != station_id:
            raise ValidationError({"parties": _("A party's resident must be registered at the dispute's station.")})
        if party.side not in PartySide.values:
            raise ValidationError({"parties": _("Unknown party side.")})
        cleaned.append(party)
    if not cleaned:
        raise ValidationError({"parties": _("Name at least one party.")})
    return cleaned


def _party(dispute: Dispute, data: PartyData) -> Party:
    resident = data.resident
    return Party(
        dispute=dispute,
        side=data.side,
        resident=resident,
        name=data.name[:50],
        phone=(data.phone or (resident.phone if resident else ""))[:20],
        id_number=(data.id_number or (resident.id_number if resident else ""))[:18],
        address=(data.address or (str(resident.address) if resident and resident.address_id else ""))[:200],
    )


DISPUTE_NUMBER_KIND = "JF"  # 纠纷: WL01-2026-JF00001


def next_dispute_number(station, year: int) -> str:
    """Drawn from the same locked station-year counter as incident and case
    numbers, so a number is never handed out twice, even after a delete."""
    return next_number(station=station, kind=DISPUTE_NUMBER_KIND, year=year)


def red_dispute_reminder_key(dispute: Dispute) -> str:
    return f"mediation:dispute:{dispute.pk}:red"


def no_session_reminder_key(dispute: Dispute, *, who: str) -> str:
    return f"mediation:dispute:{dispute.pk}:no-session:{who}"


def _close_dispute_reminders(dispute: Dispute) -> None:
    for key in (
        red_dispute_reminder_key(dispute),
        no_session_reminder_key(dispute, who="station"),
        no_session_reminder_key(dispute, who="mediator"),
    ):
        reminder_done(key=key)


def _raise_red_alert(dispute: Dispute) -> None:
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


# --- disputes ------------------------------------------------------------------


def dispute_register(
    *,
    station,
    by,
    source: str,
    category: str,
    risk: str,
    summary: str,
    parties: list[PartyData],
    description: str = "",
    address: str = "",
    community=None,
    incident=None,
    mediator=None,
    registered_at: datetime | None = None,
) -> Dispute:
    """Register a dispute with its parties; a red one alerts the supervisors at once."""
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Say what the dispute is about.")})
    if community is not None and community.station_id != station.pk:
        raise ValidationError({"community": _("The community belongs to another station.")})
    if incident is not None and incident.station_id != station.pk:
        raise ValidationError({"incident": _("The incident belongs to another station.")})
    if risk not in RiskGrade.values:
        raise ValidationError({"risk": _("Choose a risk grade.")})
    _check_mediator(station.pk, mediator)
    parties = _clean_parties(list(parties), station.pk)
    registered_at = registered_at or _now()
    if registered_at > _now() + timedelta(minutes=5):
        raise ValidationError({"registered_at": _("A dispute cannot be registered in the future.")})
    if incident is not None and source != DisputeSource.INCIDENT:
        source = DisputeSource.INCIDENT
    with transaction.atomic():
        dispute = Dispute(
            station=station,
            number=next_dispute_number(station, timezone.localdate(registered_at).year),
            community=community or (incident.community if incident else None),
            incident=incident,
            source=source,
            category=category,
            risk=risk,
            summary=summary.strip()[:200],
            description=description,
            address=address or (incident.address if incident else ""),
            mediator=mediator,
            registered_at=registered_at,
            registered_by=by,
        )
        dispute._history_user = by
        dispute.full_clean(exclude=["number"])
        dispute.save()
        Party.objects.bulk_create([_party(dispute, p) for p in parties])
        _event(dispute, action=DisputeAction.REGISTERED, by=by, from_status="", at=registered_at)
        if risk == RiskGrade.RED:
            _raise_red_alert(dispute)
    return dispute


def dispute_update(*, dispute: Dispute, by, expected_version: int, **fields) -> Dispute:
    """Edit what the dispute is about, its grade or mediator (not its status)."""
    allowed = {"community", "category", "risk", "summary", "description", "address", "mediator", "source"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    if "mediator" in fields:
        _check_mediator(dispute.station_id, fields["mediator"])
    community = fields.get("community")
    if community is not None and community.station_id != dispute.station_id:
        raise ValidationError({"community": _("The community belongs to another station.")})
    # Read from the row: a model form has already copied its input onto `dispute`.
    was_red = Dispute.objects.filter(pk=dispute.pk, risk=RiskGrade.RED).exists()
    for name, value in fields.items():
        setattr(dispute, name, value)
    dispute._history_user = by
    with transaction.atomic():
        save_versioned(dispute, expected_version=expected_version)
        if dispute.risk == RiskGrade.RED and not was_red and dispute.is_open:
            _raise_red_alert(dispute)
    return dispute


def party_add(*, dispute: Dispute, by, data: PartyData) -> Party:
    (data,) = _clean_parties([data], dispute.station_id)
    with transaction.atomic():
        party = _party(dispute, data)
        party._history_user = by
        party.save()
    return party


def dispute_mark_not_resolved(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Mediation failed: the parties could not agree."""
    _require_status(dispute, [DisputeStatus.IN_MEDIATION], _("marked not resolved"))
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.NOT_RESOLVED
        _save(dispute, by=by, fields=["status"])
        _event(dispute, action=DisputeAction.NOT_RESOLVED, by=by, from_status=before, note=note)
        _close_dispute_reminders(dispute)
    return dispute


def dispute_refer(*, dispute: Dispute, by, referred_to: str, note: str = "") -> Dispute:
    """Hand the dispute to another body (court, labour arbitration, 三所联调…)."""
    if referred_to not in ReferralTarget.values:
        raise ValidationError({"referred_to": _("Choose where the dispute is referred to.")})
    _require_status(
        dispute,
        [DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION, DisputeStatus.NOT_RESOLVED],
        _("referred"),
    )
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.REFERRED
        dispute.referred_to = referred_to
        dispute.referral_note = note[:200]
        dispute.referred_at = _now()
        _save(dispute, by=by, fields=["status", "referred_to", "referral_note", "referred_at"])
        _event(dispute, action=DisputeAction.REFERRED, by=by, from_status=before, note=note)
        _close_dispute_reminders(dispute)
    return dispute


def dispute_close(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Close a dispute: resolved ones only after their follow-up visits are done."""
    _require_status(
        dispute,
        [DisputeStatus.RESOLVED, DisputeStatus.NOT_RESOLVED, DisputeStatus.REFERRED],
        _("closed"),
    )
    if dispute.status == DisputeStatus.RESOLVED:
        follow_ups = list(dispute.follow_ups.values_list("status", flat=True))
        if FollowUpStatus.SCHEDULED in follow_ups:
            raise ValidationError({"status": _("Follow-up visits are still due: record them before closing.")})
        if FollowUpStatus.DONE not in follow_ups:
            raise ValidationError({"status": _("A resolved dispute is closed after at least one follow-up visit.")})
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.CLOSED
        dispute.closed_at = _now()
        _save(dispute, by=by, fields=["status", "closed_at"])
        _event(dispute, action=DisputeAction.CLOSED, by=by, from_status=before, note=note)
        _close_dispute_reminders(dispute)
    return dispute


def dispute_reopen(
    *, dispute: Dispute, by, note: str, action: str = DisputeAction.REOPENED, message: str = "", params=None
) -> Dispute:
    """The dispute flared up again: back to mediation; follow-ups still scheduled are cancelled.
    `message`/`params`: the system's own words for the timeline (DisputeEventMessage), if any."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the dispute is reopened.")})
    _require_status(
        dispute,
        [DisputeStatus.RESOLVED, DisputeStatus.NOT_RESOLVED, DisputeStatus.CLOSED],
        _("reopened"),
    )
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.IN_MEDIATION
        dispute.resolved_at = None
        dispute.closed_at = None
        dispute.reopen_count += 1
        _save(dispute, by=by, fields=["status", "resolved_at", "closed_at", "reopen_count"])
        _event(dispute, action=action, by=by, from_status=before, note=note, message=message, params=params)
        for follow_up in dispute.follow_ups.filter(status=FollowUpStatus.SCHEDULED):
            follow_up.status = FollowUpStatus.CANCELLED
            follow_up.version += 1
            follow_up._history_user = by
            follow_up.save(update_fields=["status", "version"])
            reminder_done(key=follow_up.reminder_key)
        if dispute.risk == RiskGrade.RED:
            # The supervisors hear of a red dispute flaring up again, too.
            Reminder.objects.filter(key=red_dispute_reminder_key(dispute)).update(done_at=None)
            _raise_red_alert(dispute)
    return dispute


# --- sessions and agreements ----------------------------------------------------------


def session_record(
    *,
    dispute: Dispute,
    by,
    held_at: datetime,
    venue: str,
    outcome: str = "",
    location: str = "",
    mediators=(),
    other_mediators: str = "",
    bodies=(),
    attendees: str = "",
    notes: str = "",
) -> MediationSession:
    """Record a session held (or planned, without an outcome); the dispute is now in mediation."""
    _require_status(dispute, OPEN_STATUSES, _("mediated (reopen it first)"))
    if held_at is None:
        raise ValidationError({"held_at": _("Say when the session is held.")})
    if outcome and held_at > _now():
        raise ValidationError({"outcome": _("A session in the future has no outcome yet.")})
    if outcome and outcome not in SessionOutcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if held_at < dispute.registered_at - timedelta(days=1):
        raise ValidationError({"held_at": _("The session cannot be before the dispute was registered.")})
    bodies = list(dict.fromkeys(bodies))
    if any(body not in MediatingBody.values for body in bodies):
        raise ValidationError({"bodies": _("Unknown participating body.")})
    mediators = list(mediators)
    for mediator in mediators:
        _check_mediator(dispute.station_id, mediator, "mediators")
    if not mediators and not other_mediators.strip():
        raise ValidationError({"mediators": _("Say who mediated.")})
    with transaction.atomic():
        session = MediationSession(
            dispute=dispute,
            held_at=held_at,
            venue=venue,
            location=location,
            other_mediators=other_mediators,
            bodies=bodies,
            attendees=attendees,
            notes=notes,
            outcome=outcome,
            recorded_by=by,
        )
        session._history_user = by
        session.full_clean(exclude=["dispute"])
        session.save()
        session.mediators.set(mediators)
        if dispute.status == DisputeStatus.REGISTERED:
            dispute.status = DisputeStatus.IN_MEDIATION
            _save(dispute, by=by, fields=["status"])
        for who in ("station", "mediator"):
            reminder_done(key=no_session_reminder_key(dispute, who=who))
    return session


def session_update(*, session: MediationSession, by, expected_version: int, mediators=None, **fields):
    """Correct a session, e.g. record the outcome of a planned one once it was held."""
    for name, value in fields.items():
        setattr(session, name, value)
    if session.outcome and session.held_at > _now():
        raise ValidationError({"outcome": _("A session in the future has no outcome yet.")})
    if hasattr(session, "agreement") and session.outcome not in AGREEMENT_OUTCOMES:
        raise ValidationError({"outcome": _("An agreement was signed at this session.")})
    if mediators is not None:
        for mediator in mediators:
            _check_mediator(session.dispute.station_id, mediator, "mediators")
    session._history_user = by
    with transaction.atomic():
        save_versioned(session, expected_version=expected_version)
        if mediators is not None:
            session.mediators.set(mediators)
    return session


def next_agreement_number(dispute: Dispute) -> str:
    count = Agreement.objects.filter(dispute=dispute).count()
    return f"{dispute.number}-XY{count + 1}"


def agreement_record(
    *,
    session: MediationSession,
    by,
    terms: str,
    signed_at: datetime,
    follow_up_days: list[int] | None = None,
) -> Agreement:
    """Record the agreement signed at a session: the dispute is resolved and follow-up visits are scheduled."""
    dispute = session.dispute
    if session.outcome not in AGREEMENT_OUTCOMES:
        raise ValidationError({"session": _("An agreement needs a session whose outcome was an agreement.")})
    if hasattr(session, "agreement"):
        raise ValidationError({"session": _("This session already has an agreement.")})
    _require_status(dispute, [DisputeStatus.IN_MEDIATION], _("settled by an agreement"))
    if not (terms or "").strip():
        raise ValidationError({"terms": _("Write down the terms the parties agreed on.")})
    if signed_at is None:
        raise ValidationError({"signed_at": _("Say when the agreement was signed.")})
    if signed_at > _now():
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
            terms=terms.strip(),
            signed_at=signed_at,
            fulfilment=Fulfilment.PENDING,
            recorded_by=by,
        )
        agreement._history_user = by
        agreement.save()
        dispute.status = DisputeStatus.RESOLVED
        dispute.resolved_at = signed_at
        _save(dispute, by=by, fields=["status", "resolved_at"])
        signed_day = timezone.localdate(signed_at)
        for days in sorted(set(follow_up_days)):
            _follow_up_create(dispute=dispute, agreement=agreement, due_date=signed_day + timedelta(days=days), by=by)
        _close_dispute_reminders(dispute)
    return agreement


def agreement_update(*, agreement: Agreement, by, expected_version: int, **fields) -> Agreement:
    """Correct the terms or record how the agreement is being kept."""
    for name, value in fields.items():
        setattr(agreement, name, value)
    if not agreement.terms.strip():
        raise ValidationError({"terms": _("Write down the terms the parties agreed on.")})
    if agreement.signed_at > _now():
        raise ValidationError({"signed_at": _("An agreement cannot be signed in the future.")})
    agreement._history_user = by
    save_versioned(agreement, expected_version=expected_version)
    return agreement


# --- follow-up visits ----------------------------------------------------------------


def _follow_up_create(*, dispute: Dispute, agreement: Agreement, due_date: date, by) -> FollowUp:
    follow_up = FollowUp(dispute=dispute, agreement=agreement, due_date=due_date)
    follow_up._history_user = by
    follow_up.save()
    return follow_up


def follow_up_schedule(*, dispute: Dispute, by, due_date: date) -> FollowUp:
    """Schedule one more follow-up visit after the dispute's latest agreement."""
    agreement = dispute.agreements.order_by("-signed_at", "-id").first()
    if agreement is None:
        raise ValidationError({"due_date": _("Follow-up visits come after an agreement; there is none yet.")})
    if dispute.status != DisputeStatus.RESOLVED:
        raise ValidationError(
            {"due_date": _("Follow-up visits are scheduled for resolved disputes; this one is %(status)s.")
             % {"status": dispute.get_status_display()}}
        )  # fmt: skip
    if due_date is None:
        raise ValidationError({"due_date": _("Say when the visit is due.")})
    if due_date < timezone.localdate(agreement.signed_at):
        raise ValidationError({"due_date": _("A follow-up visit cannot be due before the agreement was signed.")})
    with transaction.atomic():
        return _follow_up_create(dispute=dispute, agreement=agreement, due_date=due_date, by=by)


def follow_up_reschedule(*, follow_up: FollowUp, by, expected_version: int, due_date: date) -> FollowUp:
    """Move a scheduled visit to another day (not before the agreement)."""
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError({"due_date": _("Only a scheduled visit can be moved.")})
    if due_date < timezone.localdate(follow_up.agreement.signed_at):
        raise ValidationError({"due_date": _("A follow-up visit cannot be due before the agreement was signed.")})
    with transaction.atomic():
        follow_up.due_date = due_date
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
    """Record a follow-up visit; a relapse reopens the dispute."""
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError(
            {"status": _("This follow-up visit is %(status)s already.") % {"status": follow_up.get_status_display()}}
        )
    if result not in FollowUpResult.values:
        raise ValidationError({"result": _("Say whether the dispute is stable or has relapsed.")})
    done_at = done_at or _now()
    if done_at > _now() + timedelta(minutes=5):
        raise ValidationError({"done_at": _("A visit cannot be recorded in the future.")})
    if done_at < follow_up.agreement.signed_at:
        raise ValidationError({"done_at": _("A follow-up visit cannot be before the agreement was signed.")})
    with transaction.atomic():
        follow_up.status = FollowUpStatus.DONE
        follow_up.result = result
        follow_up.satisfaction = satisfaction
        follow_up.notes = notes
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
            dispute_reopen(
                dispute=dispute,
                by=by,
                note=notes or DisputeEventMessage.RELAPSED_AT_FOLLOW_UP.label % params,
                action=DisputeAction.RELAPSED,
                message=message,
                params=params,
            )
            follow_up.dispute = dispute
    return follow_up


# --- reminders (the daily job) ----------------------------------------------------------


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
