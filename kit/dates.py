"""Calendar days as officers count them: in the project's time zone (Asia/Shanghai), weeks from Monday."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def local_midnight(day: date) -> datetime:
    """The aware start of `day` in the current time zone: the lower bound of a day's records."""
    return timezone.make_aware(datetime.combine(day, time.min))


def week_start(day: date) -> date:
    """The Monday of the ISO week containing `day`."""
    return day - timedelta(days=day.weekday())
