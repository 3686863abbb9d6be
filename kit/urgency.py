"""How close a deadline is, coloured the same way on every list, panel and queue."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

# Due within this many days, or overdue: red. Within YELLOW_WITHIN_DAYS: yellow.
RED_WITHIN_DAYS = 3
YELLOW_WITHIN_DAYS = 7
RED = "red"
YELLOW = "yellow"


def urgency(due: date | None, *, today: date | None = None) -> str:
    """ "red", "yellow" or "" (no deadline, or not yet close)."""
    if due is None:
        return ""
    days_left = (due - (today or timezone.localdate())).days
    if days_left <= RED_WITHIN_DAYS:
        return RED
    if days_left <= YELLOW_WITHIN_DAYS:
        return YELLOW
    return ""


def yellow_horizon(today: date | None = None) -> date:
    """The last due date that is already coloured: everything due by then needs attention."""
    return (today or timezone.localdate()) + timedelta(days=YELLOW_WITHIN_DAYS)
