"""Incidents (警情): logging, editing and the supervisor's review."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import IncidentStatus, TimelineKind
from cases.models import Incident, TimelineEvent
from cases.services.common import CLOCK_SKEW, edit_record, record_event
from cases.services.numbers import INCIDENT_NUMBER
from kit.services import check_fields
from stations.numbering import next_number

INCIDENT_FIELDS = frozenset(
    {
        "community",
        "category",
        "subtype",
        "channel",
        "occurred_at",
        "reported_at",
        "arrived_at",
        "closed_at",
        "address",
        "standard_address",
        "latitude",
        "longitude",
        "reporter_name",
        "reporter_phone",
        "reporter_resident",
        "summary",
        "narrative",
        "responding_officer",
        "disposition",
    }
)


def incident_errors(*, station_id: int | None, values: dict, now: datetime | None = None) -> dict[str, list[str]]:
    """Blocking problems with an incident's values (field -> messages)."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for field in ("occurred_at", "reported_at", "arrived_at", "closed_at"):
        value = values.get(field)
        if value is not None and value > now + CLOCK_SKEW:
            add(field, _("This time is in the future."))
    occurred, reported = values.get("occurred_at"), values.get("reported_at")
    arrived, closed = values.get("arrived_at"), values.get("closed_at")
    if occurred and reported and reported < occurred:
        add("reported_at", _("Reported before it occurred: the report time must be at or after the time it occurred."))
    if reported and arrived and arrived < reported:
        add("arrived_at", _("Arrived before the report: the arrival time must be at or after the report time."))
    start = arrived or reported
    if start and closed and closed < start:
        add("closed_at", _("Closed before it was handled: the closing time must be after arrival and report."))
    if not (values.get("summary") or "").strip():
        add("summary", _("Say in a few words what happened."))
    community = values.get("community")
    if community is not None and station_id is not None and community.station_id != station_id:
        add("community", _("This community belongs to another station."))
    standard_address = values.get("standard_address")
    if standard_address is not None and station_id is not None and standard_address.station_id != station_id:
        add("standard_address", _("This address is in another station's register."))
    resident = values.get("reporter_resident")
    if resident is not None and station_id is not None and resident.station_id != station_id:
        add("reporter_resident", _("This resident belongs to another station."))
    officer = values.get("responding_officer")
    if officer is not None and station_id is not None:
        profile = getattr(officer, "staff_profile", None)
        if profile is None or profile.station_id != station_id:
            add("responding_officer", _("This officer does not work at the incident's station."))
    return errors


def incident_warnings(*, station_id: int | None, values: dict, exclude_pk: int | None = None) -> list[str]:
    """Things worth a second look that do not stop the save (shown dismissable)."""
    from cases.selectors import repeat_call_count

    warnings = []
    if not (values.get("address") or "").strip() and values.get("standard_address") is None:
        warnings.append(_("No address given: repeat calls from one place cannot be counted without it."))
    if values.get("community") is None:
        warnings.append(_("No community chosen: the incident will not count towards any community's figures."))
    if not (values.get("reporter_name") or "").strip() and values.get("reporter_resident") is None:
        warnings.append(_("No reporter recorded."))
    reported, arrived = values.get("reported_at"), values.get("arrived_at")
    if reported and arrived and arrived - reported > timedelta(hours=2):
        warnings.append(_("Arrival more than two hours after the report: please check the times."))
    address = (values.get("address") or "").strip()
    standard_address = values.get("standard_address")
    if (address or standard_address is not None) and station_id is not None:
        from django.conf import settings

        earlier = repeat_call_count(
            station_id=station_id, address=address, standard_address=standard_address, exclude_pk=exclude_pk
        )
        if earlier + 1 >= settings.WULING["REPEAT_CALL_THRESHOLD"]:
            warnings.append(
                _("%(count)d incidents from this address in the last %(days)d days: consider opening a dispute.")
                % {"count": earlier + 1, "days": settings.WULING["REPEAT_CALL_WINDOW_DAYS"]}
            )
    return warnings


def _incident_validate(incident: Incident) -> None:
    values = {name: getattr(incident, name) for name in INCIDENT_FIELDS}
    errors = incident_errors(station_id=incident.station_id, values=values)
    if errors:
        raise ValidationError(errors)
    try:
        incident.full_clean(exclude=["number", "station", "version"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def incident_create(*, by, station, **fields) -> Incident:
    """Log an incident (警情): numbered at once, status "being handled"."""
    check_fields(fields, INCIDENT_FIELDS)
    with transaction.atomic():
        incident = Incident(station=station, created_by=by if getattr(by, "pk", None) else None, **fields)
        if incident.responding_officer_id is None and getattr(by, "pk", None):
            profile = getattr(by, "staff_profile", None)
            if profile is not None and profile.station_id == station.pk:
                incident.responding_officer = by
        _incident_validate(incident)
        year = timezone.localtime(incident.reported_at).year
        incident.number = next_number(station=station, kind=INCIDENT_NUMBER, year=year)
        incident._history_user = by
        incident.save()
        record_event(by=by, kind=TimelineKind.CREATED, incident=incident, text=incident.summary)
    return incident


def incident_update(*, incident: Incident, by, expected_version: int, **fields) -> Incident:
    """Edit an incident that is being handled or was returned; stale versions are refused."""
    check_fields(fields, INCIDENT_FIELDS)
    if not incident.is_editable:
        raise ValidationError(
            _("An incident that is %(status)s cannot be edited.") % {"status": incident.get_status_display()}
        )
    with transaction.atomic():
        edit_record(incident, by=by, expected_version=expected_version, fields=fields, validate=_incident_validate)
    return incident


def _incident_status(incident: Incident, *, by, to: IncidentStatus, allowed_from, reason: str, **extra) -> None:
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.status not in allowed_from:
        raise ValidationError({"status": reason % {"status": locked.get_status_display()}})
    old = locked.status
    incident.status = to
    for name, value in extra.items():
        setattr(incident, name, value)
    incident.version = locked.version + 1
    incident._history_user = by
    incident.save(update_fields=["status", "version", *extra])
    return old


def incident_submit(*, incident: Incident, by) -> Incident:
    """The officer hands the finished report to the supervisor for review."""
    with transaction.atomic():
        if not incident.disposition:
            raise ValidationError({"disposition": _("Choose a disposition before submitting.")})
        extra = {"submitted_at": timezone.now()}
        if incident.closed_at is None:
            extra["closed_at"] = max(timezone.now(), incident.arrived_at or incident.reported_at)
        old = _incident_status(
            incident,
            by=by,
            to=IncidentStatus.SUBMITTED,
            allowed_from=(IncidentStatus.DRAFT, IncidentStatus.RETURNED),
            reason=_("An incident that is %(status)s cannot be submitted."),
            **extra,
        )
        record_event(
            by=by, kind=TimelineKind.SUBMITTED, incident=incident, from_status=old, to_status=IncidentStatus.SUBMITTED
        )
    return incident


def incident_is_own_report(incident: Incident, user) -> bool:
    """The user wrote, handled or submitted this report: they may not also be its reviewer."""
    if getattr(user, "pk", None) is None:
        return False
    if user.pk in {incident.created_by_id, incident.responding_officer_id}:
        return True
    return TimelineEvent.objects.filter(incident=incident, kind=TimelineKind.SUBMITTED, by=user).exists()


def incident_approve(*, incident: Incident, by) -> Incident:
    """The supervisor accepts the report; four eyes: never one's own."""
    with transaction.atomic():
        if incident_is_own_report(incident, by):
            raise ValidationError(_("You wrote, handled or submitted this report: another supervisor must review it."))
        old = _incident_status(
            incident,
            by=by,
            to=IncidentStatus.APPROVED,
            allowed_from=(IncidentStatus.SUBMITTED,),
            reason=_("Only a submitted report can be approved; this one is %(status)s."),
            reviewed_by=by,
            reviewed_at=timezone.now(),
        )
        record_event(by=by, kind=TimelineKind.APPROVED, incident=incident, from_status=old, to_status=incident.status)
    return incident


def incident_return(*, incident: Incident, by, note: str) -> Incident:
    """The supervisor sends the report back with a note saying what to correct."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what needs correcting.")})
    with transaction.atomic():
        old = _incident_status(
            incident,
            by=by,
            to=IncidentStatus.RETURNED,
            allowed_from=(IncidentStatus.SUBMITTED,),
            reason=_("Only a submitted report can be returned; this one is %(status)s."),
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_note=note,
        )
        record_event(
            by=by, kind=TimelineKind.RETURNED, incident=incident, text=note, from_status=old, to_status=incident.status
        )
    return incident
