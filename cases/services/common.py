"""What every service of the cases app shares: the clock's grace and the timeline entry."""

from __future__ import annotations

from datetime import timedelta

from cases.choices import TimelineKind, TimelineMessage
from cases.models import TimelineEvent

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
