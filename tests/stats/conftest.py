"""A data set with the edges that break statistics: midnight and month ends in
Asia/Shanghai (not UTC), a year's turn, records without a community, response
times of exactly a minute, under a minute, negative and over a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.choices import IncidentCategory, IncidentChannel
from tests.factories import CommunityPopulationFactory
from tests.stats.factories import local, make_incident


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def edge_data(station_a, station_b, community_a, community_b, today):
    """Incidents at stations A and B, mostly within the trailing window; returns a dict of notable ones."""
    month_first = today.replace(day=1)
    eve = month_first - timedelta(days=1)
    last_year = (
        today.replace(year=today.year - 1) if not (today.month == 2 and today.day == 29) else today - timedelta(365)
    )
    for year in (today.year - 1, today.year):
        CommunityPopulationFactory(community=community_a, year=year, population=12000)
        CommunityPopulationFactory(community=community_b, year=year, population=8000)
    notable = {
        # 23:59:59 on the last day of last month, Shanghai time: 15:59:59 UTC the same day.
        "before_midnight": make_incident(
            station=station_a, community=community_a, reported_at=local(eve, 23, 59, 59), response_minutes=10
        ),
        # 00:00:00 on the first of this month, Shanghai: still the previous day in UTC.
        "at_midnight": make_incident(
            station=station_a, community=community_a, reported_at=local(month_first, 0, 0, 0), response_minutes=0
        ),
        "under_a_minute": make_incident(
            station=station_a,
            community=community_a,
            reported_at=local(eve, 8),
            response_minutes=59.5 / 60,
            channel=IncidentChannel.WALK_IN,
        ),
        "arrived_before_report": make_incident(
            station=station_a, community=community_a, reported_at=local(eve, 9), response_minutes=-5
        ),
        "over_a_day": make_incident(
            station=station_a, reported_at=local(eve - timedelta(days=3), 10), response_minutes=3000
        ),
        "no_community": make_incident(station=station_a, reported_at=local(eve - timedelta(days=2), 11)),
        "fraud_b": make_incident(
            station=station_b,
            community=community_b,
            reported_at=local(eve - timedelta(days=5), 14),
            category=IncidentCategory.FRAUD,
            channel=IncidentChannel.PHONE,
            response_minutes=25,
        ),
        "year_turn": make_incident(
            station=station_b, community=community_b, reported_at=local(today.replace(month=1, day=1), 0, 30)
        ),
        "old_year_end": make_incident(
            station=station_b,
            community=community_b,
            reported_at=local(today.replace(year=today.year - 1, month=12, day=31), 23, 30),
            category=IncidentCategory.FRAUD,
        ),
    }
    for n in range(4):
        make_incident(
            station=station_a,
            community=community_a,
            reported_at=local(eve - timedelta(days=n), 15),
            category=IncidentCategory.FRAUD if n % 2 else IncidentCategory.TRAFFIC,
            response_minutes=5 + n,
        )
    # The same days a year earlier, for 同比.
    for n in range(7):
        make_incident(
            station=station_a,
            community=community_a,
            reported_at=local(last_year.replace(day=1) - timedelta(days=1 + n), 12),
            category=IncidentCategory.FRAUD,
            response_minutes=20,
        )
    return notable
