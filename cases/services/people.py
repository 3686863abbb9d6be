"""People in a case: suspects, victims and witnesses, and where they stand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.choices import PersonRole, PersonStatus, TimelineKind, TimelineMessage
from cases.models import Case, CasePerson
from cases.services.common import record_event
from kit.services import check_fields
from kit.versioning import save_versioned

PERSON_FIELDS = frozenset({"role", "name", "status", "id_number", "phone", "resident", "note"})
SUSPECT_ONLY_STATUSES = (PersonStatus.AT_LARGE, PersonStatus.DETAINED, PersonStatus.ARRESTED, PersonStatus.BAILED)


def _person_validate(person: CasePerson) -> None:
    if person.resident_id is not None and person.resident.station_id != person.case.station_id:
        raise ValidationError({"resident": _("This resident belongs to another station.")})
    if person.role != PersonRole.SUSPECT and person.status in SUSPECT_ONLY_STATUSES:
        raise ValidationError({"status": _("Only a suspect can be at large, detained, arrested or on bail.")})
    try:
        person.full_clean(exclude=["version"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _tidy(fields: dict) -> dict:
    tidy = dict(fields)
    for name in ("name", "phone", "note"):
        if name in tidy:
            tidy[name] = (tidy[name] or "").strip()
    if "id_number" in tidy:
        tidy["id_number"] = (tidy["id_number"] or "").strip().upper()
    if "status" in tidy and not tidy["status"]:
        tidy["status"] = PersonStatus.NONE
    return tidy


def case_person_add(*, case: Case, by, **fields) -> CasePerson:
    """Record a suspect, victim or witness in a case (`PERSON_FIELDS`); a resident lends their name."""
    check_fields(fields, PERSON_FIELDS)
    person = CasePerson(case=case, **_tidy(fields))
    if not person.name and person.resident_id is not None:
        person.name = person.resident.name
    _person_validate(person)
    with transaction.atomic():
        person._history_user = by
        person.save()
        record_event(
            by=by, kind=TimelineKind.PERSON, case=case, message=TimelineMessage.PERSON, params=_person_params(person)
        )
    return person


def case_person_update(*, person: CasePerson, by, expected_version: int, **fields) -> CasePerson:
    """Correct a person's particulars, ID number included; every field sent is saved or refused."""
    check_fields(fields, PERSON_FIELDS)
    with transaction.atomic():
        old_status = person.status
        changed = [name for name, value in _tidy(fields).items() if getattr(person, name) != value]
        for name, value in _tidy(fields).items():
            setattr(person, name, value)
        _person_validate(person)
        person._history_user = by
        save_versioned(person, expected_version=expected_version)
        if changed:
            if person.status != old_status:
                message, params = TimelineMessage.PERSON, _person_params(person)
            else:
                message, params = TimelineMessage.PERSON_EDITED, {**_person_params(person), "fields": sorted(changed)}
            record_event(by=by, kind=TimelineKind.PERSON, case=person.case, message=message, params=params)
    return person


def case_person_set_status(*, person: CasePerson, by, status: str, note: str = "") -> CasePerson:
    """A suspect is arrested, released…: the change goes to the case's timeline."""
    if status not in PersonStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if person.role != PersonRole.SUSPECT and status in SUSPECT_ONLY_STATUSES:
        raise ValidationError({"status": _("Only a suspect can be at large, detained, arrested or on bail.")})
    with transaction.atomic():
        person.status = status
        if note:
            person.note = note[:200]
        person.version += 1
        person._history_user = by
        person.save(update_fields=["status", "note", "version"])
        record_event(
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
    """Take a person out of a case (recorded in error); the timeline keeps who it was."""
    with transaction.atomic():
        case = person.case
        params = _person_params(person)
        person._history_user = by
        person.delete()
        record_event(by=by, kind=TimelineKind.PERSON, case=case, message=TimelineMessage.PERSON_REMOVED, params=params)
