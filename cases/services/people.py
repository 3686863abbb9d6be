"""People in a case: suspects, victims and witnesses, and where they stand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.choices import PersonRole, PersonStatus, TimelineKind
from cases.models import Case, CasePerson
from cases.services.common import record_event


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
        record_event(by=by, kind=TimelineKind.PERSON, case=case, text=f"{person} · {person.get_status_display()}")
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
        record_event(
            by=by, kind=TimelineKind.PERSON, case=person.case, text=f"{person} · {person.get_status_display()}"
        )
    return person


def case_person_remove(*, person: CasePerson, by) -> None:
    with transaction.atomic():
        case = person.case
        text = _("Removed: %(person)s") % {"person": person}
        person._history_user = by
        person.delete()
        record_event(by=by, kind=TimelineKind.PERSON, case=case, text=text)
