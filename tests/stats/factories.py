"""Raw records for the statistics tests, written the way the apps write them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.choices import IncidentCategory, IncidentChannel
from cases.models import Incident

_numbers = itertools.count(1)


def local(day: date, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    """An aware Asia/Shanghai time on `day`."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


def make_incident(
    *,
    station,
    reported_at: datetime,
    community=None,
    category: str = IncidentCategory.PUBLIC_ORDER,
    channel: str = IncidentChannel.DISPATCH_110,
    response_minutes: float | None = None,
) -> Incident:
    arrived_at = reported_at + timedelta(minutes=response_minutes) if response_minutes is not None else None
    return Incident.objects.create(
        number=f"ST{next(_numbers):07d}",
        station=station,
        community=community,
        category=category,
        channel=channel,
        occurred_at=reported_at,
        reported_at=reported_at,
        arrived_at=arrived_at,
        summary="测试警情",
    )
