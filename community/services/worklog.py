"""Writes of the work log and the hazards it finds (隐患: found → due → rectified / overdue)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.choices import ActivityKind, HazardStatus
from community.models import (
    Activity,
    Hazard,
)
from community.services._common import (
    FUTURE_SLACK,
    _assign,
    _check_community,
    _check_in_community,
    _validate,
    _write,
)
from kit.services import check_fields
from stations.choices import ReminderKind
from stations.services import reminder_done, reminder_upsert

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


HAZARD_FIELDS = frozenset({"community", "activity", "place", "standard_address", "officer", "category",
                           "description", "found_on", "due_on"})  # fmt: skip


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
    _check_in_community(hazard, ("standard_address",), errors, _("This address is not in the chosen community."))
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
