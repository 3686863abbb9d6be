"""What every service of the cases app shares: the clock's grace and the timeline entry."""

from __future__ import annotations

from datetime import timedelta

from cases.choices import TimelineKind, TimelineMessage
from cases.models import Case, TimelineEvent
from kit.versioning import save_versioned

# A few minutes of grace: a phone and a server rarely agree to the second.
CLOCK_SKEW = timedelta(minutes=5)


def record_event(
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
        text = TimelineEvent(message=message, params=params or {}, case=case, incident=incident).display_text
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


def edit_record(record, *, by, expected_version: int, fields: dict, validate) -> list[str]:
    """An edit of an incident's or a case's particulars: set the fields, `validate(record)`, save if
    the stored row is still at `expected_version`, and say on the timeline which fields changed.
    The names of the changed fields, sorted. Runs in the caller's transaction."""
    changed = sorted(name for name, value in fields.items() if getattr(record, name) != value)
    for name, value in fields.items():
        setattr(record, name, value)
    validate(record)
    record._history_user = by
    save_versioned(record, expected_version=expected_version)
    if changed:
        subject = {"case": record} if isinstance(record, Case) else {"incident": record}
        record_event(
            by=by,
            kind=TimelineKind.EDITED,
            message=TimelineMessage.FIELDS_EDITED,
            params={"fields": changed},
            **subject,
        )
    return changed
