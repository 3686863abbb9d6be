"""Case-processing center (执法办案管理中心) records: who was brought in for a case, and where they went."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import TimelineKind, TimelineMessage
from cases.models import Case, CustodyRecord
from cases.services.common import CLOCK_SKEW, record_event
from kit.services import check_fields
from kit.versioning import save_versioned

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
    check_fields(fields, CUSTODY_FIELDS)
    with transaction.atomic():
        record = CustodyRecord(case=case, station_id=case.station_id, recorded_by=by, **fields)
        if not record.person_name and record.person_id:
            record.person_name = record.person.name
        _custody_validate(record)
        record._history_user = by
        record.save()
        record_event(
            by=by,
            kind=TimelineKind.CUSTODY,
            case=case,
            message=TimelineMessage.CUSTODY_IN,
            params={"name": record.person_name},
        )
    return record


def custody_record_update(*, record: CustodyRecord, by, expected_version: int, **fields) -> CustodyRecord:
    check_fields(fields, CUSTODY_FIELDS)
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
            record_event(by=by, kind=TimelineKind.CUSTODY, case=record.case, message=message, params=params)
    return record
