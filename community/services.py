"""Writes of the community app: registers, the work log, hazards, patrols, police posts.

One signature shape (README, "How a write flows"): `thing_create(*, by, station, **fields)`,
`thing_update(*, thing, by, expected_version, **fields)`, actions `thing_verb(*, thing, by, ...)`.
`fields` are model field names with cleaned values; each service names the ones it accepts
(`ADDRESS_FIELDS`...) and refuses others with a field error. Every write runs in one transaction and
raises ValidationError naming the field for bad input, model constraints included (full_clean).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.choices import ActivityKind, HazardStatus
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    ImportJob,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    TeamMember,
)
from kit.personal import normalize_id_number, normalize_phone, parse_id_number, validate_phone
from kit.services import check_fields
from kit.versioning import save_versioned
from stations.choices import AuditEventType, ReminderKind
from stations.services import audit_record, reminder_done, reminder_upsert

# An entry more than this far in the future is a typo, not a plan.
FUTURE_SLACK = timedelta(minutes=10)


def _assign(instance, fields: dict, m2m_names: tuple[str, ...] = ()) -> dict:
    """Set the plain fields on the instance; return the many-to-many ones, set after the save."""
    m2m = {name: fields.pop(name) for name in m2m_names if name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    return m2m


def _validate(instance, errors: dict, *, validate_unique: bool = True) -> None:
    """The service's own errors plus the model's (field checks, clean, constraints), by field."""
    try:
        instance.full_clean(exclude=[name for name in errors if "__" not in name], validate_unique=validate_unique)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _write(instance, *, by, expected_version: int | None = None, m2m: dict | None = None):
    """Save (a new record, or an existing one at `expected_version`) and set its many-to-many fields."""
    if by is not None:
        instance._history_user = by
    with transaction.atomic():
        if instance._state.adding:
            instance.save()
        else:
            save_versioned(instance, expected_version=expected_version)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def _check_community(instance, errors: dict) -> None:
    community = getattr(instance, "community", None)
    if community is not None and instance.station_id and community.station_id != instance.station_id:
        errors["community"] = _("This community belongs to another station.")


def _check_in_community(instance, names: tuple[str, ...], errors: dict, message) -> None:
    for name in names:
        related = getattr(instance, name, None)
        if related is not None and instance.community_id and related.community_id != instance.community_id:
            errors.setdefault(name, str(message))


def _check_phone(value: str, field: str, errors: dict) -> str:
    phone = normalize_phone(value or "")
    try:
        validate_phone(phone)
    except ValidationError as exc:
        errors[field] = exc.messages
    return phone


# --- Identity -------------------------------------------------------------------


def resolve_identity(*, id_number: str, birth_date: date | None = None, sex: str = "") -> tuple[str, date, str]:
    """The normalised ID number with the birth date and sex it encodes; what was
    typed for them must agree with it."""
    number = normalize_id_number(id_number)
    try:
        facts = parse_id_number(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    errors = {}
    if birth_date and birth_date != facts.birth_date:
        errors["birth_date"] = _("The date of birth %(typed)s contradicts the ID number, which says %(derived)s.") % {
            "typed": birth_date.isoformat(),
            "derived": facts.birth_date.isoformat(),
        }
    if sex and sex != facts.sex:
        errors["sex"] = _("The sex contradicts the ID number (its 17th digit).")
    if errors:
        raise ValidationError(errors)
    return number, facts.birth_date, facts.sex


# --- Registers --------------------------------------------------------------------


ADDRESS_FIELDS = frozenset({"community", "district", "street", "number", "building", "unit", "floor", "room"})


def _address_write(address: Address, *, by, expected_version=None) -> Address:
    errors: dict = {}
    _check_community(address, errors)
    _validate(address, errors)
    return _write(address, by=by, expected_version=expected_version)


def address_create(*, by, station, **fields) -> Address:
    check_fields(fields, ADDRESS_FIELDS)
    return _address_write(Address(station=station, **fields), by=by)


def address_update(*, address: Address, by, expected_version: int, **fields) -> Address:
    check_fields(fields, ADDRESS_FIELDS)
    _assign(address, fields)
    return _address_write(address, by=by, expected_version=expected_version)


def address_get_or_create(*, station, community, by, **parts) -> tuple[Address, bool]:
    """The standard address with exactly these parts in the community, made if missing."""
    parts = {key: (value or "").strip() for key, value in parts.items()}
    existing = Address.objects.filter(station=station, community=community, **parts).first()
    if existing is not None:
        return existing, False
    return address_create(by=by, station=station, community=community, **parts), True


HOUSEHOLD_FIELDS = frozenset({"community", "address", "number", "kind", "head_name", "phone", "notes"})


def _household_write(household: Household, *, by, expected_version=None) -> Household:
    errors: dict = {}
    _check_community(household, errors)
    _check_in_community(household, ("address",), errors, _("The address is not in this community."))
    household.phone = _check_phone(household.phone, "phone", errors)
    _validate(household, errors)
    return _write(household, by=by, expected_version=expected_version)


def household_create(*, by, station, **fields) -> Household:
    check_fields(fields, HOUSEHOLD_FIELDS)
    return _household_write(Household(station=station, **fields), by=by)


def household_update(*, household: Household, by, expected_version: int, **fields) -> Household:
    check_fields(fields, HOUSEHOLD_FIELDS)
    _assign(household, fields)
    return _household_write(household, by=by, expected_version=expected_version)


RESIDENT_FIELDS = frozenset({"community", "name", "id_number", "birth_date", "sex", "phone", "address", "household",
                             "tags", "anti_fraud_app", "notes"})  # fmt: skip


def _resident_write(resident: Resident, *, by, errors: dict, expected_version=None, m2m=None) -> Resident:
    """Check a resident: the ID number, the birth date and sex derived from it (what was typed must
    agree), the phone, and that no second resident has the same ID number."""
    try:
        resident.id_number, resident.birth_date, resident.sex = resolve_identity(
            id_number=resident.id_number, birth_date=resident.birth_date, sex=resident.sex
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    resident.name = (resident.name or "").strip()
    if not resident.name:
        errors["name"] = _("Give the resident's name.")
    resident.phone = _check_phone(resident.phone, "phone", errors)
    _check_community(resident, errors)
    _check_in_community(resident, ("address",), errors, _("The address is not in this community."))
    _check_in_community(resident, ("household",), errors, _("The household is not in this community."))
    if "id_number" not in errors:
        duplicate = Resident.objects.filter(id_number=resident.id_number).exclude(pk=resident.pk).first()
        if duplicate is not None:
            errors["id_number"] = (
                _("A resident with this ID number is already registered (in %(community)s).")
                % {"community": duplicate.community}
                if duplicate.station_id == resident.station_id
                else _("A resident with this ID number is already registered at another station.")
            )
    _validate(resident, errors, validate_unique=False)
    return _write(resident, by=by, expected_version=expected_version, m2m=m2m)


def resident_create(*, by, station, **fields) -> Resident:
    check_fields(fields, RESIDENT_FIELDS)
    resident = Resident(station=station, created_by=by if getattr(by, "pk", None) else None)
    m2m = _assign(resident, fields, ("tags",))
    return _resident_write(resident, by=by, errors={}, m2m=m2m)


def resident_update(*, resident: Resident, by, expected_version: int, **fields) -> Resident:
    """Change a resident; the ID number (and the birth date and sex it encodes) is stored once."""
    check_fields(fields, RESIDENT_FIELDS)
    errors: dict = {}
    if "id_number" in fields and normalize_id_number(fields["id_number"] or "") != resident.id_number:
        errors["id_number"] = _("The ID number is stored once and cannot be changed.")
        fields.pop("id_number")
    m2m = _assign(resident, fields, ("tags",))
    return _resident_write(resident, by=by, errors=errors, expected_version=expected_version, m2m=m2m)


def resident_reveal(*, resident: Resident, by, request=None) -> dict[str, str]:
    """The full ID number and phone of one resident, written to the audit log."""
    if not by.has_perm("community.reveal_resident_identity"):
        raise PermissionError("reveal_resident_identity")
    audit_record(
        event_type=AuditEventType.SENSITIVE_READ,
        user=by,
        obj=resident,
        request=request,
        detail={"fields": ["id_number", "phone"]},
    )
    return {"id_number": resident.id_number, "phone": resident.phone}


PLACE_FIELDS = frozenset({"community", "name", "kind", "address", "credit_code", "contact_name", "contact_phone",
                          "notes"})  # fmt: skip


def _place_write(place: Place, *, by, expected_version=None) -> Place:
    errors: dict = {}
    place.name = (place.name or "").strip()
    _check_community(place, errors)
    _check_in_community(place, ("address",), errors, _("The address is not in this community."))
    place.contact_phone = _check_phone(place.contact_phone, "contact_phone", errors)
    _validate(place, errors)
    return _write(place, by=by, expected_version=expected_version)


def place_create(*, by, station, **fields) -> Place:
    check_fields(fields, PLACE_FIELDS)
    return _place_write(Place(station=station, **fields), by=by)


def place_update(*, place: Place, by, expected_version: int, **fields) -> Place:
    check_fields(fields, PLACE_FIELDS)
    _assign(place, fields)
    return _place_write(place, by=by, expected_version=expected_version)


# --- Work log and hazards -----------------------------------------------------------


KIND_REQUIREMENTS = {
    ActivityKind.PLACE_INSPECTION: ("place", _("Choose the place that was inspected.")),
    ActivityKind.PUBLICITY: ("people_reached", _("How many people were reached?")),
    ActivityKind.HELP: ("help_outcome", _("What came of the help?")),
    ActivityKind.ANTI_FRAUD_INSTALL: ("installs", _("How many apps were installed?")),
}


ACTIVITY_FIELDS = frozenset({"community", "kind", "occurred_at", "summary", "household", "resident", "place",
                             "people_reached", "help_outcome", "installs"})  # fmt: skip


def _activity_errors(activity: Activity) -> dict:
    errors: dict = {}
    _check_community(activity, errors)
    requirement = KIND_REQUIREMENTS.get(activity.kind)
    if requirement is not None:
        field, message = requirement
        if getattr(activity, field) in (None, ""):
            errors[field] = str(message)
    if activity.kind == ActivityKind.ANTI_FRAUD_INSTALL and activity.installs == 0:
        errors["installs"] = _("At least one app.")
    _check_in_community(activity, ("household", "resident", "place"), errors,
                        _("This record is not in the chosen community."))  # fmt: skip
    if activity.occurred_at and activity.occurred_at > timezone.now() + FUTURE_SLACK:
        errors["occurred_at"] = _("The work log records what was done: this time is in the future.")
    if not (activity.summary or "").strip():
        errors["summary"] = _("Say in a few words what was done.")
    return errors


def activity_create(*, by, station, hazards: list[dict] | None = None, **fields) -> Activity:
    """Log one work-log entry by the officer `by`; an inspection may bring the hazards it found
    (dicts of category, description, due_on), created with it in one transaction."""
    check_fields(fields, ACTIVITY_FIELDS)
    activity = Activity(station=station, officer=by, **fields)
    errors = _activity_errors(activity)
    hazards = hazards or []
    if hazards and activity.kind != ActivityKind.PLACE_INSPECTION:
        errors["kind"] = _("Only an inspection records hazards.")
    found_on = timezone.localdate(activity.occurred_at) if activity.occurred_at else timezone.localdate()
    for hazard in hazards:
        due_on = hazard.get("due_on")
        if due_on is not None and due_on < found_on:
            errors["hazard_due_on"] = _("The rectification deadline cannot be before the hazard was found.")
    _validate(activity, errors)
    with transaction.atomic():
        _write(activity, by=by)
        for hazard in hazards:
            hazard_create(
                by=by,
                station=station,
                community=activity.community,
                activity=activity,
                place=activity.place,
                officer=activity.officer,
                category=hazard["category"],
                description=hazard["description"],
                found_on=found_on,
                due_on=hazard.get("due_on"),
            )
    return activity


def activity_update(*, activity: Activity, by, expected_version: int, **fields) -> Activity:
    """Correct a work-log entry."""
    check_fields(fields, ACTIVITY_FIELDS)
    _assign(activity, fields)
    _validate(activity, _activity_errors(activity))
    return _write(activity, by=by, expected_version=expected_version)


def _hazard_key(hazard: Hazard) -> str:
    return f"community.hazard:{hazard.pk}:{hazard.due_on:%Y%m%d}"


def _hazard_remind(hazard: Hazard) -> None:
    if hazard.due_on is None:
        return
    reminder_upsert(
        key=_hazard_key(hazard),
        station_id=hazard.station_id,
        kind=ReminderKind.HAZARD_DUE,
        title=_("Hazard rectification due: %(hazard)s") % {"hazard": hazard.description[:120]},
        url=hazard.get_absolute_url(),
        assignee=hazard.officer,
        due_date=hazard.due_on,
        priority=30,
    )


HAZARD_FIELDS = frozenset({"community", "activity", "place", "officer", "category", "description", "found_on",
                           "due_on"})  # fmt: skip


def _hazard_errors(hazard: Hazard, *, officer_before=None) -> dict:
    errors: dict = {}
    _check_community(hazard, errors)
    if hazard.due_on and hazard.found_on and hazard.due_on < hazard.found_on:
        errors["due_on"] = _("The rectification deadline cannot be before the hazard was found.")
    if hazard.found_on and hazard.found_on > timezone.localdate():
        errors["found_on"] = _("A hazard cannot be found in the future.")
    if not (hazard.description or "").strip():
        errors["description"] = _("Describe the hazard.")
    _check_in_community(hazard, ("place",), errors, _("This place is not in the chosen community."))
    _check_in_community(hazard, ("activity",), errors, _("This record is not in the chosen community."))
    # A newly named officer must work at the station; the one already responsible stays so even if
    # they have since left or moved, until someone else is named.
    if (
        hazard.officer_id
        and hazard.officer_id != officer_before
        and not get_user_model()
        .objects.filter(pk=hazard.officer_id, is_active=True, staff_profile__station_id=hazard.station_id)
        .exists()
    ):
        errors["officer"] = _("Only an officer of this station can be made responsible.")
    return errors


def _hazard_status(hazard: Hazard) -> str:
    if hazard.due_on is None:
        return HazardStatus.FOUND
    return HazardStatus.OVERDUE if hazard.due_on < timezone.localdate() else HazardStatus.DUE


def hazard_create(*, by, station, **fields) -> Hazard:
    """Record a hazard (the acting officer is responsible unless another is named); with a deadline it
    is due for rectification and goes to the officer's queue."""
    check_fields(fields, HAZARD_FIELDS)
    hazard = Hazard(station=station, **fields)
    if hazard.officer_id is None:
        hazard.officer = by
    errors = _hazard_errors(hazard, officer_before=by.pk if hazard.officer == by else None)
    hazard.status = _hazard_status(hazard)
    _validate(hazard, errors)
    with transaction.atomic():
        _write(hazard, by=by)
        _hazard_remind(hazard)
    return hazard


def hazard_update(*, hazard: Hazard, by, expected_version: int, **fields) -> Hazard:
    """Correct a hazard's details; a changed deadline moves its reminder. No officer named: the
    acting officer becomes responsible."""
    check_fields(fields, HAZARD_FIELDS)
    previous_due, officer_before = hazard.due_on, hazard.officer_id
    if "officer" in fields and fields["officer"] is None:
        fields["officer"] = by
    _assign(hazard, fields)
    errors = _hazard_errors(hazard, officer_before=by.pk if hazard.officer_id == by.pk else officer_before)
    if hazard.status != HazardStatus.RECTIFIED:
        hazard.status = _hazard_status(hazard)
    _validate(hazard, errors)
    with transaction.atomic():
        _write(hazard, by=by, expected_version=expected_version)
        if previous_due != hazard.due_on and previous_due is not None:
            reminder_done(key=f"community.hazard:{hazard.pk}:{previous_due:%Y%m%d}")
        if hazard.status != HazardStatus.RECTIFIED:
            _hazard_remind(hazard)
    return hazard


def hazard_rectify(*, hazard: Hazard, by, rectified_on: date, rectification_note: str) -> Hazard:
    """Mark a hazard rectified (整改完成); its reminders are done."""
    if hazard.status == HazardStatus.RECTIFIED:
        raise ValidationError({"rectified_on": _("This hazard is already rectified.")})
    errors = {}
    if rectified_on < hazard.found_on:
        errors["rectified_on"] = _("A hazard cannot be rectified before it was found.")
    if rectified_on > timezone.localdate():
        errors["rectified_on"] = _("The rectification date is in the future.")
    if not (rectification_note or "").strip():
        errors["rectification_note"] = _("Say what was done to rectify it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hazard.status = HazardStatus.RECTIFIED
        hazard.rectified_on = rectified_on
        hazard.rectification_note = rectification_note.strip()
        _write(hazard, by=by, expected_version=hazard.version)
        if hazard.due_on:
            reminder_done(key=_hazard_key(hazard))
        reminder_done(key=f"community.hazard-overdue:{hazard.pk}")
    return hazard


def hazards_mark_overdue(*, today: date | None = None) -> int:
    """Hazards past their deadline become overdue, with a reminder to the station's supervisors.
    Idempotent: a second run the same day changes nothing."""
    today = today or timezone.localdate()
    changed = 0
    for hazard in Hazard.objects.filter(status=HazardStatus.DUE, due_on__lt=today).select_related("officer"):
        with transaction.atomic():
            hazard.status = HazardStatus.OVERDUE
            _write(hazard, by=None, expected_version=hazard.version)
            reminder_upsert(
                key=f"community.hazard-overdue:{hazard.pk}",
                station_id=hazard.station_id,
                kind=ReminderKind.HAZARD_DUE,
                title=_("Hazard overdue for rectification: %(hazard)s") % {"hazard": hazard.description[:120]},
                url=hazard.get_absolute_url(),
                assignee=None,
                due_date=hazard.due_on,
                priority=20,
            )
        changed += 1
    return changed


# --- Patrols and posts ------------------------------------------------------------------


PATROL_TEAM_FIELDS = frozenset({"name", "kind", "communities", "notes"})


def _team_write(team: PatrolTeam, *, by, m2m: dict, expected_version=None) -> PatrolTeam:
    errors: dict = {}
    communities = m2m.get("communities")
    if communities is not None and any(c.station_id != team.station_id for c in communities):
        errors["communities"] = _("A team serves communities of its own station only.")
    _validate(team, errors)
    return _write(team, by=by, expected_version=expected_version, m2m=m2m)


def patrol_team_create(*, by, station, **fields) -> PatrolTeam:
    check_fields(fields, PATROL_TEAM_FIELDS)
    team = PatrolTeam(station=station)
    m2m = _assign(team, fields, ("communities",))
    return _team_write(team, by=by, m2m=m2m)


def patrol_team_update(*, team: PatrolTeam, by, expected_version: int, **fields) -> PatrolTeam:
    check_fields(fields, PATROL_TEAM_FIELDS)
    m2m = _assign(team, fields, ("communities",))
    return _team_write(team, by=by, m2m=m2m, expected_version=expected_version)


TEAM_MEMBER_FIELDS = frozenset({"name", "affiliation", "phone"})


def team_member_add(*, team: PatrolTeam, by, **fields) -> TeamMember:
    check_fields(fields, TEAM_MEMBER_FIELDS)
    errors: dict = {}
    member = TeamMember(team=team, **fields)
    member.name = (member.name or "").strip()
    if not member.name:
        errors["name"] = _("Give the member's name.")
    member.phone = _check_phone(member.phone, "phone", errors)
    _validate(member, errors)
    return _write(member, by=by)


def team_member_leave(*, member: TeamMember, by) -> TeamMember:
    """A member leaves the team; kept (inactive) so past patrols still add up."""
    member.active = False
    if by is not None:
        member._history_user = by
    member.save(update_fields=["active"])
    return member


PATROL_FIELDS = frozenset({"team", "community", "started_at", "ended_at", "area", "police_count", "volunteer_count",
                           "findings"})  # fmt: skip


def _patrol_write(patrol: Patrol, *, by, expected_version=None) -> Patrol:
    errors: dict = {}
    _check_community(patrol, errors)
    if patrol.team_id and patrol.team.station_id != patrol.station_id:
        errors["team"] = _("This team belongs to another station.")
    if patrol.started_at and patrol.ended_at and patrol.ended_at < patrol.started_at:
        errors["ended_at"] = _("A patrol cannot end before it starts.")
    if patrol.started_at and patrol.started_at > timezone.now() + FUTURE_SLACK:
        errors["started_at"] = _("This patrol has not started yet.")
    if patrol.started_at and patrol.ended_at and patrol.ended_at - patrol.started_at > timedelta(hours=24):
        errors["ended_at"] = _("A patrol longer than a day is a typo: check the end time.")
    if (patrol.police_count or 0) + (patrol.volunteer_count or 0) == 0:
        errors["police_count"] = _("Nobody patrolled? Give the head-counts.")
    _validate(patrol, errors)
    return _write(patrol, by=by, expected_version=expected_version)


def patrol_create(*, by, station, **fields) -> Patrol:
    check_fields(fields, PATROL_FIELDS)
    patrol = Patrol(station=station, created_by=by if getattr(by, "pk", None) else None, **fields)
    return _patrol_write(patrol, by=by)


def patrol_update(*, patrol: Patrol, by, expected_version: int, **fields) -> Patrol:
    check_fields(fields, PATROL_FIELDS)
    _assign(patrol, fields)
    return _patrol_write(patrol, by=by, expected_version=expected_version)


POLICE_POST_FIELDS = frozenset({"kind", "name", "community", "location", "latitude", "longitude", "opening_hours",
                                "phone", "officers"})  # fmt: skip


def _post_write(post: PolicePost, *, by, m2m: dict, expected_version=None) -> PolicePost:
    errors: dict = {}
    _check_community(post, errors)
    post.phone = _check_phone(post.phone, "phone", errors)
    for officer in m2m.get("officers") or ():
        profile = getattr(officer, "staff_profile", None)
        if profile is None or profile.station_id != post.station_id:
            errors["officers"] = _("Only officers of this station can be posted here.")
    _validate(post, errors)
    return _write(post, by=by, expected_version=expected_version, m2m=m2m)


def police_post_create(*, by, station, **fields) -> PolicePost:
    check_fields(fields, POLICE_POST_FIELDS)
    post = PolicePost(station=station)
    m2m = _assign(post, fields, ("officers",))
    return _post_write(post, by=by, m2m=m2m)


def police_post_update(*, post: PolicePost, by, expected_version: int, **fields) -> PolicePost:
    check_fields(fields, POLICE_POST_FIELDS)
    m2m = _assign(post, fields, ("officers",))
    return _post_write(post, by=by, m2m=m2m, expected_version=expected_version)


# --- Imports ---------------------------------------------------------------------------


def import_job_create(*, by, station, community, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded register and queue its import once the upload is committed."""
    from community.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            station=station,
            community=community,
            kind=kind,
            file_name=file_name[:200],
            content=content,
            created_by=by,
        )
        transaction.on_commit(lambda: run_import.delay(job.pk))
    return job
