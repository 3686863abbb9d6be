"""Registering a dispute (from an incident, too), editing it, its parties, and its state changes:
referral, not resolved, close, reopen."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import Disposition
from cases.models import Incident
from kit.services import check_fields
from kit.versioning import save_versioned
from mediation.choices import (
    DisputeAction,
    DisputeSource,
    DisputeStatus,
    FollowUpStatus,
    PartySide,
    ReferralTarget,
    RiskGrade,
)
from mediation.models import Dispute, Party
from mediation.services.common import (
    check_mediator,
    close_dispute_reminders,
    next_dispute_number,
    now,
    raise_red_alert,
    record_event,
    red_dispute_reminder_key,
    require_status,
    save_state,
)
from stations.models import Reminder
from stations.services import reminder_done

#: What registering a dispute accepts besides its station and parties.
DISPUTE_FIELDS = frozenset(
    {
        "source",
        "category",
        "risk",
        "summary",
        "description",
        "address",
        "standard_address",
        "community",
        "incident",
        "mediator",
        "registered_at",
    }
)
#: What an edit may change: not its status (the actions do that), incident or registration.
DISPUTE_EDIT_FIELDS = frozenset(
    {"community", "category", "risk", "summary", "description", "address", "standard_address", "mediator", "source"}
)
#: What is said about one party.
PARTY_FIELDS = frozenset({"side", "name", "phone", "id_number", "address", "resident"})


def _clean_party(fields: dict, station_id: int, *, into: str | None = None) -> dict:
    """A party's fields, checked. Refusals are put on the party's own fields, or all `into` one field
    ("parties" when the dispute is registered with several)."""
    if into is None:
        check_fields(fields, PARTY_FIELDS)
    elif set(fields) - PARTY_FIELDS:
        raise ValidationError({into: _("This field cannot be set here.")})

    def refuse(field, message):
        raise ValidationError({into or field: message})

    party = {"side": PartySide.APPLICANT, "phone": "", "id_number": "", "address": "", "resident": None, **fields}
    resident = party["resident"]
    party["name"] = (fields.get("name") or "").strip()
    if not party["name"] and resident is not None:
        party["name"] = resident.name
    if not party["name"]:
        refuse("name", _("Every party needs a name."))
    if resident is not None and resident.station_id != station_id:
        refuse("id_number", _("A party's resident must be registered at the dispute's station."))
    if party["side"] not in PartySide.values:
        refuse("side", _("Unknown party side."))
    return party


def _party(dispute: Dispute, party: dict) -> Party:
    """A party row; what is not typed comes from the registered resident."""
    resident = party["resident"]
    return Party(
        dispute=dispute,
        side=party["side"],
        resident=resident,
        name=party["name"][:50],
        phone=(party["phone"] or (resident.phone if resident else ""))[:20],
        id_number=(party["id_number"] or (resident.id_number if resident else ""))[:18],
        address=(party["address"] or (str(resident.address) if resident and resident.address_id else ""))[:200],
    )


def _send_incident_to_mediation(incident: Incident) -> None:
    """The incident's disposition becomes 转调解, unless a case was registered from it (the case is the
    stronger outcome). The version moves on, so an incident form opened before does not set it back."""
    if incident.disposition == Disposition.CASE:
        return
    Incident.objects.filter(pk=incident.pk).update(disposition=Disposition.MEDIATION, version=F("version") + 1)
    incident.disposition = Disposition.MEDIATION


def dispute_register(*, station, by, parties: list[dict], **fields) -> Dispute:
    """Register a dispute with its parties (each a dict of `PARTY_FIELDS`); a red one alerts the supervisors
    at once. Registered from an incident, it takes the incident's community and address when none is given,
    and the incident is marked sent to mediation."""
    check_fields(fields, DISPUTE_FIELDS)
    summary = (fields.get("summary") or "").strip()
    community, incident = fields.get("community"), fields.get("incident")
    mediator = fields.get("mediator")
    risk = fields.get("risk") or RiskGrade.YELLOW
    if not summary:
        raise ValidationError({"summary": _("Say what the dispute is about.")})
    if community is not None and community.station_id != station.pk:
        raise ValidationError({"community": _("The community belongs to another station.")})
    if incident is not None and incident.station_id != station.pk:
        raise ValidationError({"incident": _("The incident belongs to another station.")})
    standard_address = fields.get("standard_address") or (incident.standard_address if incident else None)
    if standard_address is not None and standard_address.station_id != station.pk:
        raise ValidationError({"standard_address": _("This address is in another station's register.")})
    if risk not in RiskGrade.values:
        raise ValidationError({"risk": _("Choose a risk grade.")})
    check_mediator(station.pk, mediator)
    parties = [_clean_party(dict(p), station.pk, into="parties") for p in parties]
    if not parties:
        raise ValidationError({"parties": _("Name at least one party.")})
    registered_at = fields.get("registered_at") or now()
    if registered_at > now() + timedelta(minutes=5):
        raise ValidationError({"registered_at": _("A dispute cannot be registered in the future.")})
    source = DisputeSource.INCIDENT if incident is not None else fields.get("source")
    with transaction.atomic():
        dispute = Dispute(
            station=station,
            number=next_dispute_number(station, timezone.localdate(registered_at).year),
            community=community or (incident.community if incident else None),
            incident=incident,
            source=source,
            category=fields.get("category"),
            risk=risk,
            summary=summary[:200],
            description=fields.get("description") or "",
            address=fields.get("address") or (incident.address if incident else ""),
            standard_address=standard_address,
            mediator=mediator,
            registered_at=registered_at,
            registered_by=by,
        )
        dispute._history_user = by
        dispute.full_clean(exclude=["number"])
        dispute.save()
        Party.objects.bulk_create([_party(dispute, p) for p in parties])
        record_event(dispute, action=DisputeAction.REGISTERED, by=by, from_status="", at=registered_at)
        if incident is not None:
            _send_incident_to_mediation(incident)
        if risk == RiskGrade.RED:
            raise_red_alert(dispute)
    return dispute


def dispute_update(*, dispute: Dispute, by, expected_version: int, **fields) -> Dispute:
    """Edit what the dispute is about, its grade or mediator (not its status). `dispute` is the record as
    stored; raised to red, it alerts the supervisors."""
    check_fields(fields, DISPUTE_EDIT_FIELDS)
    if "mediator" in fields:
        check_mediator(dispute.station_id, fields["mediator"])
    community = fields.get("community")
    if community is not None and community.station_id != dispute.station_id:
        raise ValidationError({"community": _("The community belongs to another station.")})
    standard_address = fields.get("standard_address")
    if standard_address is not None and standard_address.station_id != dispute.station_id:
        raise ValidationError({"standard_address": _("This address is in another station's register.")})
    if "summary" in fields and not (fields["summary"] or "").strip():
        raise ValidationError({"summary": _("Say what the dispute is about.")})
    was_red = dispute.risk == RiskGrade.RED
    for name, value in fields.items():
        setattr(dispute, name, value)
    dispute._history_user = by
    dispute.full_clean(exclude=["number"])
    with transaction.atomic():
        save_versioned(dispute, expected_version=expected_version)
        if dispute.risk == RiskGrade.RED and not was_red and dispute.is_open:
            raise_red_alert(dispute)
    return dispute


def party_add(*, dispute: Dispute, by, **fields) -> Party:
    """Add a party to a registered dispute (`PARTY_FIELDS`)."""
    party = _clean_party(fields, dispute.station_id)
    with transaction.atomic():
        row = _party(dispute, party)
        row._history_user = by
        row.save()
    return row


def dispute_mark_not_resolved(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Mediation failed: the parties could not agree."""
    require_status(dispute, [DisputeStatus.IN_MEDIATION], _("marked not resolved"))
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.NOT_RESOLVED
        save_state(dispute, by=by, fields=["status"])
        record_event(dispute, action=DisputeAction.NOT_RESOLVED, by=by, from_status=before, note=note)
        close_dispute_reminders(dispute)
    return dispute


def dispute_refer(*, dispute: Dispute, by, referred_to: str, note: str = "") -> Dispute:
    """Hand the dispute to another body (court, labour arbitration, 三所联调…)."""
    if referred_to not in ReferralTarget.values:
        raise ValidationError({"referred_to": _("Choose where the dispute is referred to.")})
    require_status(
        dispute,
        [DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION, DisputeStatus.NOT_RESOLVED],
        _("referred"),
    )
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.REFERRED
        dispute.referred_to = referred_to
        dispute.referral_note = note[:200]
        dispute.referred_at = now()
        save_state(dispute, by=by, fields=["status", "referred_to", "referral_note", "referred_at"])
        record_event(dispute, action=DisputeAction.REFERRED, by=by, from_status=before, note=note)
        close_dispute_reminders(dispute)
    return dispute


def dispute_close(*, dispute: Dispute, by, note: str = "") -> Dispute:
    """Close a dispute: resolved ones only after their follow-up visits are done."""
    require_status(
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
        dispute.closed_at = now()
        save_state(dispute, by=by, fields=["status", "closed_at"])
        record_event(dispute, action=DisputeAction.CLOSED, by=by, from_status=before, note=note)
        close_dispute_reminders(dispute)
    return dispute


def dispute_reopen(*, dispute: Dispute, by, note: str) -> Dispute:
    """Reopen by hand (the parties came back, a referral came back…): back to mediation. Not a relapse:
    a relapse is what a follow-up visit finds (follow_ups.follow_up_record)."""
    return reopen(dispute, by=by, note=note, action=DisputeAction.REOPENED)


def reopen(dispute: Dispute, *, by, note: str, action: str, message: str = "", params=None) -> Dispute:
    """Back to mediation; follow-up visits still scheduled are cancelled. Only a relapse counts as one."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the dispute is reopened.")})
    require_status(
        dispute,
        [DisputeStatus.RESOLVED, DisputeStatus.NOT_RESOLVED, DisputeStatus.CLOSED],
        _("reopened"),
    )
    with transaction.atomic():
        before = dispute.status
        dispute.status = DisputeStatus.IN_MEDIATION
        dispute.resolved_at = None
        dispute.closed_at = None
        fields = ["status", "resolved_at", "closed_at"]
        if action == DisputeAction.RELAPSED:
            dispute.relapse_count += 1
            fields.append("relapse_count")
        save_state(dispute, by=by, fields=fields)
        record_event(dispute, action=action, by=by, from_status=before, note=note, message=message, params=params)
        for follow_up in dispute.follow_ups.filter(status=FollowUpStatus.SCHEDULED):
            follow_up.status = FollowUpStatus.CANCELLED
            follow_up.version += 1
            follow_up._history_user = by
            follow_up.save(update_fields=["status", "version"])
            reminder_done(key=follow_up.reminder_key)
        if dispute.risk == RiskGrade.RED:
            # The supervisors hear of a red dispute flaring up again, too.
            Reminder.objects.filter(key=red_dispute_reminder_key(dispute)).update(done_at=None)
            raise_red_alert(dispute)
    return dispute
