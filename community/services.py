"""Writes of the community app: registers, the work log, hazards, patrols, police posts.

Every function takes keyword-only arguments, runs in one transaction and
raises ValidationError naming the field for bad input.
"""

from __future__ import annotations

from datetime import date, timedelta

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
from kit.versioning import save_versioned
from stations.choices import AuditEventType, ReminderKind
from stations.services import audit_record, reminder_done, reminder_upsert

# An entry more than this far in the future is a typo, not a plan.
FUTURE_SLACK = timedelta(minutes=10)


def _save(instance, *, by, expected_version: int | None = None) -> None:
    if by is not None:
        instance._history_user = by
    if instance.pk is not None and expected_version is not None:
        save_versioned(instance, expected_version=expected_version)
    else:
        instance.save()


def _check_community(instance, errors: dict) -> None:
    community = getattr(instance, "community", None)
    if community is not None and instance.station_id and community.station_id != instance.station_id:
        errors["community"] = _("This community belongs to another station.")


def _check_phone(value: str, field: str, errors: dict) -> str:
    phone = normalize_phone(value)
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


def address_save(*, address: Address, by, expected_version: int | None = None) -> Address:
    errors: dict = {}
    _check_community(address, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(address, by=by, expected_version=expected_version)
    return address


def address_get_or_create(*, station_id: int, community, by, **parts) -> tuple[Address, bool]:
    """The standard address with exactly these parts in the community, made if missing."""
    parts = {key: (value or "").strip() for key, value in parts.items()}
    existing = Address.objects.filter(station_id=station_id, community=community, **parts).first()
    if existing is not None:
        return existing, False
    address = Address(station_id=station_id, community=community, **parts)
    address_save(address=address, by=by)
    return address, True


def household_save(*, household: Household, by, expected_version: int | None = None) -> Household:
    errors: dict = {}
    _check_community(household, errors)
    if household.address_id and household.address.community_id != household.community_id:
        errors["address"] = _("The address is not in this community.")
    household.phone = _check_phone(household.phone, "phone", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(household, by=by, expected_version=expected_version)
    return household


def resident_save(*, resident: Resident, by, tags=None, expected_version: int | None = None) -> Resident:
    """Create or change a resident: the ID number is checked, birth date and sex
    derived from it (and must agree with what was typed), the phone checked,
    and a second resident with the same ID number refused."""
    errors: dict = {}
    try:
        resident.id_number, resident.birth_date, resident.sex = resolve_identity(
            id_number=resident.id_number, birth_date=resident.birth_date, sex=resident.sex
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (resident.name or "").strip():
        errors["name"] = _("Give the resident's name.")
    resident.name = (resident.name or "").strip()
    resident.phone = _check_phone(resident.phone, "phone", errors)
    _check_community(resident, errors)
    if resident.address_id and resident.address.community_id != resident.community_id:
        errors["address"] = _("The address is not in this community.")
    if resident.household_id and resident.household.community_id != resident.community_id:
        errors["household"] = _("The household is not in this community.")
    if "id_number" not in errors:
        duplicate = Resident.objects.filter(id_number=resident.id_number).exclude(pk=resident.pk).first()
        if duplicate is not None:
            errors["id_number"] = (
                _("A resident with this ID number is already registered (in %(community)s).")
                % {"community": duplicate.community}
                if duplicate.station_id == resident.station_id
                else _("A resident with this ID number is already registered at another station.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if resident.pk is None and by is not None and resident.created_by_id is None:
            resident.created_by = by
        _save(resident, by=by, expected_version=expected_version)
        if tags is not None:
            resident.tags.set(tags)
    return resident


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


def place_save(*, place: Place, by, expected_version: int | None = None) -> Place:
    errors: dict = {}
    place.name = (place.name or "").strip()
    _check_community(place, errors)
    if place.address_id and place.address.community_id != place.community_id:
        errors["address"] = _("The address is not in this community.")
    place.contact_phone = _check_phone(place.contact_phone, "contact_phone", errors)
    if (
        place.community_id
        and Place.objects.filter(community_id=place.community_id, name=place.name).exclude(pk=place.pk).exists()
    ):
        errors["name"] = _("A place with this name is already registered in this community.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(place, by=by, expected_version=expected_version)
    return place


# --- Work log and hazards -----------------------------------------------------------


KIND_REQUIREMENTS = {
    ActivityKind.PLACE_INSPECTION: ("place", _("Choose the place that was inspected.")),
    ActivityKind.PUBLICITY: ("people_reached", _("How many people were reached?")),
    ActivityKind.HELP: ("help_outcome", _("What came of the help?")),
    ActivityKind.ANTI_FRAUD_INSTALL: ("installs", _("How many apps were installed?")),
}


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
    for field in ("household", "resident", "place"):
        related = getattr(activity, field)
        if related is not None and related.community_id != activity.community_id:
            errors[field] = _("This record is not in the chosen community.")
    if activity.occurred_at and activity.occurred_at > timezone.now() + FUTURE_SLACK:
        errors["occurred_at"] = _("The work log records what was done: this time is in the future.")
    if not (activity.summary or "").strip():
        errors["summary"] = _("Say in a few words what was done.")
    return errors


def activity_save(
    *, activity: Activity, by, hazards: list[dict] | None = None, expected_version: int | None = None
) -> Activity:
    """Log (or correct) one work-log entry; an inspection may bring the hazards it found
    (dicts of category, description, due_on), created with it in one transaction."""
    errors = _activity_errors(activity)
    hazards = hazards or []
    if hazards and activity.kind != ActivityKind.PLACE_INSPECTION:
        errors["kind"] = _("Only an inspection records hazards.")
    found_on = timezone.localdate(activity.occurred_at) if activity.occurred_at else timezone.localdate()
    for hazard in hazards:
        due_on = hazard.get("due_on")
        if due_on is not None and due_on < found_on:
            errors["hazard_due_on"] = _("The rectification deadline cannot be before the hazard was found.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(activity, by=by, expected_version=expected_version)
        for hazard in hazards:
            hazard_create(
                hazard=Hazard(
                    station_id=activity.station_id,
                    community=activity.community,
                    activity=activity,
                    place=activity.place,
                    officer=activity.officer,
                    category=hazard["category"],
                    description=hazard["description"],
                    found_on=found_on,
                    due_on=hazard.get("due_on"),
                ),
                by=by,
            )
    return activity


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


def _hazard_errors(hazard: Hazard) -> dict:
    errors: dict = {}
    _check_community(hazard, errors)
    if hazard.due_on and hazard.found_on and hazard.due_on < hazard.found_on:
        errors["due_on"] = _("The rectification deadline cannot be before the hazard was found.")
    if hazard.found_on and hazard.found_on > timezone.localdate():
        errors["found_on"] = _("A hazard cannot be found in the future.")
    if not (hazard.description or "").strip():
        errors["description"] = _("Describe the hazard.")
    if hazard.place is not None and hazard.place.community_id != hazard.community_id:
        errors["place"] = _("This place is not in the chosen community.")
    return errors


def hazard_create(*, hazard: Hazard, by) -> Hazard:
    """Record a hazard; with a deadline it is due for rectification and goes to the officer's queue."""
    errors = _hazard_errors(hazard)
    if errors:
        raise ValidationError(errors)
    hazard.status = HazardStatus.DUE if hazard.due_on else HazardStatus.FOUND
    if hazard.due_on and hazard.due_on < timezone.localdate():
        hazard.status = HazardStatus.OVERDUE
    with transaction.atomic():
        _save(hazard, by=by)
        _hazard_remind(hazard)
    return hazard


def hazard_update(*, hazard: Hazard, by, expected_version: int | None = None) -> Hazard:
    """Correct a hazard's details; a changed deadline moves its reminder."""
    errors = _hazard_errors(hazard)
    if errors:
        raise ValidationError(errors)
    previous = Hazard.objects.filter(pk=hazard.pk).values_list("due_on", flat=True).first()
    if hazard.status != HazardStatus.RECTIFIED:
        if hazard.due_on is None:
            hazard.status = HazardStatus.FOUND
        else:
            hazard.status = HazardStatus.OVERDUE if hazard.due_on < timezone.localdate() else HazardStatus.DUE
    with transaction.atomic():
        _save(hazard, by=by, expected_version=expected_version)
        if previous != hazard.due_on and previous is not None:
            reminder_done(key=f"community.hazard:{hazard.pk}:{previous:%Y%m%d}")
        if hazard.status != HazardStatus.RECTIFIED:
            _hazard_remind(hazard)
    return hazard


def hazard_rectify(*, hazard: Hazard, by, rectified_on: date, note: str) -> Hazard:
    """Mark a hazard rectified (整改完成); its reminders are done."""
    if hazard.status == HazardStatus.RECTIFIED:
        raise ValidationError({"status": _("This hazard is already rectified.")})
    errors = {}
    if rectified_on < hazard.found_on:
        errors["rectified_on"] = _("A hazard cannot be rectified before it was found.")
    if rectified_on > timezone.localdate():
        errors["rectified_on"] = _("The rectification date is in the future.")
    if not (note or "").strip():
        errors["rectification_note"] = _("Say what was done to rectify it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hazard.status = HazardStatus.RECTIFIED
        hazard.rectified_on = rectified_on
        hazard.rectification_note = note.strip()
        _save(hazard, by=by, expected_version=hazard.version)
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
            _save(hazard, by=None, expected_version=hazard.version)
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


def patrol_team_save(*, team: PatrolTeam, by, communities=None, expected_version: int | None = None) -> PatrolTeam:
    errors: dict = {}
    if communities is not None and any(c.station_id != team.station_id for c in communities):
        errors["communities"] = _("A team serves communities of its own station only.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(team, by=by, expected_version=expected_version)
        if communities is not None:
            team.communities.set(communities)
    return team


def team_member_add(*, team: PatrolTeam, by, name: str, affiliation: str, phone: str = "") -> TeamMember:
    errors: dict = {}
    if not (name or "").strip():
        errors["name"] = _("Give the member's name.")
    phone = _check_phone(phone, "phone", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = TeamMember(team=team, name=name.strip(), affiliation=affiliation, phone=phone)
        _save(member, by=by)
    return member


def team_member_leave(*, member: TeamMember, by) -> TeamMember:
    """A member leaves the team; kept (inactive) so past patrols still add up."""
    with transaction.atomic():
        member.active = False
        _save(member, by=by)
    return member


def patrol_save(*, patrol: Patrol, by, expected_version: int | None = None) -> Patrol:
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
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if patrol.pk is None and patrol.created_by_id is None:
            patrol.created_by = by
        _save(patrol, by=by, expected_version=expected_version)
    return patrol


def police_post_save(*, post: PolicePost, by, officers=None, expected_version: int | None = None) -> PolicePost:
    errors: dict = {}
    _check_community(post, errors)
    post.phone = _check_phone(post.phone, "phone", errors)
    if officers is not None:
        for officer in officers:
            profile = getattr(officer, "staff_profile", None)
            if profile is None or profile.station_id != post.station_id:
                errors["officers"] = _("Only officers of this station can be posted here.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(post, by=by, expected_version=expected_version)
        if officers is not None:
            post.officers.set(officers)
    return post


# --- Imports ---------------------------------------------------------------------------


def import_job_create(*, by, station_id: int, community, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded register and queue its import once the upload is committed."""
    from community.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            station_id=station_id,
            community=community,
            kind=kind,
            file_name=file_name[:200],
            content=content,
            created_by=by,
        )
        transaction.on_commit(lambda: run_import.delay(job.pk))
    return job
