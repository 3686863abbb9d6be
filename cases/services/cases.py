"""Cases (案件): registration (立案), particulars, the state machine, assignment and series (串并案)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CASE_TRANSITIONS, CaseKind, CaseStatus, Disposition, TimelineKind
from cases.models import Case, CaseSeries, Incident
from cases.services.common import CLOCK_SKEW, record_event
from cases.services.numbers import CASE_NUMBER, next_number
from kit.services import check_fields
from kit.versioning import save_versioned
from stations.models import person_name

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
        record_event(by=by, kind=TimelineKind.REGISTERED, case=case, text=case.title, to_status=case.status)
        for incident in incidents:
            if not incident.disposition:
                Incident.objects.filter(pk=incident.pk).update(disposition=Disposition.CASE)
            record_event(by=by, kind=TimelineKind.REGISTERED, incident=incident, text=case.number)
    return case


def case_update(*, case: Case, by, expected_version: int, **fields) -> Case:
    """Edit a case's particulars (not its status: that is `case_transition`)."""
    check_fields(fields, CASE_FIELDS)
    with transaction.atomic():
        changed = [name for name, value in fields.items() if getattr(case, name) != value]
        for name, value in fields.items():
            setattr(case, name, value)
        _case_validate(case)
        case._history_user = by
        save_versioned(case, expected_version=expected_version)
        if changed:
            labels = ", ".join(str(Case._meta.get_field(name).verbose_name) for name in sorted(changed))
            record_event(by=by, kind=TimelineKind.EDITED, case=case, text=labels)
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
            from kit.versioning import StaleVersionError

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
        record_event(by=by, kind=TimelineKind.STATUS, case=case, text=reason, from_status=old, to_status=to_status)
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
        names = "、".join(person_name(u) for u in officers)
        text = names
        if due_date is not None:
            text = _("%(names)s · due %(date)s") % {"names": names, "date": due_date.isoformat()}
        record_event(by=by, kind=TimelineKind.ASSIGNED, case=case, text=text)
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
