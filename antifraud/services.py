"""Every write of the anti-fraud app (README: "How a write flows"): a warning received (by hand, the
API or an import), matched to a resident and routed to the community's officer with a deadline;
its outcome; and the automatic link to a later fraud incident or case whose victim was warned."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antifraud.choices import WarningOutcome, WarningStatus
from antifraud.models import FraudWarning
from kit.personal import normalize_id_number, normalize_phone, parse_id_number, validate_phone
from kit.services import check_fields
from kit.versioning import save_versioned
from stations.choices import ReminderKind, StaffKind, Unit
from stations.models import StaffProfile
from stations.services import reminder_done, reminder_upsert

WARNING_FIELDS = frozenset(
    {"reference", "person_name", "id_number", "phone", "reason", "warned_at", "received_at", "deadline_hours",
     "deadline"}
)  # fmt: skip
WARNING_EDIT_FIELDS = frozenset({"person_name", "reason", "deadline", "officer", "community"})
DEFAULT_DEADLINE_HOURS = 24
MAX_DEADLINE_HOURS = 24 * 14
FUTURE_SLACK = timedelta(minutes=10)
FRAUD_OFFENSES = ("fraud", "telecom_fraud")


def reminder_key(warning: FraudWarning) -> str:
    return f"antifraud:warning:{warning.pk}"


def community_officer(community):
    """The community's officer: the first active police officer or auxiliary of the community squad
    serving it (by their staff profile), or None."""
    if community is None:
        return None
    profile = (
        StaffProfile.objects.filter(
            communities=community,
            unit=Unit.COMMUNITY_SQUAD,
            kind__in=(StaffKind.POLICE, StaffKind.AUXILIARY),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("kind", "pk")
        .first()
    )
    return profile.user if profile else None


def match_resident(*, station, id_number: str, phone: str):
    """The station's resident with this ID number, else the one with this phone (when only one has it)."""
    from community.models import Resident

    residents = Resident.objects.filter(station=station)
    if id_number:
        found = residents.filter(id_number=id_number).select_related("community", "address").first()
        if found is not None:
            return found
    if phone:
        found = list(residents.filter(phone=phone).select_related("community", "address")[:2])
        if len(found) == 1:
            return found[0]
    return None


def check_identity(values: dict, errors: dict) -> None:
    """Normalise and check the ID number (GB 11643 check digit) and phone; one of them is required."""
    values["id_number"] = normalize_id_number(values.get("id_number") or "")
    values["phone"] = normalize_phone(values.get("phone") or "")
    if values["id_number"]:
        try:
            parse_id_number(values["id_number"])
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if values["phone"]:
        try:
            validate_phone(values["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if not values["id_number"] and not values["phone"] and "id_number" not in errors:
        errors["id_number"] = _("Give the warned person's ID number or phone.")


def _deadline(values: dict, errors: dict):
    received = values.get("received_at") or timezone.now()
    values["received_at"] = received
    hours = values.pop("deadline_hours", None)
    deadline = values.get("deadline")
    if deadline is None:
        if hours is None:
            hours = DEFAULT_DEADLINE_HOURS
        if hours < 1 or hours > MAX_DEADLINE_HOURS:
            errors["deadline_hours"] = _("Give the deadline in hours, from 1 to %(max)d.") % {"max": MAX_DEADLINE_HOURS}
            return
        deadline = received + timedelta(hours=hours)
    if deadline <= timezone.now():
        field = "deadline" if "deadline" in values and values["deadline"] is not None else "deadline_hours"
        errors[field] = _("This deadline has already passed (%(at)s): give a later one.") % {
            "at": f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}"
        }
    values["deadline"] = deadline


def prepare_warning(*, station, values: dict) -> tuple[FraudWarning, dict]:
    """A new warning from `values` with its matches filled in, and the errors found (nothing saved)."""
    errors: dict = {}
    values = {k: v for k, v in values.items() if v is not None or k == "deadline_hours"}
    check_identity(values, errors)
    values["reference"] = (values.get("reference") or "").strip()
    values["reason"] = (values.get("reason") or "").strip()
    if not values["reference"]:
        errors["reference"] = _("Give the anti-fraud centre's number of the warning.")
    elif FraudWarning.objects.filter(station=station, reference=values["reference"]).exists():
        errors["reference"] = _("This warning is already recorded.")
    if not values["reason"]:
        errors["reason"] = _("Say why the person is warned.")
    warned_at = values.get("warned_at")
    if warned_at is None:
        errors["warned_at"] = _("Say when the anti-fraud centre issued the warning.")
    elif warned_at > timezone.now() + FUTURE_SLACK:
        errors["warned_at"] = _("A warning cannot be issued in the future.")
    if values.get("received_at") and values["received_at"] > timezone.now() + FUTURE_SLACK:
        errors["received_at"] = _("A warning cannot be received in the future.")
    _deadline(values, errors)
    warning = FraudWarning(station=station, **{k: v for k, v in values.items() if k != "deadline_hours"})
    if not errors:
        resident = match_resident(station=station, id_number=warning.id_number, phone=warning.phone)
        if resident is not None:
            warning.resident = resident
            warning.community = resident.community
            warning.address = resident.address
            warning.person_name = warning.person_name or resident.name
        warning.officer = community_officer(warning.community)
        try:
            warning.full_clean(exclude=["deadline"] if "deadline" in errors else None, validate_unique=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return warning, errors


def _route(warning: FraudWarning) -> None:
    """The warning goes to its officer's queue (the station supervisors' when no officer is known)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Fraud warning to handle: %(who)s") % {"who": warning.person_name or warning.reference}
    reminder_upsert(
        key=reminder_key(warning),
        station_id=warning.station_id,
        kind=ReminderKind.OTHER,
        title=title,
        url=warning.get_absolute_url(),
        assignee=warning.officer,
        due_date=timezone.localdate(warning.deadline),
        priority=5,
    )


def warning_create(*, by, station, **fields) -> FraudWarning:
    """Record a warning from the anti-fraud centre: matched, routed, with its deadline."""
    check_fields(fields, WARNING_FIELDS)
    warning, errors = prepare_warning(station=station, values=fields)
    if errors:
        raise ValidationError(errors)
    warning.created_by = by
    warning._history_user = by
    with transaction.atomic():
        warning.save()
        _route(warning)
    return warning


def warning_update(*, fraudwarning: FraudWarning, by, expected_version: int, **fields) -> FraudWarning:
    """Correct a warning or hand it to another officer of its station."""
    check_fields(fields, WARNING_EDIT_FIELDS)
    warning = fraudwarning
    errors: dict = {}
    old_deadline = warning.deadline
    for name, value in fields.items():
        setattr(warning, name, value)
    if warning.community_id and warning.community.station_id != warning.station_id:
        errors["community"] = _("This community belongs to another station.")
    if warning.officer_id:
        profile = getattr(warning.officer, "staff_profile", None)
        if profile is None or profile.station_id != warning.station_id:
            errors["officer"] = _("The officer must work at the warning's station.")
    if warning.deadline != old_deadline and warning.deadline <= timezone.now():
        errors["deadline"] = _("This deadline has already passed: give a later one.")
    try:
        warning.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    warning._history_user = by
    with transaction.atomic():
        save_versioned(warning, expected_version=expected_version)
        if warning.status == WarningStatus.OPEN:
            reminder_done(key=reminder_key(warning))
            from stations.models import Reminder

            Reminder.objects.filter(key=reminder_key(warning)).delete()
            _route(warning)
    return warning


def warning_handle(
    *, warning: FraudWarning, by, outcome: str, loss_amount=None, note: str = "", handled_at=None
) -> FraudWarning:
    """Record what came of the warning: dissuaded (劝阻), too late, not reachable, or already cheated
    (with the loss)."""
    handled_at = handled_at or timezone.now()
    errors: dict = {}
    if warning.status != WarningStatus.OPEN:
        raise ValidationError({"status": _("This warning has already been handled.")})
    if outcome not in WarningOutcome.values:
        errors["outcome"] = _("Choose what came of the warning.")
    loss = Decimal(loss_amount or 0)
    if loss < 0:
        errors["loss_amount"] = _("The loss cannot be negative.")
    elif outcome == WarningOutcome.ALREADY_CHEATED and loss <= 0:
        errors["loss_amount"] = _("Say how much the person lost.")
    elif outcome != WarningOutcome.ALREADY_CHEATED and loss > 0:
        errors["loss_amount"] = _("A loss is recorded only when the person was already cheated.")
    if handled_at > timezone.now() + FUTURE_SLACK:
        errors["handled_at"] = _("A warning cannot be handled in the future.")
    elif handled_at < warning.received_at - FUTURE_SLACK:
        errors["handled_at"] = _("A warning cannot be handled before it was received.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = FraudWarning.objects.select_for_update().get(pk=warning.pk)
        if locked.status != WarningStatus.OPEN:
            raise ValidationError({"status": _("This warning has already been handled.")})
        warning.status = WarningStatus.HANDLED
        warning.outcome = outcome
        warning.loss_amount = loss
        warning.outcome_note = (note or "")[:300]
        warning.handled_at = handled_at
        warning.handled_by = by
        if outcome == WarningOutcome.ALREADY_CHEATED:
            warning.cheated_after = True
        warning._history_user = by
        save_versioned(warning, expected_version=locked.version)
        reminder_done(key=reminder_key(warning))
    return warning


# --- Automatic links to a later fraud incident or case ----------------------------------


def _warnings_of(*, station_id: int, before, resident_id=None, id_number="", phone=""):
    match = Q(pk__in=[])
    if resident_id:
        match |= Q(resident_id=resident_id)
    if id_number:
        match |= Q(id_number=normalize_id_number(id_number))
    if phone:
        match |= Q(phone=normalize_phone(phone))
    return FraudWarning.objects.filter(match, station_id=station_id, received_at__lte=before)


def link_incident(incident) -> int:
    """A fraud incident reported after a warning, by the warned person: linked, the person counted as
    cheated after the warning. Returns how many warnings it linked."""
    if incident.category != "fraud":
        return 0
    warnings = _warnings_of(
        station_id=incident.station_id,
        before=incident.reported_at,
        resident_id=incident.reporter_resident_id,
        phone=incident.reporter_phone,
    ).filter(victim_incident__isnull=True)
    linked = 0
    for warning in warnings:
        warning.victim_incident = incident
        warning.cheated_after = True
        warning.version += 1  # an edit form opened before the link is refused, not silently overwriting it
        warning.save(update_fields=["victim_incident", "cheated_after", "version"])
        linked += 1
    return linked


def link_case_person(person) -> int:
    """A victim of a fraud case registered after a warning about them: linked likewise."""
    case = person.case
    if person.role != "victim" or case.offense_type not in FRAUD_OFFENSES:
        return 0
    warnings = _warnings_of(
        station_id=case.station_id,
        before=case.registered_at,
        resident_id=person.resident_id,
        id_number=person.id_number,
        phone=person.phone,
    ).filter(victim_case__isnull=True)
    linked = 0
    for warning in warnings:
        warning.victim_case = case
        warning.cheated_after = True
        warning.version += 1
        warning.save(update_fields=["victim_case", "cheated_after", "version"])
        linked += 1
    return linked


def warning_import_create(*, by, station, file_name: str, content: bytes):
    """Store an uploaded list of warnings and queue its import once the upload is committed."""
    from antifraud.models import WarningImport
    from antifraud.tasks import run_warning_import
    from kit.tasks import enqueue_on_commit

    with transaction.atomic():
        job = WarningImport.objects.create(station=station, file_name=file_name[:200], content=content, created_by=by)
        enqueue_on_commit(run_warning_import, job.pk)
    return job
