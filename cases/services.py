"""Every write of the cases app: incidents, their review, cases and their state machine.

Each service takes keyword-only arguments, runs in one transaction, raises
ValidationError naming the field for bad input and writes a timeline event
for every step a person would want to see later.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import (
    CASE_TRANSITIONS,
    CaseKind,
    CaseStatus,
    Disposition,
    IncidentStatus,
    PersonRole,
    PersonStatus,
    TimelineKind,
    TimelineMessage,
)
from cases.models import Case, CasePerson, CaseSeries, CustodyRecord, Incident, NumberCounter, TimelineEvent
from stations.models import person_name
from stations.versioning import save_versioned

# A few minutes of grace: a phone and a server rarely agree to the second.
CLOCK_SKEW = timedelta(minutes=5)

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
CASE_FIELDS = frozenset(
    {
        "kind",
        "offense_type",
        "title",
        "summary",
        "community",
        "address",
        "registered_at",
        "due_date",
        "loss_amount",
        "recovered_amount",
    }
)
CUSTODY_FIELDS = frozenset(
    {
        "person",
        "person_name",
        "time_in",
        "time_out",
        "photo_taken",
        "fingerprints_taken",
        "dna_taken",
        "belongings_kept",
        "belongings_notes",
        "custody",
        "escort_destination",
        "notes",
    }
)

INCIDENT_NUMBER = "J"  # 警情
CASE_NUMBER = "A"  # 案件


# --- Numbers -----------------------------------------------------------------


def next_number(*, station, kind: str, year: int) -> str:
    """The next number of `kind` at `station` in `year`, e.g. "WL01-2026-J00042".

    The station-year counter row is locked until the caller's transaction
    ends, so concurrent creations queue up behind it and never share a
    number; a number handed out is never handed out again.
    """
    with transaction.atomic():
        counter, _created = NumberCounter.objects.select_for_update().get_or_create(
            station_id=station.pk, kind=kind, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    return format_number(station_code=station.code, kind=kind, year=year, sequence=counter.last)


def format_number(*, station_code: str, kind: str, year: int, sequence: int) -> str:
    return f"{station_code}-{year}-{kind}{sequence:05d}"


# --- Timeline ----------------------------------------------------------------


def _event(
    *,
    by,
    kind: TimelineKind,
    incident=None,
    case=None,
    text: str = "",
    from_status="",
    to_status="",
    message: TimelineMessage | str = "",
    params: dict | None = None,
):
    """A timeline entry. What the system says goes in `message` + `params` (worded when read, in the
    reader's language); `text` is for what an officer typed, and also gets the sentence as worded now."""
    subject = case or incident
    if message:
        event = TimelineEvent(message=message, params=params or {}, case=case, incident=incident)
        text = event.display_text
    return TimelineEvent.objects.create(
        station_id=subject.station_id,
        incident=incident,
        case=case,
        by=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        text=text[:500],
        from_status=from_status,
        to_status=to_status,
        message=message,
        params=params or {},
    )


def _check_fields(fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})


# --- Incidents ---------------------------------------------------------------


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
    if not (values.get("address") or "").strip():
        warnings.append(_("No address given: repeat calls from one place cannot be counted without it."))
    if values.get("community") is None:
        warnings.append(_("No community chosen: the incident will not count towards any community's figures."))
    if not (values.get("reporter_name") or "").strip() and values.get("reporter_resident") is None:
        warnings.append(_("No reporter recorded."))
    reported, arrived = values.get("reported_at"), values.get("arrived_at")
    if reported and arrived and arrived - reported > timedelta(hours=2):
        warnings.append(_("Arrival more than two hours after the report: please check the times."))
    address = (values.get("address") or "").strip()
    if address and station_id is not None:
        from django.conf import settings

        earlier = repeat_call_count(station_id=station_id, address=address, exclude_pk=exclude_pk)
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
    _check_fields(fields, INCIDENT_FIELDS)
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
        _event(by=by, kind=TimelineKind.CREATED, incident=incident, text=incident.summary)
    return incident


def incident_update(*, incident: Incident, by, expected_version: int, **fields) -> Incident:
    """Edit an incident that is being handled or was returned; stale versions are refused."""
    _check_fields(fields, INCIDENT_FIELDS)
    if not incident.is_editable:
        raise ValidationError(
            _("An incident that is %(status)s cannot be edited.") % {"status": incident.get_status_display()}
        )
    with transaction.atomic():
        changed = [name for name, value in fields.items() if getattr(incident, name) != value]
        for name, value in fields.items():
            setattr(incident, name, value)
        _incident_validate(incident)
        incident._history_user = by
        save_versioned(incident, expected_version=expected_version)
        if changed:
            _event(
                by=by,
                kind=TimelineKind.EDITED,
                incident=incident,
                message=TimelineMessage.FIELDS_EDITED,
                params={"fields": sorted(changed)},
            )
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
        _event(
            by=by, kind=TimelineKind.SUBMITTED, incident=incident, from_status=old, to_status=IncidentStatus.SUBMITTED
        )
    return incident


def incident_approve(*, incident: Incident, by) -> Incident:
    """The supervisor accepts the report."""
    with transaction.atomic():
        old = _incident_status(
            incident,
            by=by,
            to=IncidentStatus.APPROVED,
            allowed_from=(IncidentStatus.SUBMITTED,),
            reason=_("Only a submitted report can be approved; this one is %(status)s."),
            reviewed_by=by,
            reviewed_at=timezone.now(),
        )
        _event(by=by, kind=TimelineKind.APPROVED, incident=incident, from_status=old, to_status=incident.status)
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
        _event(
            by=by, kind=TimelineKind.RETURNED, incident=incident, text=note, from_status=old, to_status=incident.status
        )
    return incident


# --- Cases -------------------------------------------------------------------


def _case_validate(case: Case) -> None:
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    if case.registered_at and case.registered_at > now + CLOCK_SKEW:
        errors.setdefault("registered_at", []).append(_("This time is in the future."))
    loss = case.loss_amount if case.loss_amount is not None else Decimal("0")
    recovered = case.recovered_amount if case.recovered_amount is not None else Decimal("0")
    if loss < 0:
        errors.setdefault("loss_amount", []).append(_("An amount cannot be negative."))
    if recovered < 0:
        errors.setdefault("recovered_amount", []).append(_("An amount cannot be negative."))
    elif recovered > loss:
        errors.setdefault("recovered_amount", []).append(_("More recovered than lost: check both amounts."))
    if case.solved_at and case.registered_at and case.solved_at < case.registered_at:
        errors.setdefault("solved_at", []).append(_("Solved before it was registered."))
    if case.community_id and case.community.station_id != case.station_id:
        errors.setdefault("community", []).append(_("This community belongs to another station."))
    if errors:
        raise ValidationError(errors)
    try:
        case.full_clean(exclude=["number", "station", "version", "series", "lead_officer"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _station_officers(station, users):
    """Officers may be given work only at their own station, and only while their account is active
    (the forms and the API offer no one else; this holds for every other caller too)."""
    for user in users:
        profile = getattr(user, "staff_profile", None)
        if profile is None or profile.station_id != station.pk:
            raise ValidationError(
                {"officers": _("%(user)s does not work at this station.") % {"user": person_name(user)}}
            )
        if not user.is_active:
            raise ValidationError(
                {
                    "officers": _("%(user)s's account is deactivated: choose another officer.")
                    % {"user": person_name(user)}
                }
            )


def case_register(
    *,
    by,
    station,
    offense_type: str,
    title: str,
    kind: str = CaseKind.CRIMINAL,
    summary: str = "",
    registered_at: datetime | None = None,
    incidents=(),
    officers=(),
    lead_officer=None,
    due_date: date | None = None,
    community=None,
    address: str = "",
    loss_amount: Decimal = Decimal("0"),
    recovered_amount: Decimal = Decimal("0"),
) -> Case:
    """Register a case (立案), directly or from one or more incidents."""
    incidents = list(incidents)
    officers = list(officers)
    if lead_officer is not None and lead_officer not in officers:
        officers.insert(0, lead_officer)
    for incident in incidents:
        if incident.station_id != station.pk:
            raise ValidationError(
                {"incidents": _("Incident %(number)s is another station's.") % {"number": incident.number}}
            )
    _station_officers(station, officers)
    first = incidents[0] if incidents else None
    with transaction.atomic():
        case = Case(
            station=station,
            kind=kind,
            offense_type=offense_type,
            title=title,
            summary=summary,
            registered_at=registered_at or timezone.now(),
            lead_officer=lead_officer,
            due_date=due_date,
            community=community if community is not None else (first.community if first else None),
            address=address or (first.address if first else ""),
            loss_amount=loss_amount if loss_amount is not None else Decimal("0"),
            recovered_amount=recovered_amount if recovered_amount is not None else Decimal("0"),
            created_by=by if getattr(by, "pk", None) else None,
        )
        _case_validate(case)
        case.number = next_number(station=station, kind=CASE_NUMBER, year=timezone.localtime(case.registered_at).year)
        case._history_user = by
        case.save()
        case.officers.set(officers)
        case.incidents.set(incidents)
        _event(by=by, kind=TimelineKind.REGISTERED, case=case, text=case.title, to_status=case.status)
        for incident in incidents:
            if not incident.disposition:
                Incident.objects.filter(pk=incident.pk).update(disposition=Disposition.CASE)
            _event(by=by, kind=TimelineKind.REGISTERED, incident=incident, text=case.number)
    return case


def case_update(*, case: Case, by, expected_version: int, **fields) -> Case:
    """Edit a case's particulars (not its status: that is `case_transition`)."""
    _check_fields(fields, CASE_FIELDS)
    with transaction.atomic():
        changed = [name for name, value in fields.items() if getattr(case, name) != value]
        for name, value in fields.items():
            setattr(case, name, value)
        _case_validate(case)
        case._history_user = by
        save_versioned(case, expected_version=expected_version)
        if changed:
            _event(
                by=by,
                kind=TimelineKind.EDITED,
                case=case,
                message=TimelineMessage.FIELDS_EDITED,
                params={"fields": sorted(changed)},
            )
    return case


def allowed_transitions(case: Case) -> tuple[str, ...]:
    return CASE_TRANSITIONS.get(case.status, ())


def case_transition(
    *,
    case: Case,
    by,
    to_status: str,
    reason: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Case:
    """Move a case through its states; the reason goes to the timeline.

    Solving needs the time it was solved; suspending and withdrawing need a reason.
    """
    reason = (reason or "").strip()
    if to_status not in CaseStatus.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            from stations.versioning import StaleVersionError

            raise StaleVersionError
        if to_status not in CASE_TRANSITIONS[locked.status]:
            raise ValidationError(
                {
                    "to_status": _("A case that is %(from)s cannot become %(to)s.")
                    % {"from": locked.get_status_display(), "to": CaseStatus(to_status).label}
                }
            )
        now = timezone.now()
        if at is not None and at > now + CLOCK_SKEW:
            raise ValidationError({"at": _("This time is in the future.")})
        update = ["status", "status_reason", "version"]
        if to_status == CaseStatus.SOLVED:
            if at is None:
                raise ValidationError({"at": _("A solved case needs the time it was solved.")})
            if at < locked.registered_at:
                raise ValidationError({"at": _("Solved before it was registered.")})
            case.solved_at = at
            update.append("solved_at")
        if to_status in (CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN) and not reason:
            raise ValidationError({"reason": _("Give the reason for suspending or withdrawing the case.")})
        if to_status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            case.closed_at = at or now
            update.append("closed_at")
        old = locked.status
        case.status = to_status
        case.status_reason = reason[:200]
        case.version = locked.version + 1
        case._history_user = by
        case.save(update_fields=update)
        _event(by=by, kind=TimelineKind.STATUS, case=case, text=reason, from_status=old, to_status=to_status)
    return case


def case_assign(*, case: Case, by, officers, lead_officer=None, due_date: date | None = None) -> Case:
    """Assign (or reassign) the officers working a case, its lead and its due date."""
    officers = list(officers)
    if lead_officer is not None and lead_officer not in officers:
        officers.insert(0, lead_officer)
    if not officers:
        raise ValidationError({"officers": _("Choose at least one officer.")})
    _station_officers(case.station, officers)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).exists()
        case.lead_officer = lead_officer or officers[0]
        case.due_date = due_date
        case.version += 1
        case._history_user = by
        case.save(update_fields=["lead_officer", "due_date", "version"])
        case.officers.set(officers)
        params = {"names": "、".join(person_name(u) for u in officers)}
        message = TimelineMessage.ASSIGNED
        if due_date is not None:
            message, params["date"] = TimelineMessage.ASSIGNED_DUE, due_date.isoformat()
        _event(by=by, kind=TimelineKind.ASSIGNED, case=case, message=message, params=params)
    return case


def case_person_add(
    *,
    case: Case,
    by,
    role: str,
    name: str,
    status: str = PersonStatus.NONE,
    id_number: str = "",
    phone: str = "",
    resident=None,
    note: str = "",
) -> CasePerson:
    """Record a suspect, victim or witness in a case."""
    if resident is not None and resident.station_id != case.station_id:
        raise ValidationError({"resident": _("This resident belongs to another station.")})
    person = CasePerson(
        case=case,
        role=role,
        name=(name or "").strip() or (resident.name if resident is not None else ""),
        status=status or PersonStatus.NONE,
        id_number=(id_number or "").strip().upper(),
        phone=(phone or "").strip(),
        resident=resident,
        note=note or "",
    )
    if person.role != PersonRole.SUSPECT and person.status in (
        PersonStatus.AT_LARGE,
        PersonStatus.DETAINED,
        PersonStatus.ARRESTED,
        PersonStatus.BAILED,
    ):
        raise ValidationError({"status": _("Only a suspect can be at large, detained, arrested or on bail.")})
    try:
        person.full_clean(exclude=["version"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    with transaction.atomic():
        person._history_user = by
        person.save()
        _event(
            by=by, kind=TimelineKind.PERSON, case=case, message=TimelineMessage.PERSON, params=_person_params(person)
        )
    return person


def case_person_set_status(*, person: CasePerson, by, status: str, note: str = "") -> CasePerson:
    """A suspect is arrested, released…: the change goes to the case's timeline."""
    if status not in PersonStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if person.role != PersonRole.SUSPECT and status not in (PersonStatus.NONE, PersonStatus.SUMMONED):
        raise ValidationError({"status": _("Only a suspect can be at large, detained, arrested or on bail.")})
    with transaction.atomic():
        person.status = status
        if note:
            person.note = note[:200]
        person.version += 1
        person._history_user = by
        person.save(update_fields=["status", "note", "version"])
        _event(
            by=by,
            kind=TimelineKind.PERSON,
            case=person.case,
            message=TimelineMessage.PERSON,
            params=_person_params(person),
        )
    return person


def _person_params(person: CasePerson) -> dict:
    return {"role": person.role, "name": person.name, "status": person.status}


def case_person_remove(*, person: CasePerson, by) -> None:
    with transaction.atomic():
        case = person.case
        params = _person_params(person)
        person._history_user = by
        person.delete()
        _event(by=by, kind=TimelineKind.PERSON, case=case, message=TimelineMessage.PERSON_REMOVED, params=params)


def case_link_series(*, case: Case, other: Case, by, name: str = "") -> CaseSeries:
    """Link two cases into one series (串并案); series already formed are merged."""
    if case.pk == other.pk:
        raise ValidationError({"other": _("A case cannot be linked with itself.")})
    if case.station_id != other.station_id:
        raise ValidationError({"other": _("Only cases of one station can form a series.")})
    with transaction.atomic():
        series = case.series or other.series
        if series is None:
            series = CaseSeries.objects.create(
                station_id=case.station_id, name=name.strip() or _("Series of %(number)s") % {"number": case.number}
            )
        members = {case.pk, other.pk}
        for existing in {case.series_id, other.series_id} - {None, series.pk}:
            members |= set(Case.objects.filter(series_id=existing).values_list("pk", flat=True))
        Case.objects.filter(pk__in=members).update(series=series)
        case.series = series
        other.series = series
        for member in (case, other):
            partner = other if member is case else case
            _event(by=by, kind=TimelineKind.SERIES, case=member, text=f"{series.name} · {partner.number}")
    return series


# --- Case-processing center ----------------------------------------------------


def _custody_validate(record: CustodyRecord) -> None:
    errors = {}
    now = timezone.now()
    if record.time_in and record.time_in > now + CLOCK_SKEW:
        errors["time_in"] = [_("This time is in the future.")]
    if record.time_out and record.time_out > now + CLOCK_SKEW:
        errors["time_out"] = [_("This time is in the future.")]
    if record.time_in and record.time_out and record.time_out < record.time_in:
        errors["time_out"] = [_("Out before in: the time out must be after the time in.")]
    if record.person_id and record.person.case_id != record.case_id:
        errors["person"] = [_("This person is not in the chosen case.")]
    if record.case_id and record.case.station_id != record.station_id:
        errors["case"] = [_("This case belongs to another station.")]
    if errors:
        raise ValidationError(errors)
    try:
        record.full_clean(exclude=["station", "version"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def custody_record_create(*, case: Case, by, **fields) -> CustodyRecord:
    """A person is brought into the case-processing center for a case."""
    _check_fields(fields, CUSTODY_FIELDS)
    with transaction.atomic():
        record = CustodyRecord(case=case, station_id=case.station_id, recorded_by=by, **fields)
        if not record.person_name and record.person_id:
            record.person_name = record.person.name
        _custody_validate(record)
        record._history_user = by
        record.save()
        _event(
            by=by,
            kind=TimelineKind.CUSTODY,
            case=case,
            message=TimelineMessage.CUSTODY_IN,
            params={"name": record.person_name},
        )
    return record


def custody_record_update(*, record: CustodyRecord, by, expected_version: int, **fields) -> CustodyRecord:
    _check_fields(fields, CUSTODY_FIELDS)
    with transaction.atomic():
        was_out = CustodyRecord.objects.filter(pk=record.pk, time_out__isnull=False).exists()
        for name, value in fields.items():
            setattr(record, name, value)
        _custody_validate(record)
        record._history_user = by
        save_versioned(record, expected_version=expected_version)
        if record.time_out and not was_out:
            message, params = TimelineMessage.CUSTODY_OUT, {"name": record.person_name}
            if record.escort_destination:
                message, params["destination"] = TimelineMessage.CUSTODY_OUT_TO, record.escort_destination
            _event(by=by, kind=TimelineKind.CUSTODY, case=record.case, message=message, params=params)
    return record
