"""Raw records for the statistics tests, written the way the apps write them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.choices import CaseKind, CaseStatus, IncidentCategory, IncidentChannel, OffenseType
from cases.models import Case, Incident

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


def make_case(
    *,
    station,
    registered_at: datetime,
    community=None,
    solved_at: datetime | None = None,
    kind: str = CaseKind.CRIMINAL,
    offense_type: str = OffenseType.THEFT,
) -> Case:
    return Case.objects.create(
        number=f"SC{next(_numbers):07d}",
        station=station,
        community=community,
        kind=kind,
        offense_type=offense_type,
        title="测试案件",
        registered_at=registered_at,
        solved_at=solved_at,
        status=CaseStatus.SOLVED if solved_at else CaseStatus.REGISTERED,
    )


def uncached(fn, *args, **kwargs):
    """`fn(*args, **kwargs)` with the dashboard cache emptied first (a new generation, as after a
    rollup run): for what a request costs when it computes its figures."""
    from stats.cache import bump_generation

    bump_generation()
    return fn(*args, **kwargs)
