"""A data set with the edges that break statistics: midnight and month ends in
Asia/Shanghai (not UTC), a year's turn, records without a community, response
times of exactly a minute, under a minute, negative and over a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.choices import IncidentCategory, IncidentChannel
from tests.factories import CommunityFactory, CommunityPopulationFactory
from tests.stats.factories import local, make_case, make_incident


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


@pytest.fixture
def work_data(station_a, station_b, community_a, community_b, community_officer_a, today):
    """Cases, disputes, follow-ups, the community work log and patrols, with the same edges:
    Shanghai midnight and month ends, a late solve of last year's case, an administrative case,
    a follow-up done just before and just after its due day, one officer in two communities a day."""
    from cases.choices import CaseKind, OffenseType
    from community.choices import ActivityKind
    from mediation.choices import FollowUpStatus
    from tests.community.factories import ActivityFactory, HazardFactory, PatrolFactory, PatrolTeamFactory
    from tests.mediation.factories import make_agreement, make_dispute

    month_first = today.replace(day=1)
    eve = month_first - timedelta(days=1)
    a, b = station_a, station_b
    notable = {
        # registered 00:00 on the first (Shanghai; the eve in UTC), solved the same day
        "current": make_case(
            station=a, community=community_a, registered_at=local(month_first, 0, 0, 0), solved_at=local(month_first, 9)
        ),
        # registered 23:59:59 on the eve, solved on the first: last month's registration
        "across_midnight": make_case(
            station=a,
            community=community_a,
            registered_at=local(eve, 23, 59, 59),
            solved_at=local(month_first, 0, 0, 1),
            offense_type=OffenseType.ROBBERY,
        ),
        "late_solve": make_case(
            station=a,
            community=community_a,
            registered_at=local(today.replace(year=today.year - 1, month=3, day=10), 10),
            solved_at=local(month_first, 15),
        ),
        "open": make_case(station=a, registered_at=local(month_first, 11), offense_type=OffenseType.PICKPOCKETING),
        "administrative": make_case(
            station=a, community=community_a, registered_at=local(month_first, 12), kind=CaseKind.ADMINISTRATIVE
        ),
        "at_b": make_case(
            station=b,
            community=community_b,
            registered_at=local(eve - timedelta(days=3), 8),
            solved_at=local(eve, 22),
            offense_type=OffenseType.SNATCHING,
        ),
    }
    dispute = make_dispute(a, community=community_a, registered_at=local(month_first, 0, 5))
    agreement = make_agreement(dispute, signed_at=local(month_first, 10), follow_up_days=[1, 2])
    on_time, late = agreement.follow_ups.order_by("due_date")
    FollowUp = type(on_time)
    FollowUp.objects.filter(pk=on_time.pk).update(
        status=FollowUpStatus.DONE, done_at=local(on_time.due_date, 23, 59), due_date=on_time.due_date
    )
    FollowUp.objects.filter(pk=late.pk).update(
        status=FollowUpStatus.DONE, done_at=local(late.due_date + timedelta(days=1), 0, 30)
    )
    notable["dispute"] = dispute
    notable["dispute_b"] = make_dispute(b, community=community_b, registered_at=local(eve, 23, 50))
    officer = community_officer_a
    # In service long before these records: days in the community count per week in service.
    type(officer).objects.filter(pk=officer.pk).update(date_joined=local(today - timedelta(days=800), 9))
    for when, community, kind in [
        (local(month_first, 7), community_a, ActivityKind.HOUSEHOLD_VISIT),  # 23:00 the eve in UTC
        (local(month_first, 15), community_a, ActivityKind.PLACE_INSPECTION),
        (local(month_first, 16), None, ActivityKind.LEGAL_CONSULTATION),  # a second community, same day
        (local(eve, 9), community_a, ActivityKind.HELP),
    ]:
        community = community or CommunityFactory(station=a, name="第二社区")
        outcome = "solved" if kind == ActivityKind.HELP else ""
        ActivityFactory(
            station=a, community=community, officer=officer, kind=kind, occurred_at=when, help_outcome=outcome
        )
    ActivityFactory(
        station=a,
        community=community_a,
        officer=officer,
        kind=ActivityKind.PUBLICITY,
        occurred_at=local(eve, 14),
        people_reached=120,
    )
    ActivityFactory(
        station=a,
        community=community_a,
        officer=officer,
        kind=ActivityKind.ANTI_FRAUD_INSTALL,
        occurred_at=local(eve, 14),
        installs=7,
    )
    HazardFactory(station=a, community=community_a, found_on=eve, rectified_on=month_first, status="rectified")
    HazardFactory(station=a, community=community_a, found_on=month_first)
    team = PatrolTeamFactory(station=a)
    PatrolFactory(
        team=team,
        community=community_a,
        started_at=local(month_first, 0, 10),
        ended_at=local(month_first, 2),
        police_count=2,
        volunteer_count=5,
    )
    PatrolFactory(
        team=team,
        community=community_a,
        started_at=local(eve, 20),
        ended_at=local(eve, 22),
        police_count=0,
        volunteer_count=3,
    )
    # Fraud warnings: one received just after midnight on the first and handled by its deadline, one
    # received late on the eve at B, handled after its deadline and cheated after all.
    from tests.antifraud.factories import FraudWarningFactory

    FraudWarningFactory(
        station=a, community=community_a, received_at=local(month_first, 0, 5), warned_at=local(month_first, 0, 1),
        deadline=local(month_first, 2), handled_at=local(month_first, 1, 30), status="handled", outcome="dissuaded",
    )  # fmt: skip
    FraudWarningFactory(
        station=b, community=community_b, received_at=local(eve, 23, 50), warned_at=local(eve, 23),
        deadline=local(eve, 23, 55), handled_at=local(month_first, 0, 20), status="handled", outcome="cheated",
        cheated_after=True, loss_amount=5000,
    )  # fmt: skip
    return notable
