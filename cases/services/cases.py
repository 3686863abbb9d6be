"""Cases (案件): registration (立案), particulars, the state machine, assignment and series (串并案)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.choices import CASE_TRANSITIONS, CaseKind, CaseStatus, Disposition, TimelineKind, TimelineMessage
from cases.models import Case, CaseSeries, Incident
from cases.services.common import CLOCK_SKEW, edit_record, record_event
from cases.services.numbers import CASE_NUMBER
from kit.services import check_fields
from kit.versioning import StaleVersionError
from stations.models import person_name
from stations.numbering import next_number

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
#: What a registration takes: the particulars, the incidents it comes from, who works it.
REGISTER_FIELDS = CASE_FIELDS | {"incidents", "officers", "lead_officer", "allow_second_case"}


def _case_validate(case: Case) -> None:
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    if case.registered_at and case.registered_at > now + CLOCK_SKEW:
        errors.setdefault("registered_at", []).append(_("This time is in the future."))
    loss = case.loss_amount if case.loss_amount is not None else Decimal("0")
    recovered = case.recovered_amount if case.recovered_amount is not None else Decimal("0")
    if loss < 0:
        errors.setdefault("loss_amount", []).append(_("The loss cannot be negative."))
    if recovered < 0:
        errors.setdefault("recovered_amount", []).append(_("An amount cannot be negative."))
    elif recovered > loss:
        errors.setdefault("recovered_amount", []).append(_("The amount recovered cannot exceed the loss."))
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


def _station_officers(station, users, *, field: str = "officers"):
    """Officers may be given work only at their own station, only while their account is active, and
    only if they are police (a civilian mediator works disputes, not cases). The forms and the API
    offer no one else; this holds for every other caller too."""
    for user in users:
        profile = getattr(user, "staff_profile", None)
        if profile is None or profile.station_id != station.pk:
            raise ValidationError({field: _("%(user)s does not work at this station.") % {"user": person_name(user)}})
        if not user.is_active:
            raise ValidationError(
                {field: _("%(user)s's account is deactivated: choose another officer.") % {"user": person_name(user)}}
            )
        if not profile.is_police:
            raise ValidationError(
                {
                    field: _("%(user)s is a %(kind)s: only police officers and auxiliary police work cases.")
                    % {"user": person_name(user), "kind": profile.get_kind_display()}
                }
            )


def cases_of_incidents(incidents) -> list[Case]:
    """The cases already registered from any of `incidents`, oldest first."""
    return list(Case.objects.filter(incidents__in=incidents).distinct().order_by("registered_at", "pk"))


def _refuse_second_case(incidents) -> None:
    existing = cases_of_incidents(incidents)
    if existing:
        raise ValidationError(
            {
                "incidents": _(
                    "A case was already registered from this incident: %(cases)s. Open that case, or confirm "
                    "that this is a separate case (“Register a new case anyway”; in the API "
                    "`allow_second_case: true`)."
                )
                % {"cases": "、".join(case.number for case in existing)}
            },
            code="second_case",
        )


def case_register(*, by, station, **fields) -> Case:
    """Register a case (立案), directly or from one or more incidents (`REGISTER_FIELDS`).

    An incident a case was already registered from needs `allow_second_case=True`: a second case
    from one call is usually a duplicate, so it is refused unless the officer says it is not.
    Without `registered_at` the case is registered now.
    """
    check_fields(fields, REGISTER_FIELDS)
    incidents = list(fields.pop("incidents", None) or ())
    officers = list(fields.pop("officers", None) or ())
    lead_officer = fields.pop("lead_officer", None)
    allow_second_case = bool(fields.pop("allow_second_case", False))
    if lead_officer is not None:
        _station_officers(station, [lead_officer], field="lead_officer")
        if lead_officer not in officers:
            officers.insert(0, lead_officer)
    for incident in incidents:
        if incident.station_id != station.pk:
            raise ValidationError(
                {"incidents": _("Incident %(number)s is another station's.") % {"number": incident.number}}
            )
    _station_officers(station, officers)
    if incidents and not allow_second_case:
        _refuse_second_case(incidents)
    first = incidents[0] if incidents else None
    values = {name: value for name, value in fields.items() if value is not None}
    values.setdefault("kind", CaseKind.CRIMINAL)
    values.setdefault("registered_at", timezone.now())
    if values.get("community") is None and first is not None:
        values["community"] = first.community
    if not values.get("address") and first is not None:
        values["address"] = first.address
    with transaction.atomic():
        case = Case(
            station=station,
            lead_officer=lead_officer,
            created_by=by if getattr(by, "pk", None) else None,
            **values,
        )
        _case_validate(case)
        case.number = next_number(station=station, kind=CASE_NUMBER, year=timezone.localtime(case.registered_at).year)
        case._history_user = by
        case.save()
        case.officers.set(officers)
        case.incidents.set(incidents)
        record_event(by=by, kind=TimelineKind.REGISTERED, case=case, text=case.title, to_status=case.status)
        for incident in incidents:
            if not incident.disposition:
                Incident.objects.filter(pk=incident.pk).update(disposition=Disposition.CASE)
            record_event(by=by, kind=TimelineKind.REGISTERED, incident=incident, text=case.number)
    return case


#: Fields of a case that an edit does not change, and where they are changed instead.
CHANGED_ELSEWHERE = {
    "officers": _lazy("Officers are changed with the assignment (the assign action)."),
    "lead_officer": _lazy("The lead officer is changed with the assignment (the assign action)."),
    "incidents": _lazy("The incidents of a case are given when it is registered."),
    "allow_second_case": _lazy("Only a new case is registered from an incident."),
}


def case_update(*, case: Case, by, expected_version: int, **fields) -> Case:
    """Edit a case's particulars (`CASE_FIELDS`; not its status: that is `case_transition`)."""
    elsewhere = {name: str(CHANGED_ELSEWHERE[name]) for name in fields if name in CHANGED_ELSEWHERE}
    if elsewhere:
        raise ValidationError(elsewhere)
    check_fields(fields, CASE_FIELDS)
    with transaction.atomic():
        edit_record(case, by=by, expected_version=expected_version, fields=fields, validate=_case_validate)
    return case


def allowed_transitions(case: Case) -> tuple[str, ...]:
    return CASE_TRANSITIONS.get(case.status, ())


def case_transition(
    *,
    case: Case,
    by,
    expected_version: int,
    to_status: str,
    reason: str = "",
    at: datetime | None = None,
) -> Case:
    """Move a case through its states; the reason goes to the timeline.

    `at` is when it happened: without it, solving, closing and withdrawing are recorded at the
    current time, and the timeline says which time was used. Suspending and withdrawing need a reason.
    """
    reason = (reason or "").strip()
    if to_status not in CaseStatus.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.version != expected_version:
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
        text = reason
        if to_status == CaseStatus.SOLVED:
            solved_at = at or now
            if solved_at < locked.registered_at:
                raise ValidationError({"at": _("Solved before it was registered.")})
            case.solved_at = solved_at
            update.append("solved_at")
            text = _join(reason, _time_used(_("solved at"), solved_at, given=at is not None))
        if to_status in (CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN) and not reason:
            raise ValidationError({"reason": _("Give the reason for suspending or withdrawing the case.")})
        if to_status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            case.closed_at = at or now
            update.append("closed_at")
            text = _join(reason, _time_used(_("closed at"), case.closed_at, given=at is not None))
        old = locked.status
        case.status = to_status
        case.status_reason = reason[:200]
        case.version = locked.version + 1
        case._history_user = by
        case.save(update_fields=update)
        record_event(by=by, kind=TimelineKind.STATUS, case=case, text=text, from_status=old, to_status=to_status)
    return case


def _time_used(label: str, at: datetime, *, given: bool) -> str:
    shown = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    if given:
        return f"{label} {shown}"
    return _("%(label)s %(time)s (no time given: the time of recording)") % {"label": label, "time": shown}


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def case_assign(*, case: Case, by, officers, lead_officer=None, due_date: date | None = None) -> Case:
    """Assign (or reassign) the officers working a case, its lead and its due date."""
    officers = list(officers)
    if lead_officer is not None:
        _station_officers(case.station, [lead_officer], field="lead_officer")
        if lead_officer not in officers:
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
        record_event(by=by, kind=TimelineKind.ASSIGNED, case=case, message=message, params=params)
    return case


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
            record_event(by=by, kind=TimelineKind.SERIES, case=member, text=f"{series.name} · {partner.number}")
    return series
